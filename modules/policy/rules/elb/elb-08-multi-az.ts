import { fail, fsbp, pass, resourceRule, seed } from '../../dsl';
import { blocks, list } from '../../tf-json';

export const rule = resourceRule({
  id: 'HAPI-ELB-08',
  title: 'Load balancers span at least two availability zones',
  severity: 'error',
  resourceTypes: ['aws_lb', 'aws_alb'],
  sources: [fsbp('ELB.13'), seed('Multi-AZ deployment')],
  fix: 'Give the load balancer one public subnet per AZ (>= 2).',
  check(lb, stack) {
    const subnets = [...list(lb.values.subnets), ...blocks(lb.values.subnet_mapping).map((m) => m.subnet_id)];
    const resolved = stack.resolveAll(subnets).filter((r) => r.type === 'aws_subnet');
    const n = resolved.length ? new Set(resolved.map((s) => String(s.values.availability_zone ?? s.address))).size : subnets.length;
    return n >= 2 ? pass(`${n} AZs`) : fail(`${n} AZ(s)`);
  },
});
