import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { PropsError } from '../../modules/core/problems';
import { networkPropsProblems, planSubnets } from '../../modules/network';
import { AZ2, AZ3, BASE, groupOf, propsError, propsErrorObject, ruleLines, synthNetwork } from './helpers';

const LETTERS = ['a', 'b', 'c'];
const ref = (type: string, name: string, attr = 'id') => `\${${type}.${name}.${attr}}`;

describe.each([
  ['2 AZs, NAT per AZ', AZ2, 'per-az' as const],
  ['2 AZs, single NAT', AZ2, 'single' as const],
  ['3 AZs, NAT per AZ', AZ3, 'per-az' as const],
  ['3 AZs, single NAT', AZ3, 'single' as const],
])('network layer with %s', (_label, azs, natGateways) => {
  const { stack } = synthNetwork({ availabilityZones: azs, natGateways, cidr: '10.0.0.0/16' });
  const letters = LETTERS.slice(0, azs.length);

  it('creates a VPC with DNS support and hostnames from the CIDR', () => {
    expect(stack.count('aws_vpc')).toBe(1);
    expect(stack.resource('aws_vpc', 'network_vpc')).toMatchObject({ cidr_block: '10.0.0.0/16', enable_dns_support: true, enable_dns_hostnames: true });
  });

  it('carves public, private app and data subnets per AZ exactly as planSubnets does', () => {
    const plan = planSubnets('10.0.0.0/16', azs.length);
    if (!plan.ok) throw new Error(plan.error);
    const subnets = stack.resources<any>('aws_subnet');
    expect(Object.keys(subnets).sort()).toEqual(
      ['public', 'private_app', 'data'].flatMap((t) => letters.map((l) => `network_${t}_${l}`)).sort(),
    );
    for (const p of plan.subnets) {
      const s = subnets[`network_${p.tier}_${LETTERS[p.azIndex]}`];
      expect(s.cidr_block).toBe(p.cidr);
      expect(s.availability_zone).toBe(azs[p.azIndex]);
      expect(s.vpc_id).toBe(ref('aws_vpc', 'network_vpc'));
    }
  });

  it('never maps public IPs on launch', () => {
    const subnets = Object.values(stack.resources<any>('aws_subnet'));
    expect(subnets.length).toBe(3 * azs.length);
    for (const s of subnets) expect(s.map_public_ip_on_launch).toBe(false);
  });

  it('routes the public tier to the internet gateway', () => {
    const routes = stack.resources<any>('aws_route');
    const viaIgw = Object.entries(routes).filter(([, r]) => r.gateway_id !== undefined);
    expect(viaIgw).toEqual([
      ['network_public_internet_route', expect.objectContaining({ route_table_id: ref('aws_route_table', 'network_public_rt'), destination_cidr_block: '0.0.0.0/0', gateway_id: ref('aws_internet_gateway', 'network_igw') })],
    ]);
    for (const l of letters) {
      expect(stack.resource('aws_route_table_association', `network_public_${l}_rta`)).toMatchObject({
        subnet_id: ref('aws_subnet', `network_public_${l}`),
        route_table_id: ref('aws_route_table', 'network_public_rt'),
      });
    }
  });

  it(`puts ${natGateways === 'single' ? 'one NAT gateway in the first AZ' : 'one NAT gateway in each AZ'} and routes each app AZ through it`, () => {
    const natLetters = natGateways === 'single' ? ['a'] : letters;
    expect(Object.keys(stack.resources('aws_nat_gateway')).sort()).toEqual(natLetters.map((l) => `network_nat_${l}`));
    expect(Object.keys(stack.resources('aws_eip')).sort()).toEqual(natLetters.map((l) => `network_nat_eip_${l}`));
    for (const l of natLetters) {
      expect(stack.resource('aws_nat_gateway', `network_nat_${l}`)).toMatchObject({
        subnet_id: ref('aws_subnet', `network_public_${l}`),
        allocation_id: ref('aws_eip', `network_nat_eip_${l}`, 'allocation_id'),
        connectivity_type: 'public',
      });
      expect(stack.resource('aws_eip', `network_nat_eip_${l}`).domain).toBe('vpc');
    }
    for (const l of letters) {
      const nat = natGateways === 'single' ? 'a' : l;
      expect(stack.resource('aws_route', `network_private_app_nat_route_${l}`)).toMatchObject({
        route_table_id: ref('aws_route_table', `network_private_app_rt_${l}`),
        destination_cidr_block: '0.0.0.0/0',
        nat_gateway_id: ref('aws_nat_gateway', `network_nat_${nat}`),
      });
      expect(stack.resource('aws_route_table_association', `network_private_app_${l}_rta`)).toMatchObject({
        subnet_id: ref('aws_subnet', `network_private_app_${l}`),
        route_table_id: ref('aws_route_table', `network_private_app_rt_${l}`),
      });
    }
  });

  it('gives the data tier no route to the internet at all', () => {
    const dataRt = ref('aws_route_table', 'network_data_rt');
    expect(stack.resource('aws_route_table', 'network_data_rt').route).toBeUndefined();
    const routes = Object.values(stack.resources<any>('aws_route'));
    expect(routes.filter((r) => r.route_table_id === dataRt)).toEqual([]);
    // Every route is either public->IGW or app->NAT.
    expect(routes.length).toBe(1 + azs.length);
    for (const l of letters) {
      expect(stack.resource('aws_route_table_association', `network_data_${l}_rta`)).toMatchObject({ subnet_id: ref('aws_subnet', `network_data_${l}`), route_table_id: dataRt });
    }
    // No route table carries inline routes that could bypass the checks above.
    for (const rt of Object.values(stack.resources<any>('aws_route_table'))) expect(rt.route).toBeUndefined();
  });

  it('exposes the subnets by tier in AZ order', () => {
    const { network } = synthNetwork({ availabilityZones: azs, natGateways });
    expect(network.subnets.private_app).toBe(network.appSubnets);
    expect(network.subnets.public.map((s) => s.node.id)).toEqual(letters.map((l) => `public_${l}`));
    expect(network.subnets.data.map((s) => s.node.id)).toEqual(letters.map((l) => `data_${l}`));
    expect(network.routeTables.app.map((rt) => rt.node.id)).toEqual(letters.map((l) => `private_app_rt_${l}`));
    expect(network.natGateways.length).toBe(natGateways === 'single' ? 1 : azs.length);
  });

  it('hands out subnet and security group ids as references to its own resources', () => {
    expect(stack.json.output!.out_app_subnets.value).toEqual(letters.map((l) => ref('aws_subnet', `network_private_app_${l}`)));
    expect(stack.json.output!.out_data_subnets.value).toEqual(letters.map((l) => ref('aws_subnet', `network_data_${l}`)));
    expect(stack.json.output!.out_app_sg.value).toBe(ref('aws_security_group', 'network_app_sg'));
  });
});

