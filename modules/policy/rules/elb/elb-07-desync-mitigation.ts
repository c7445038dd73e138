import { checkov, fail, fsbp, pass, resourceRule } from '../../dsl';

export const rule = resourceRule({
  id: 'HAPI-ELB-07',
  title: 'ALB HTTP desync mitigation is defensive or strictest',
  severity: 'error',
  resourceTypes: ['aws_lb', 'aws_alb'],
  sources: [fsbp('ELB.12'), checkov('CKV_AWS_328')],
  fix: 'Leave desync_mitigation_mode at "defensive" (the default) or set "strictest".',
  check(lb) {
    if ((lb.values.load_balancer_type ?? 'application') !== 'application') return undefined;
    const mode = String(lb.values.desync_mitigation_mode ?? 'defensive');
    return mode === 'defensive' || mode === 'strictest' ? pass(mode) : fail(`desync_mitigation_mode ${mode}`);
  },
});
