import { App } from 'cdktf';
import { EnvironmentStack } from '../../modules/stacks/environment-stack';
import { devInput, prodInput, resolveInputs } from '../support/fixtures';
import { environmentStackNames } from '../support/environments';
import { SynthesizedStack, synthEnvironments, tmpOutdir, committedStacks } from '../support/synth';

const networkAddresses = (s: SynthesizedStack) => s.addresses().filter((a) => /\.network_/.test(a)).sort();
const networkJson = (s: SynthesizedStack) =>
  JSON.stringify(
    Object.fromEntries(
      Object.entries(s.json.resource ?? {}).map(([type, byName]) => [type, Object.fromEntries(Object.entries(byName).filter(([n]) => n.startsWith('network_')))]),
    ),
  );

describe('the network layer in the committed environments', () => {
  const stacks = committedStacks();
  const prod = stacks.get('helloapi-prod')!;
  const dev = stacks.get('helloapi-dev')!;

  it('pins readable, stable addresses (prod: 3 AZs, NAT per AZ, endpoints)', () => {
    const letters = ['a', 'b', 'c'];
    const perAz = (f: (l: string) => string) => letters.map(f);
    expect(networkAddresses(prod)).toEqual(
      [
        'aws_vpc.network_vpc',
        'aws_internet_gateway.network_igw',
        'aws_default_security_group.network_default_security_group',
        ...perAz((l) => `aws_subnet.network_public_${l}`),
        ...perAz((l) => `aws_subnet.network_private_app_${l}`),
        ...perAz((l) => `aws_subnet.network_data_${l}`),
        ...perAz((l) => `aws_eip.network_nat_eip_${l}`),
        ...perAz((l) => `aws_nat_gateway.network_nat_${l}`),
        'aws_route_table.network_public_rt',
        'aws_route.network_public_internet_route',
        ...perAz((l) => `aws_route_table.network_private_app_rt_${l}`),
        ...perAz((l) => `aws_route.network_private_app_nat_route_${l}`),
        'aws_route_table.network_data_rt',
        ...['public', 'private_app', 'data'].flatMap((t) => perAz((l) => `aws_route_table_association.network_${t}_${l}_rta`)),
        ...['alb', 'app', 'db', 'endpoint'].map((g) => `aws_security_group.network_${g}_sg`),
        // Behind CloudFront the network layer opens the ALB to nothing: its only ingress is the edge layer's (issue 17).
        'aws_vpc_security_group_ingress_rule.network_app_ingress_alb',
        'aws_vpc_security_group_ingress_rule.network_db_ingress_app',
        'aws_vpc_security_group_ingress_rule.network_endpoint_ingress_app',
        'aws_vpc_security_group_egress_rule.network_alb_egress_app',
        'aws_vpc_security_group_egress_rule.network_app_egress_db',
        'aws_vpc_security_group_egress_rule.network_app_egress_https',
        ...['s3', 'ecr_api', 'ecr_dkr', 'logs', 'secretsmanager', 'kms', 'sts'].map((e) => `aws_vpc_endpoint.network_endpoint_${e}`),
        'aws_kms_key.network_flow_logs_kms_key',
        'aws_kms_alias.network_flow_logs_kms_alias',
        'aws_cloudwatch_log_group.network_flow_logs',
        'aws_iam_role.network_flow_logs_role',
        'aws_iam_role_policy.network_flow_logs_role_policy',
        'aws_flow_log.network_flow_log',
      ].sort(),
    );
    expect(prod.resource('aws_subnet', 'network_private_app_a')).toMatchObject({ availability_zone: 'us-east-1a', cidr_block: '10.30.48.0/20' });
  });

  it('behind CloudFront no CIDR reaches the ALB group: its one ingress is HTTPS from CloudFront\'s origin-facing prefix list (issue 17)', () => {
    const albIngress = (s: SynthesizedStack) =>
      Object.entries(s.resources('aws_vpc_security_group_ingress_rule') as Record<string, Record<string, any>>).filter(([, r]) => r.security_group_id === '${aws_security_group.network_alb_sg.id}');
    // Blue/green (prod's default) adds the test listener's one rule: its own port, from the VPC's CIDR only.
    expect(albIngress(prod).map(([n, r]) => [n, r.from_port, r.prefix_list_id, r.cidr_ipv4])).toEqual([
      ['edge_alb_ingress_cloudfront', 443, 'pl-3b927c52', undefined],
      ['edge_alb_ingress_test_vpc', 8443, undefined, prod.resource('aws_vpc', 'network_vpc').cidr_block],
    ]);
    // Without CloudFront (dev) the ALB stays internet-facing: 443 and 80 from anywhere.
    expect(albIngress(dev).map(([n, r]) => [n, r.cidr_ipv4]).sort()).toEqual([
      ['network_alb_ingress_http', '0.0.0.0/0'],
      ['network_alb_ingress_https', '0.0.0.0/0'],
    ]);
  });

  it('prod keeps the secure defaults: NAT per AZ, endpoints, 365-day flow logs, undeletable key', () => {
    expect(prod.count('aws_nat_gateway')).toBe(3);
    expect(prod.count('aws_vpc_endpoint')).toBe(7);
    expect(prod.resource('aws_cloudwatch_log_group', 'network_flow_logs')).toMatchObject({ name: '/vpc/helloapi-prod/flow-logs', retention_in_days: 365 });
    expect(prod.resource('aws_kms_key', 'network_flow_logs_kms_key').lifecycle.prevent_destroy).toBe(true);
    expect(prod.resource('aws_vpc', 'network_vpc').cidr_block).toBe('10.30.0.0/16');
  });

  it('dev applies its relaxations: one NAT, 2 AZs, 30-day flow logs, destroyable key', () => {
    expect(Object.keys(dev.resources('aws_nat_gateway'))).toEqual(['network_nat_a']);
    expect(dev.count('aws_subnet')).toBe(6);
    expect(dev.resource('aws_route', 'network_private_app_nat_route_b').nat_gateway_id).toBe('${aws_nat_gateway.network_nat_a.id}');
    expect(dev.resource('aws_cloudwatch_log_group', 'network_flow_logs').retention_in_days).toBe(30);
    expect(dev.resource('aws_kms_key', 'network_flow_logs_kms_key').lifecycle.prevent_destroy).toBe(false);
  });

  it('synthesizes the same network twice (no hashes, no ordering drift)', () => {
    const again = synthEnvironments();
    for (const name of environmentStackNames()) {
      expect(networkJson(again.get(name)!)).toBe(networkJson(stacks.get(name)!));
    }
  });
});

