import { at, fail, pass, seed, stackRule } from '../../dsl';
import { block } from '../../tf-json';

export const rule = stackRule({
  id: 'HAPI-SG-06',
  title: 'Service security groups accept traffic only from load balancer security groups',
  severity: 'error',
  resourceTypes: ['aws_ecs_service', 'aws_security_group'],
  sources: [seed('Security groups follow least privilege: ECS SG allows 8000 from ALB SG only')],
  fix: 'Allow the container port from the ALB security group only.',
  check(stack) {
    const lbGroups = stack.loadBalancerGroups();
    const out = [];
    for (const svc of stack.resources('aws_ecs_service')) {
      const groups = stack.resolveAll(block(svc.values.network_configuration).security_groups).filter((r) => r.type === 'aws_security_group');
      for (const g of groups) {
        const rules = stack.securityGroupRules().filter((r) => r.direction === 'ingress' && r.group === g.address);
        const bad = rules.filter((r) => r.cidrs.length > 0 || r.groups.length === 0 || r.groups.some((x) => !lbGroups.has(stack.resolve(x)?.address ?? '')));
        out.push(at(g.address, bad.length ? fail(bad.map((r) => `${r.address}: from ${[...r.cidrs, ...r.groups].join(', ') || 'nothing'}`).join('; ')) : pass(`${rules.length} rule(s), all from load balancer groups`)));
      }
    }
    return out;
  },
});