describe('security groups', () => {
  const { stack } = synthNetwork();

  it('chain exactly ALB -> app -> database, plus endpoints from app', () => {
    expect(ruleLines(stack, 'ingress')).toEqual([
      'alb tcp 443-443 0.0.0.0/0',
      'alb tcp 80-80 0.0.0.0/0',
      'app tcp 8000-8000 sg:alb',
      'db tcp 5432-5432 sg:app',
      'endpoint tcp 443-443 sg:app',
    ]);
    expect(ruleLines(stack, 'egress')).toEqual(['alb tcp 8000-8000 sg:app', 'app tcp 443-443 0.0.0.0/0', 'app tcp 5432-5432 sg:db']);
  });

  it('opens ingress to the world on the ALB group only', () => {
    const worldOpen = Object.values(stack.resources<any>('aws_vpc_security_group_ingress_rule')).filter((r) => r.cidr_ipv4 === '0.0.0.0/0' || r.cidr_ipv6 === '::/0');
    expect(worldOpen.length).toBe(2);
    for (const r of worldOpen) expect(groupOf(r.security_group_id)).toBe('alb');
  });

  it('gives the database no egress and never allows all protocols', () => {
    const egress = Object.values(stack.resources<any>('aws_vpc_security_group_egress_rule'));
    expect(egress.filter((r) => groupOf(r.security_group_id) === 'db')).toEqual([]);
    for (const kind of ['ingress', 'egress']) {
      for (const r of Object.values(stack.resources<any>(`aws_vpc_security_group_${kind}_rule`))) expect(r.ip_protocol).not.toBe('-1');
    }
  });

  it('describes every group and every rule', () => {
    for (const [id, g] of Object.entries(stack.resources<any>('aws_security_group'))) {
      expect([id, typeof g.description]).toEqual([id, 'string']);
      expect(g.description.length).toBeGreaterThan(10);
      expect(g.description).toMatch(/^[A-Za-z0-9 ._\-:/()#,@[\]+=&;{}!$*]+$/);
    }
    for (const kind of ['ingress', 'egress']) {
      for (const [id, r] of Object.entries(stack.resources<any>(`aws_vpc_security_group_${kind}_rule`))) {
        expect([id, typeof r.description]).toEqual([id, 'string']);
        expect(r.description).toMatch(/^[A-Za-z0-9 ._\-:/()#,@[\]+=&;{}!$*]{10,255}$/);
      }
    }
  });

  it('keeps rules out of the groups (separate rule resources) and names the groups after the layer', () => {
    const groups = stack.resources<any>('aws_security_group');
    expect(Object.keys(groups).sort()).toEqual(['network_alb_sg', 'network_app_sg', 'network_db_sg', 'network_endpoint_sg']);
    for (const g of Object.values(groups)) {
      expect(g.ingress).toBeUndefined();
      expect(g.egress).toBeUndefined();
      expect(g.vpc_id).toBe(ref('aws_vpc', 'network_vpc'));
    }
    expect(groups.network_app_sg.name).toBe('hapi-test-app');
  });

  it('manages the default security group with no rules', () => {
    const d = stack.resource('aws_default_security_group', 'network_default_security_group');
    expect(d.vpc_id).toBe(ref('aws_vpc', 'network_vpc'));
    expect(d.ingress).toBeUndefined();
    expect(d.egress).toBeUndefined();
  });

  it('follows containerPort and databasePort', () => {
    const { stack: s } = synthNetwork({ containerPort: 9000, databasePort: 6432 });
    expect(ruleLines(s, 'ingress')).toEqual(expect.arrayContaining(['app tcp 9000-9000 sg:alb', 'db tcp 6432-6432 sg:app']));
    expect(ruleLines(s, 'egress')).toEqual(expect.arrayContaining(['alb tcp 9000-9000 sg:app', 'app tcp 6432-6432 sg:db']));
    expect(ruleLines(s, 'ingress').join('\n')).not.toMatch(/8000|5432/);
  });

  it('restricts the ALB to albIngressCidrs and can close port 80', () => {
    const { stack: s } = synthNetwork({ albIngressCidrs: ['203.0.113.0/24', '198.51.100.0/24'], albHttpIngress: false });
    expect(ruleLines(s, 'ingress').filter((l) => l.startsWith('alb'))).toEqual(['alb tcp 443-443 198.51.100.0/24', 'alb tcp 443-443 203.0.113.0/24']);
    expect(s.addresses()).toEqual(expect.arrayContaining(['aws_vpc_security_group_ingress_rule.network_alb_ingress_https_1', 'aws_vpc_security_group_ingress_rule.network_alb_ingress_https_2']));
  });

  it('adds typed extra rules with readable addresses', () => {
    const { stack: s } = synthNetwork({
      additionalIngress: { alb: [{ name: 'cloudfront', description: 'HTTPS from CloudFront origin-facing servers', fromPort: 443, prefixListId: 'pl-3b927c52' }] },
      additionalEgress: {
        app: [
          { name: 'smtp', description: 'SMTP submission to the mail relay', fromPort: 587, cidrIpv4: '10.99.0.10/32' },
          { name: 'redis', description: 'Redis on the cache cluster', fromPort: 6379, securityGroupId: 'sg-0123456789abcdef0' },
        ],
      },
    });
    expect(s.resource('aws_vpc_security_group_ingress_rule', 'network_alb_ingress_cloudfront')).toMatchObject({
      security_group_id: ref('aws_security_group', 'network_alb_sg'),
      prefix_list_id: 'pl-3b927c52',
      from_port: 443,
      to_port: 443,
      ip_protocol: 'tcp',
      description: 'HTTPS from CloudFront origin-facing servers',
    });
    expect(s.resource('aws_vpc_security_group_egress_rule', 'network_app_egress_smtp')).toMatchObject({ cidr_ipv4: '10.99.0.10/32', from_port: 587 });
    expect(s.resource('aws_vpc_security_group_egress_rule', 'network_app_egress_redis')).toMatchObject({ referenced_security_group_id: 'sg-0123456789abcdef0' });
  });

  it('exposes the groups so consumers can add their own rule resources', () => {
    const { stack: s } = synthNetwork({}, (n) => {
      new VpcSecurityGroupIngressRule(n, 'db_ingress_bastion', {
        securityGroupId: n.securityGroups.database.id,
        referencedSecurityGroupId: 'sg-0aaaaaaaaaaaaaaaa',
        ipProtocol: 'tcp',
        fromPort: n.databasePort,
        toPort: n.databasePort,
        description: 'PostgreSQL from the bastion',
      });
    });
    expect(s.resource('aws_vpc_security_group_ingress_rule', 'network_db_ingress_bastion')).toMatchObject({
      security_group_id: ref('aws_security_group', 'network_db_sg'),
      from_port: 5432,
    });
  });

  it.each([
    [{ additionalIngress: { app: [{ name: 'world', description: 'Everything from everywhere', fromPort: 22, cidrIpv4: '0.0.0.0/0' }] } }, /only the ALB group may accept traffic from the whole internet/],
    [{ additionalIngress: { database: [{ name: 'x', description: '', fromPort: 5432, peer: 'alb' as const }] } }, /additionalIngress\.database\.0\.description = "": is required/],
    [{ additionalEgress: { app: [{ name: 'x', description: 'Two peers at once', fromPort: 1, cidrIpv4: '10.0.0.0/8', peer: 'database' as const }] } }, /exactly one of cidrIpv4, prefixListId, securityGroupId, peer \(got 2\)/],
    [{ additionalEgress: { app: [{ name: 'db', description: 'Clashes with the own rule', fromPort: 1, cidrIpv4: '10.0.0.0/8' }] } }, /additionalEgress\.app\.0\.name = "db": is used by one of the layer's own egress rules on the app group/],
    [{ additionalEgress: { app: [{ name: 'Bad-Name', description: 'Not snake case', fromPort: 1, cidrIpv4: '10.0.0.0/8' }] } }, /additionalEgress\.app\.0\.name = "Bad-Name": must be snake_case/],
    [{ additionalEgress: { app: [{ name: 'range', description: 'Backwards range', fromPort: 10, toPort: 5, cidrIpv4: '10.0.0.0/8' }] } }, /additionalEgress\.app\.0\.toPort = 5: must be >= fromPort \(10\)/],
    [{ vpcEndpoints: false, additionalIngress: { endpoints: [{ name: 'x', description: 'No endpoints here', fromPort: 443, peer: 'app' as const }] } }, /additionalIngress\.endpoints = .*: ingress rules on the endpoints group need vpcEndpoints on/],
  ])('refuses a bad extra rule (%#)', (overrides, message) => {
    expect(propsError(overrides)).toMatch(message);
  });
});

describe('VPC endpoints', () => {
  it('are on by default: S3 gateway on the app route tables, interface endpoints with private DNS in the app subnets', () => {
    const { stack } = synthNetwork({ availabilityZones: AZ3 });
    const endpoints = stack.resources<any>('aws_vpc_endpoint');
    expect(Object.keys(endpoints).sort()).toEqual(
      ['ecr_api', 'ecr_dkr', 'kms', 'logs', 's3', 'secretsmanager', 'sts'].map((e) => `network_endpoint_${e}`),
    );
    expect(endpoints.network_endpoint_s3).toMatchObject({
      service_name: 'com.amazonaws.us-east-1.s3',
      vpc_endpoint_type: 'Gateway',
      route_table_ids: LETTERS.map((l) => ref('aws_route_table', `network_private_app_rt_${l}`)),
    });
    const accountOnly = { Sid: 'OnlyThisAccountsPrincipals', Effect: 'Allow', Principal: '*', Action: '*', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalAccount': '123456789012' } } };
    // S3 also lets ECR's pre-signed image-layer downloads through, and nothing else of foreign principals.
    expect(JSON.parse(endpoints.network_endpoint_s3.policy).Statement).toEqual([
      accountOnly,
      { Sid: 'EcrImageLayers', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::prod-us-east-1-starport-layer-bucket/*' },
    ]);
    for (const [id, e] of Object.entries(endpoints)) {
      if (id === 'network_endpoint_s3') continue;
      expect(JSON.parse(e.policy).Statement).toEqual([accountOnly]);
      expect(e).toMatchObject({
        vpc_endpoint_type: 'Interface',
        private_dns_enabled: true,
        subnet_ids: LETTERS.map((l) => ref('aws_subnet', `network_private_app_${l}`)),
        security_group_ids: [ref('aws_security_group', 'network_endpoint_sg')],
      });
      expect(e.service_name).toMatch(/^com\.amazonaws\.us-east-1\.(ecr\.api|ecr\.dkr|logs|secretsmanager|kms|sts)$/);
    }
  });

  it('take a custom interface list and can drop the account restriction', () => {
    const { stack } = synthNetwork({ interfaceEndpoints: ['logs', 'ssmmessages'], restrictEndpointsToAccount: false });
    expect(Object.keys(stack.resources('aws_vpc_endpoint')).sort()).toEqual(['network_endpoint_logs', 'network_endpoint_s3', 'network_endpoint_ssmmessages']);
    expect(stack.resource('aws_vpc_endpoint', 'network_endpoint_ssmmessages').policy).toBeUndefined();
    expect(stack.resource('aws_vpc_endpoint', 'network_endpoint_s3').policy).toBeUndefined();
  });

  it('are absent when off, together with their security group and rules', () => {
    const { stack } = synthNetwork({ vpcEndpoints: false });
    expect(stack.count('aws_vpc_endpoint')).toBe(0);
    expect(Object.keys(stack.resources('aws_security_group'))).not.toContain('network_endpoint_sg');
    expect(ruleLines(stack, 'ingress').filter((l) => l.startsWith('endpoint'))).toEqual([]);
    expect(ruleLines(stack, 'egress')).toEqual(['alb tcp 8000-8000 sg:app', 'app tcp 443-443 0.0.0.0/0', 'app tcp 5432-5432 sg:db']);
  });

  it("with appHttpsEgress 'vpc-endpoints' the app reaches only the endpoints and S3, nothing on the internet", () => {
    const { stack } = synthNetwork({ appHttpsEgress: 'vpc-endpoints' });
    expect(ruleLines(stack, 'egress')).toEqual([
      'alb tcp 8000-8000 sg:app',
      'app tcp 443-443 pl:${aws_vpc_endpoint.network_endpoint_s3.prefix_list_id}',
      'app tcp 443-443 sg:endpoint',
      'app tcp 5432-5432 sg:db',
    ]);
    for (const r of Object.values(stack.resources<any>('aws_vpc_security_group_egress_rule'))) expect(r.cidr_ipv4).toBeUndefined();
  });
});

describe('flow logs', () => {
  const { stack } = synthNetwork();

  it('capture ALL traffic of the VPC into the layer log group through the layer role', () => {
    expect(stack.count('aws_flow_log')).toBe(1);
    expect(stack.resource('aws_flow_log', 'network_flow_log')).toMatchObject({
      vpc_id: ref('aws_vpc', 'network_vpc'),
      traffic_type: 'ALL',
      log_destination_type: 'cloud-watch-logs',
      log_destination: ref('aws_cloudwatch_log_group', 'network_flow_logs', 'arn'),
      iam_role_arn: ref('aws_iam_role', 'network_flow_logs_role', 'arn'),
      max_aggregation_interval: 600,
    });
  });

  it('go to a KMS-encrypted log group kept 365 days by default', () => {
    expect(stack.resource('aws_cloudwatch_log_group', 'network_flow_logs')).toMatchObject({
      name: '/vpc/hapi-test/flow-logs',
      retention_in_days: 365,
      kms_key_id: ref('aws_kms_key', 'network_flow_logs_kms_key', 'arn'),
    });
    const key = stack.resource('aws_kms_key', 'network_flow_logs_kms_key');
    expect(key.enable_key_rotation).toBe(true);
    expect(key.lifecycle.prevent_destroy).toBe(true);
    const logsUse = JSON.parse(key.policy).Statement.find((s: any) => s.Sid === 'CloudWatchLogsUse');
    expect(logsUse.Principal).toEqual({ Service: 'logs.us-east-1.amazonaws.com' });
  });

  it('use a role only VPC Flow Logs of this account can assume', () => {
    const trust = JSON.parse(stack.resource('aws_iam_role', 'network_flow_logs_role').assume_role_policy);
    expect(trust.Statement).toEqual([
      {
        Effect: 'Allow',
        Principal: { Service: 'vpc-flow-logs.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: {
          StringEquals: { 'aws:SourceAccount': '123456789012' },
          ArnLike: { 'aws:SourceArn': 'arn:aws:ec2:us-east-1:123456789012:vpc-flow-log/*' },
        },
      },
    ]);
  });

  it('may write to their own log group only', () => {
    const policies = stack.resources<any>('aws_iam_role_policy');
    expect(Object.keys(policies)).toEqual(['network_flow_logs_role_policy']);
    expect(stack.count('aws_iam_role_policy_attachment')).toBe(0);
    const p = policies.network_flow_logs_role_policy;
    expect(p.role).toBe(ref('aws_iam_role', 'network_flow_logs_role'));
    const doc = JSON.parse(p.policy);
    expect(doc.Statement).toEqual([
      {
        Sid: 'WriteThisLogGroupOnly',
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
        Resource: '${aws_cloudwatch_log_group.network_flow_logs.arn}:*',
      },
    ]);
  });

  it('use the AWS default record format unless told otherwise', () => {
    expect(stack.resource('aws_flow_log', 'network_flow_log').log_format).toBeUndefined();
    const format = '${version} ${vpc-id} ${srcaddr} ${pkt-srcaddr} ${dstaddr} ${dstport} ${action} ${flow-direction}';
    const { stack: s } = synthNetwork({ flowLogFormat: format });
    // Escaped so Terraform passes `${field}` through instead of interpolating it.
    expect(s.resource('aws_flow_log', 'network_flow_log').log_format).toBe(format.replace(/\$\{/g, '$$${'));
    expect(s.resource('aws_flow_log', 'network_flow_log').log_format).toMatch(/^\$\$\{version\} \$\$\{vpc-id\} /);
    expect(propsError({ flowLogFormat: 'srcaddr dstaddr' })).toMatch(/flowLogFormat = "srcaddr dstaddr": must be space-separated \$\{field\} names/);
  });

  it('follow flowLogRetentionDays, the aggregation interval and preventDestroy', () => {
    const { stack: s } = synthNetwork({ flowLogRetentionDays: 30, flowLogAggregationIntervalSeconds: 60, preventDestroy: false });
    expect(s.resource('aws_cloudwatch_log_group', 'network_flow_logs').retention_in_days).toBe(30);
    expect(s.resource('aws_flow_log', 'network_flow_log').max_aggregation_interval).toBe(60);
    expect(s.resource('aws_kms_key', 'network_flow_logs_kms_key').lifecycle.prevent_destroy).toBe(false);
  });
});

describe('outputs', () => {
  it('types what the construct always provides as required (no non-null assertion needed), endpoints as optional', () => {
    const { network } = synthNetwork({ availabilityZones: AZ2, natGateways: 'single' });
    // Type-checked by structure/typecheck.test.ts (tsc -p tsconfig.test.json): these assignments compile only when required.
    const ips: string[] = network.outputs.natPublicIps;
    const tables: string[] = network.outputs.appRouteTableIds;
    const ports: number[] = [network.outputs.containerPort, network.outputs.databasePort];
    const logs: string[] = [network.outputs.flowLogGroupName, network.outputs.flowLogGroupArn, network.outputs.publicRouteTableId, network.outputs.dataRouteTableId];
    expect(ips).toHaveLength(1);
    expect(tables).toHaveLength(2);
    expect(ports).toEqual([8000, 5432]);
    for (const v of [...ips, ...tables, ...logs]) expect(typeof v).toBe('string');
    const endpoints: string | undefined = network.outputs.endpointSecurityGroupId;
    expect(endpoints).toBeDefined();
    expect(synthNetwork({ availabilityZones: AZ2, vpcEndpoints: false }).network.outputs.endpointSecurityGroupId).toBeUndefined();
  });
});

describe('bad props fail with a clear message', () => {
  it.each([
    ['too-small CIDR for 3 AZs', { cidr: '10.0.0.0/24' }, /cidr = "10\.0\.0\.0\/24": "10\.0\.0\.0\/24" is too small for 9 subnets .*use a \/23 or larger/],
    ['too-small CIDR for 2 AZs', { cidr: '10.0.0.0/25', availabilityZones: AZ2 }, /too small for 6 subnets/],
    ['not a CIDR', { cidr: '10.0.0/16' }, /not an IPv4 CIDR/],
    ['host bits', { cidr: '10.0.0.1/16' }, /host bits set; did you mean "10\.0\.0\.0\/16"/],
    ['overlapping a reserved range', { cidr: '10.0.0.0/16', reservedCidrs: ['10.0.128.0/20'] }, /"10\.0\.0\.0\/16" overlaps reserved range 10\.0\.128\.0\/20/],
    ['overlapping link-local', { cidr: '169.254.0.0/16' }, /overlaps 169\.254\.0\.0\/16, which AWS reserves/],
    ['1 AZ', { availabilityZones: ['us-east-1a'] }, /availabilityZones = \["us-east-1a"\]: must list 2 or 3 zones, got 1/],
    ['7 AZs', { availabilityZones: 'abcdefg'.split('').map((l) => `us-east-1${l}`) }, /availabilityZones = .*: must list 2 or 3 zones, got 7/],
    ['zone of another region', { availabilityZones: ['us-east-1a', 'eu-west-1b'] }, /availabilityZones\.1 = "eu-west-1b": is not a zone of us-east-1 \(expected e\.g\. us-east-1a\)/],
    ['repeated zone', { availabilityZones: ['us-east-1a', 'us-east-1a'] }, /availabilityZones = \["us-east-1a","us-east-1a"\]: must not repeat a zone/],
    ['bad retention', { flowLogRetentionDays: 42 }, /flowLogRetentionDays = 42: must be a CloudWatch Logs retention value/],
    ['ALB ingress CIDR with host bits', { albIngressCidrs: ['10.40.0.1/16'] }, /albIngressCidrs\.0 = "10\.40\.0\.1\/16": has host bits set; did you mean "10\.40\.0\.0\/16"\?/],
    ['ALB ingress CIDR not an address', { albIngressCidrs: ['999.0.0.0/8'] }, /albIngressCidrs\.0 = "999\.0\.0\.0\/8": is not an IPv4 CIDR/],
    ['bad container port', { containerPort: 70000 }, /containerPort = 70000: must be a whole number 1024-65535 \(the container runs as non-root\)/],
    ['endpoint-only egress without endpoints', { vpcEndpoints: false, appHttpsEgress: 'vpc-endpoints' as const }, /appHttpsEgress = "vpc-endpoints": needs vpcEndpoints on/],
    ['s3 as interface endpoint', { interfaceEndpoints: ['s3'] }, /interfaceEndpoints\.0 = "s3": is served by the gateway endpoint/],
    ['bad NAT mode', { natGateways: 'none' as never }, /natGateways = "none": must be 'per-az' or 'single'/],
  ])('%s', (_label, overrides, message) => {
    const err = propsError(overrides);
    expect(err).toMatch(/^Network test\/network: invalid props \(1 problem\):\n  /);
    expect(err).toMatch(message);
  });

  it('lists every problem at once, naming the construct, as a PropsError', () => {
    const overrides = { cidr: '10.0.0.0/30', availabilityZones: ['us-east-1a'], flowLogRetentionDays: 2, containerPort: 0, interfaceEndpoints: ['s3', 's3'] };
    const error = propsErrorObject(overrides);
    expect(error).toBeInstanceOf(PropsError);
    expect(error.construct).toBe('Network test/network');
    expect(error.problems.map((p) => p.prop)).toEqual(['availabilityZones', 'cidr', 'containerPort', 'interfaceEndpoints.0', 'interfaceEndpoints.1', 'interfaceEndpoints', 'flowLogRetentionDays']);
    expect(error.message).toMatch(/^Network test\/network: invalid props \(7 problems\):\n/);
    expect(error.message.split('\n')).toHaveLength(8);
  });

  it('reports every bad extra rule and every bad field of one rule together', () => {
    const problems = networkPropsProblems({
      ...BASE,
      additionalIngress: { database: [{ name: 'Bad', description: '', fromPort: 70000, cidrIpv4: '0.0.0.0/0' }], nope: [] } as never,
      additionalEgress: { app: [{ name: 'x', description: 'a', fromPort: 1, peer: 'alb' }, { name: 'x', description: 'b', fromPort: 2, peer: 'alb' }] },
    });
    expect(problems.map((p) => p.prop)).toEqual([
      'additionalIngress.database.0.name',
      'additionalIngress.database.0.description',
      'additionalIngress.database.0.cidrIpv4',
      'additionalIngress.database.0.fromPort',
      'additionalIngress.database.0.toPort',
      'additionalIngress.nope',
      'additionalEgress.app.1.name',
    ]);
  });

  it('networkPropsProblems is the construct\'s check, without building anything', () => {
    expect(networkPropsProblems(BASE)).toEqual([]);
    const overrides = { cidr: 'bogus', natGateways: 'none' as never, albIngressCidrs: [] };
    expect(networkPropsProblems({ ...BASE, ...overrides })).toEqual(propsErrorObject(overrides).problems);
    expect(networkPropsProblems({ ...BASE, reservedCidrs: ['10.0.0.0/8', 'x'] })).toEqual([
      { prop: 'reservedCidrs.1', value: 'x', message: 'is not an IPv4 CIDR (a.b.c.d/n)' },
      { prop: 'cidr', value: '10.0.0.0/16', message: '"10.0.0.0/16" overlaps reserved range 10.0.0.0/8; pick a VPC CIDR that shares no address with it' },
    ]);
  });
});
