import { at, checkov, cis, fail, fsbp, pass, stackRule } from '../../dsl';
import { block, isFalse, isTrue } from '../../tf-json';

export const rule = stackRule({
  id: 'HAPI-ACCT-04',
  title: 'AWS Config records all resources (with global types) and delivers them',
  severity: 'error',
  resourceTypes: ['aws_config_configuration_recorder', 'aws_config_configuration_recorder_status', 'aws_config_delivery_channel'],
  stackKinds: ['account'],
  sources: [fsbp('Config.1'), cis('3.3'), checkov('CKV2_AWS_45'), checkov('CKV2_AWS_48')],
  fix: 'Add a recorder with recording_group { all_supported = true, include_global_resource_types = true }, a delivery channel and a recorder status with is_enabled = true.',
  check(stack) {
    const rec = stack.resources('aws_config_configuration_recorder')[0];
    if (!rec) return [at(undefined, fail('no aws_config_configuration_recorder'))];
    const rg = block(rec.values.recording_group);
    const problems = [
      isFalse(rg.all_supported) ? 'not all resource types' : '',
      !isTrue(rg.include_global_resource_types) && rg.all_supported !== undefined ? 'global resource types not recorded' : '',
      stack.resources('aws_config_delivery_channel').length ? '' : 'no delivery channel',
      stack.resources('aws_config_configuration_recorder_status').some((s) => isTrue(s.values.is_enabled)) ? '' : 'recorder not started (no recorder status with is_enabled)',
    ].filter(Boolean);
    return [at(rec.address, problems.length ? fail(problems.join('; ')) : pass('all resources, delivered, recording'))];
  },
});
