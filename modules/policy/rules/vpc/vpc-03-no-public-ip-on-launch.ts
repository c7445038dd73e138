import { checkov, fail, fsbp, pass, resourceRule } from '../../dsl';
import { isTrue } from '../../tf-json';

export const rule = resourceRule({
  id: 'HAPI-VPC-03',
  title: 'No subnet assigns public IPs on launch',
  severity: 'error',
  resourceTypes: ['aws_subnet'],
  sources: [fsbp('EC2.15'), checkov('CKV_AWS_130')],
  fix: 'Leave map_public_ip_on_launch false; only the ALB and NAT gateways (which get their own addresses) live in public subnets.',
  check(s) {
    return isTrue(s.values.map_public_ip_on_launch) ? fail('map_public_ip_on_launch = true') : pass('no public IP on launch');
  },
});
