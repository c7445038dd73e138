import { at, checkov, fail, pass, seed, stackRule } from '../../dsl';

export const rule = stackRule({
  id: 'HAPI-SG-02',
  title: 'No ingress rule allows all protocols or all ports',
  severity: 'error',
  resourceTypes: ['aws_security_group', 'aws_security_group_rule', 'aws_vpc_security_group_ingress_rule'],
  sources: [seed('Security groups follow least privilege'), checkov('CKV_AWS_277')],
  fix: 'Allow exactly the port the service listens on (e.g. 8000 from the ALB group, 5432 from the app group).',
  check(stack) {
    const rules = stack.securityGroupRules().filter((r) => r.direction === 'ingress');
    return rules.map((r) => {
      const wide = r.protocol === '-1' || r.protocol === 'all' || (r.fromPort <= 0 && r.toPort >= 65535);
      return at(r.address, wide ? fail(`${r.protocol} ${r.fromPort}-${r.toPort}: all ports`) : pass(`${r.protocol} ${r.fromPort}-${r.toPort}`));
    });
  },
});
