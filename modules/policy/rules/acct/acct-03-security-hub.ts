import { at, fail, fsbp, pass, seed, stackRule } from '../../dsl';

export const rule = stackRule({
  id: 'HAPI-ACCT-03',
  title: 'Security Hub is enabled with the FSBP and CIS standards',
  severity: 'error',
  resourceTypes: ['aws_securityhub_account', 'aws_securityhub_standards_subscription'],
  stackKinds: ['account'],
  sources: [seed('Enable AWS Security Hub (Security Monitoring)'), fsbp('SecurityHub.1')],
  fix: 'Add aws_securityhub_account and aws_securityhub_standards_subscription for aws-foundational-security-best-practices and cis-aws-foundations-benchmark.',
  check(stack) {
    const hub = stack.resources('aws_securityhub_account')[0];
    if (!hub) return [at(undefined, fail('no aws_securityhub_account'))];
    const arns = stack.resources('aws_securityhub_standards_subscription').map((s) => String(s.values.standards_arn));
    const missing = [
      arns.some((a) => a.includes('aws-foundational-security-best-practices')) ? '' : 'FSBP',
      arns.some((a) => a.includes('cis-aws-foundations-benchmark')) ? '' : 'CIS',
    ].filter(Boolean);
    return [at(hub.address, missing.length ? fail(`not subscribed: ${missing.join(', ')}`) : pass(`${arns.length} standards`))];
  },
});
