import { fail, fsbp, pass, resourceRule, seed } from '../../dsl';
import { block, list } from '../../tf-json';

export const rule = resourceRule({
  id: 'HAPI-ECS-10',
  title: 'ECS services spread over at least two AZs (production: at least two tasks)',
  severity: 'error',
  resourceTypes: ['aws_ecs_service'],
  sources: [seed('Multi-AZ deployment'), fsbp('ELB.13')],
  fix: 'Give the service one private app subnet per AZ (>= 2); in production run desired_count >= 2.',
  check(svc, stack) {
    const subnets = list(block(svc.values.network_configuration).subnets);
    const resolved = stack.resolveAll(subnets).filter((r) => r.type === 'aws_subnet');
    const count = resolved.length ? new Set(resolved.map((s) => String(s.values.availability_zone ?? s.address))).size : subnets.length;
    const problems: string[] = [];
    if (count < 2) problems.push(`${count} AZ(s)`);
    const desired = Number(svc.values.desired_count ?? 1);
    if (stack.target.production && desired < 2) problems.push(`desired_count ${desired} in production`);
    return problems.length ? fail(problems.join('; ')) : pass(`${count} AZs, desired_count ${desired}`);
  },
});
