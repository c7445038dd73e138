import { at, checkov, cis, fail, fsbp, pass, stackRule } from '../../dsl';
import { blocks } from '../../tf-json';

export const rule = stackRule({
  id: 'HAPI-VPC-02',
  title: 'Every VPC\'s default security group is managed and has no rules',
  severity: 'error',
  resourceTypes: ['aws_vpc', 'aws_default_security_group'],
  sources: [fsbp('EC2.2'), cis('5.4'), checkov('CKV2_AWS_12')],
  fix: 'Add an aws_default_security_group for the VPC with no ingress and no egress blocks.',
  check(stack) {
    return stack.resources('aws_vpc').map((vpc) => {
      const dsg = stack.referencing(vpc.address, ['aws_default_security_group'], 'vpc_id')[0];
      if (!dsg) return at(vpc.address, fail('default security group not managed: it keeps AWS\'s allow-all-within-group rules'));
      const rules = blocks(dsg.values.ingress).length + blocks(dsg.values.egress).length;
      return at(dsg.address, rules ? fail(`${rules} rules on the default group`) : pass('no rules'));
    });
  },
});
