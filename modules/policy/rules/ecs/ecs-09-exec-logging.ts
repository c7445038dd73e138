import { checkov, fail, pass, resourceRule } from '../../dsl';
import { block, isTrue } from '../../tf-json';

export const rule = resourceRule({
  id: 'HAPI-ECS-09',
  title: 'When ECS Exec is on, the cluster logs sessions to an encrypted log group',
  severity: 'error',
  resourceTypes: ['aws_ecs_cluster'],
  sources: [checkov('CKV_AWS_223'), checkov('CKV_AWS_224')],
  fix: 'Set configuration.execute_command_configuration { logging = "OVERRIDE", kms_key_id, log_configuration { cloud_watch_log_group_name, cloud_watch_encryption_enabled = true } }.',
  check(cluster, stack) {
    const exec = block(block(cluster.values.configuration).execute_command_configuration);
    const used = stack.resources('aws_ecs_service').some((s) => isTrue(s.values.enable_execute_command) && stack.refersTo(s.values.cluster, cluster.address));
    if (exec.logging === 'NONE') return fail('execute_command_configuration.logging = NONE');
    if (!used) return pass('ECS Exec not used by any service');
    const lc = block(exec.log_configuration);
    return exec.logging === 'OVERRIDE' && lc.cloud_watch_log_group_name && isTrue(lc.cloud_watch_encryption_enabled) && exec.kms_key_id
      ? pass(`sessions logged to ${lc.cloud_watch_log_group_name}`)
      : fail('ECS Exec is on but sessions are not logged to an encrypted log group with a customer-managed key (kms_key_id)');
  },
});
