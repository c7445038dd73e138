import { at, fail, pass, seed, stackRule } from '../../dsl';

export const rule = stackRule({
  id: 'HAPI-VPC-04',
  title: 'Each availability zone with private subnets has its own NAT gateway',
  severity: 'warning',
  resourceTypes: ['aws_nat_gateway', 'aws_subnet'],
  stackKinds: ['environment'],
  sources: [seed('Multi-AZ deployment for RDS (and the service)')],
  relaxedBy: ['singleNatGateway'],
  fix: 'Create one NAT gateway per AZ (remove relaxations.singleNatGateway).',
  check(stack) {
    const nats = stack.resources('aws_nat_gateway');
    if (nats.length === 0) return [];
    const azs = new Set(stack.resources('aws_subnet').map((s) => String(s.values.availability_zone ?? s.values.availability_zone_id ?? '')).filter(Boolean));
    return [at(undefined, nats.length >= azs.size ? pass(`${nats.length} NAT gateways for ${azs.size} AZs`) : fail(`${nats.length} NAT gateway(s) for ${azs.size} AZs: egress fails with that AZ`))];
  },
});
