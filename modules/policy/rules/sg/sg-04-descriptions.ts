import { at, checkov, fail, pass, stackRule } from '../../dsl';

export const rule = stackRule({
  id: 'HAPI-SG-04',
  title: 'Every security group and rule has a description',
  severity: 'warning',
  resourceTypes: ['aws_security_group', 'aws_security_group_rule', 'aws_vpc_security_group_ingress_rule', 'aws_vpc_security_group_egress_rule'],
  sources: [checkov('CKV_AWS_23')],
  fix: 'Set description on the group and on every rule: reviewers read them in plans.',
  check(stack) {
    const out = stack.resources('aws_security_group').map((g) => at(g.address, g.values.description ? pass('group described') : fail('group has no description')));
    const seen = new Set<string>();
    for (const r of stack.securityGroupRules()) {
      if (r.description) continue;
      const key = `${r.address}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(at(r.address, fail(`${r.direction} rule ${r.protocol} ${r.fromPort}-${r.toPort} has no description`)));
    }
    return out;
  },
});
