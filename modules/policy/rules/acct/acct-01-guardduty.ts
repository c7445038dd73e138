import { at, checkov, fail, fsbp, pass, seed, stackRule } from '../../dsl';
import { isFalse } from '../../tf-json';

export const rule = stackRule({
  id: 'HAPI-ACCT-01',
  title: 'GuardDuty is enabled in the account',
  severity: 'error',
  resourceTypes: ['aws_guardduty_detector'],
  stackKinds: ['account'],
  sources: [seed('Enable GuardDuty (Security Monitoring)'), fsbp('GuardDuty.1'), checkov('CKV2_AWS_3')],
  notes: 'checkov CKV2_AWS_3 also demands an aws_guardduty_organization_configuration, which a single-account baseline cannot have; this rule checks the detector only.',
  fix: 'Add an aws_guardduty_detector with enable = true.',
  check(stack) {
    const d = stack.resources('aws_guardduty_detector')[0];
    if (!d) return [at(undefined, fail('no aws_guardduty_detector'))];
    return [at(d.address, isFalse(d.values.enable) ? fail('enable = false') : pass('detector enabled'))];
  },
});