describe('EnvironmentStack wiring', () => {
  it('exposes the layer as stack.network with typed outputs', () => {
    const [config] = resolveInputs(prodInput());
    const stack = new EnvironmentStack(new App({ outdir: tmpOutdir() }), config, { offline: true });
    expect(stack.network.outputs.availabilityZones).toEqual(['us-east-1a', 'us-east-1b', 'us-east-1c']);
    expect(stack.network.outputs.vpcCidr).toBe('10.30.0.0/16');
    expect(stack.network.outputs.appSubnetIds).toHaveLength(3);
    expect(stack.network.containerPort).toBe(8000);
  });

  it('turns endpoints off with relaxations.noVpcEndpoints and follows compute.containerPort', () => {
    const [config] = resolveInputs(
      devInput({
        compute: { cpu: 256, memory: 512, desiredCount: 1, containerPort: 8080, image: { tag: 'v1.0.0' } },
        relaxations: { noVpcEndpoints: { reason: 'Dev reaches AWS APIs through its NAT gateway.' } },
      }),
    );
    const s = synthEnvironments([config]).get('helloapi-dev')!;
    expect(s.count('aws_vpc_endpoint')).toBe(0);
    expect(s.resource('aws_vpc_security_group_ingress_rule', 'network_app_ingress_alb')).toMatchObject({ from_port: 8080, to_port: 8080 });
    expect(s.count('aws_nat_gateway')).toBe(2);
  });
});
