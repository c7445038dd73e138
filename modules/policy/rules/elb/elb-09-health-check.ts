import { checkov, fail, pass, resourceRule } from '../../dsl';
import { block, isFalse } from '../../tf-json';

export const rule = resourceRule({
  id: 'HAPI-ELB-09',
  title: 'Target groups define an explicit health check path',
  severity: 'warning',
  resourceTypes: ['aws_lb_target_group', 'aws_alb_target_group'],
  sources: [checkov('CKV_AWS_261')],
  fix: 'Set health_check { enabled = true, path = "/health/", matcher = "200" }.',
  check(tg) {
    const hc = block(tg.values.health_check);
    if (isFalse(hc.enabled)) return fail('health check disabled');
    return hc.path ? pass(`${hc.protocol ?? 'HTTP'} ${hc.path} (${hc.matcher ?? '200'})`) : fail('no health_check.path (defaults to /, which Django may redirect or reject)');
  },
});
