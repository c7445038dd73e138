import { checkov, fail, fsbp, pass, resourceRule } from '../../dsl';

export const rule = resourceRule({
  id: 'HAPI-ELB-03',
  title: 'HTTPS listeners use a TLS 1.2+ security policy (TLS 1.3 preferred)',
  severity: 'error',
  resourceTypes: ['aws_lb_listener', 'aws_alb_listener'],
  sources: [fsbp('ELB.17'), checkov('CKV_AWS_103'), checkov('CKV2_AWS_74')],
  fix: 'Set ssl_policy = "ELBSecurityPolicy-TLS13-1-2-2021-06" (or a TLS13-1-3 policy).',
  check(l) {
    if (l.values.protocol !== 'HTTPS' && l.values.protocol !== 'TLS') return undefined;
    const policy = String(l.values.ssl_policy ?? 'ELBSecurityPolicy-2016-08 (default)');
    const ok = /TLS13|TLS-1-2|FS-1-2/.test(policy) && !/TLS-1-0|TLS-1-1|2016-08|2015|2014/.test(policy);
    return ok ? pass(policy) : fail(`${policy} allows TLS < 1.2 or weak ciphers`);
  },
});
