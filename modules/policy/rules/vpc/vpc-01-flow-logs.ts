import { at, checkov, cis, fail, fsbp, pass, seed, stackRule } from '../../dsl';

export const rule = stackRule({
  id: 'HAPI-VPC-01',
  title: 'Every VPC has flow logs for ALL traffic',
  severity: 'error',
  resourceTypes: ['aws_vpc', 'aws_flow_log'],
  sources: [seed('Enable VPC Flow Logs (Priority 5)'), fsbp('EC2.6'), cis('3.7'), checkov('CKV2_AWS_11')],
  fix: 'Add an aws_flow_log with vpc_id = the VPC, traffic_type = "ALL" and a destination (KMS-encrypted log group).',
  check(stack) {
    return stack.resources('aws_vpc').map((vpc) => {
      const logs = stack.referencing(vpc.address, ['aws_flow_log'], 'vpc_id');
      const all = logs.find((l) => l.values.traffic_type === 'ALL');
      if (all) return at(vpc.address, pass(`${all.address}: ALL traffic`));
      return at(vpc.address, fail(logs.length ? `flow logs capture ${logs.map((l) => l.values.traffic_type).join(', ')} only` : 'no aws_flow_log references the VPC'));
    });
  },
});
