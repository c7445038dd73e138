import { at, checkov, fail, pass, seed, stackRule } from '../../dsl';
import { WORLD } from '../../tf-json';

export const rule = stackRule({
  id: 'HAPI-SG-03',
  title: 'No egress rule allows all traffic to the internet',
  severity: 'error',
  resourceTypes: ['aws_security_group', 'aws_security_group_rule', 'aws_vpc_security_group_egress_rule'],
  sources: [seed('Security groups follow least privilege'), checkov('CKV_AWS_382')],
  fix: 'Restrict egress to the ports each tier needs (443 for AWS APIs, the app port to the app group, 5432 to the database group).',
  check(stack) {
    return stack
      .securityGroupRules()
      .filter((r) => r.direction === 'egress')
      .map((r) => {
        const all = r.protocol === '-1' || r.protocol === 'all' || (r.fromPort <= 0 && r.toPort >= 65535);
        const open = r.cidrs.some((c) => WORLD.has(c));
        return at(r.address, all && open ? fail(`all traffic to ${r.cidrs.join(', ')}`) : pass(`${r.protocol} ${r.fromPort}-${r.toPort}`));
      });
  },
});
