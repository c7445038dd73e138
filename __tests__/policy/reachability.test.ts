import { loadEnvironments } from '../../modules/config/load';
import { evaluateStack } from '../../modules/policy/engine';
import {
  ALLOWED_PATHS,
  allowedPathsFor,
  analyzeReachability,
  describeEdge,
  reachabilityFindings,
  ReachabilityGraph,
  reachabilityMarkdown,
  renderReachabilityMermaid,
  renderReachabilityTable,
} from '../../modules/policy/reachability';
import { rule } from '../../modules/policy/rules/net/net-01-only-intended-paths';
import type { TerraformJson } from '../../modules/policy/tf-json';
import type { PolicyTarget } from '../../modules/policy/types';
import { committedEnvironments } from '../support/environments';
import { synthEnvironments, SynthesizedStack, committedStacks } from '../support/synth';
import { FIXTURES, fixtureTarget } from './fixtures';

type Json = TerraformJson & { resource: Record<string, Record<string, Record<string, any>>> };

const stacks = committedStacks();
const envJson = (env: string): Json => JSON.parse(JSON.stringify((stacks.get(`helloapi-${env}`) as SynthesizedStack).json));

const target = (stackName: string): PolicyTarget => ({
  stackName,
  kind: 'environment',
  production: true,
  failOnError: true,
  relaxations: {},
  suppressions: [],
  siblingStacks: [],
});

const edgeSet = (g: ReachabilityGraph) => g.edges.map(describeEdge).sort();

/** Regional-only mode (no CloudFront): the ALB is internet-facing on 443 and 80. */
const INTENDED_REGIONAL = [
  'alb -> app tcp/8000',
  'app -> alb tcp/443',
  'app -> database tcp/5432',
  'app -> endpoints tcp/443',
  'app -> nat tcp/443',
  'internet -> alb tcp/443',
  'internet -> alb tcp/80',
  'nat -> internet tcp/443',
].sort();

/** Behind CloudFront (issue 17): nothing from the internet reaches the ALB; CloudFront does, on 443, through its VPC origin. */
const INTENDED_CLOUDFRONT = [
  'alb -> app tcp/8000',
  'app -> database tcp/5432',
  'app -> endpoints tcp/443',
  'app -> nat tcp/443',
  'cloudfront -> alb tcp/443',
  'nat -> internet tcp/443',
].sort();

const cloudFrontOn = (env: string) => committedEnvironments().find((c) => c.name === env)!.edge.cloudFront;
const intended = (env: string) => (cloudFrontOn(env) ? INTENDED_CLOUDFRONT : INTENDED_REGIONAL);
/** The committed environment without CloudFront (regional-only mode): where internet -> ALB is intended. */
const REGIONAL = committedEnvironments().find((c) => !c.edge.cloudFront)!.name;

const sg = (name: string) => `\${aws_security_group.network_${name}_sg.id}`;
const ingress = (j: Json, name: string, values: Record<string, unknown>) => {
  j.resource.aws_vpc_security_group_ingress_rule[name] = { description: name, ...values };
  return `aws_vpc_security_group_ingress_rule.${name}`;
};
const egress = (j: Json, name: string, values: Record<string, unknown>) => {
  j.resource.aws_vpc_security_group_egress_rule[name] = { description: name, ...values };
  return `aws_vpc_security_group_egress_rule.${name}`;
};

function runRule(j: Json, env = 'prod') {
  const report = evaluateStack(j, target(`helloapi-${env}`), [rule]);
  return { report, failing: report.results.filter((r) => r.status === 'fail') };
}

describe('reachability of the synthesized environments', () => {
  it.each(committedEnvironments().map((c) => c.name))('%s has exactly the intended paths', (env) => {
    const g = analyzeReachability(envJson(env));
    expect(edgeSet(g)).toEqual(intended(env));
    const f = reachabilityFindings(g);
    expect(f.unexpected).toEqual([]);
    expect(f.latent).toEqual([]);
    expect(f.dataTierRoutes).toEqual([]);
    expect(f.missing).toEqual([]);
    const { report, failing } = runRule(envJson(env), env);
    expect(failing).toEqual([]);
    expect(report.results).toHaveLength(1);
    expect(report.results[0].message).toContain('all intended');
  });

  it('names the rules and routes that open each path', () => {
    const g = analyzeReachability(envJson('prod'));
    const find = (from: string, to: string, port: number) => g.edges.find((e) => e.from === from && e.to === to && e.fromPort === port)!;
    // Behind CloudFront the ALB's only ingress is the edge layer's prefix-list rule; no route: the VPC origin is private.
    expect(find('cloudfront', 'alb', 443).rules).toEqual(['aws_vpc_security_group_ingress_rule.edge_alb_ingress_cloudfront']);
    expect(find('cloudfront', 'alb', 443).routes).toEqual([]);
    const regional = analyzeReachability(envJson(REGIONAL));
    const inRegional = regional.edges.find((e) => e.from === 'internet' && e.to === 'alb' && e.fromPort === 443)!;
    expect(inRegional.rules).toEqual(['aws_vpc_security_group_ingress_rule.network_alb_ingress_https']);
    expect(inRegional.routes).toEqual(['aws_route.network_public_internet_route']);
    expect(find('alb', 'app', 8000).rules).toEqual(['aws_vpc_security_group_egress_rule.network_alb_egress_app', 'aws_vpc_security_group_ingress_rule.network_app_ingress_alb']);
    expect(find('app', 'database', 5432).rules).toEqual(['aws_vpc_security_group_egress_rule.network_app_egress_db', 'aws_vpc_security_group_ingress_rule.network_db_ingress_app']);
    expect(find('app', 'endpoints', 443).rules).toEqual(['aws_vpc_security_group_egress_rule.network_app_egress_https', 'aws_vpc_security_group_ingress_rule.network_endpoint_ingress_app']);
    expect(find('app', 'nat', 443).routes).toEqual(['aws_route.network_private_app_nat_route_a', 'aws_route.network_private_app_nat_route_b', 'aws_route.network_private_app_nat_route_c']);
    expect(find('nat', 'internet', 443).routes).toEqual(['aws_route.network_public_internet_route']);
  });

  it('places each tier from the resources in it', () => {
    const g = analyzeReachability(envJson('prod'));
    // Behind CloudFront the ALB is internal, in the private app subnets (issue 17).
    expect(g.nodes.alb).toMatchObject({
      resources: ['aws_lb.edge_alb'],
      groups: ['aws_security_group.network_alb_sg'],
      subnets: ['aws_subnet.network_private_app_a', 'aws_subnet.network_private_app_b', 'aws_subnet.network_private_app_c'],
      publicAddress: false,
    });
    expect(g.nodes.cloudfront?.resources).toEqual(['aws_cloudfront_distribution.edge_cdn_distribution', 'aws_cloudfront_vpc_origin.edge_vpc_origin']);
    expect(analyzeReachability(envJson(REGIONAL)).nodes.alb).toMatchObject({ publicAddress: true });
    expect(analyzeReachability(envJson(REGIONAL)).nodes.cloudfront).toBeUndefined();
    expect(g.nodes.app).toMatchObject({ resources: ['aws_ecs_service.compute_service'], groups: ['aws_security_group.network_app_sg'], publicAddress: false });
    expect(g.nodes.database?.groups).toEqual(['aws_security_group.network_db_sg']);
    expect(g.nodes.database?.subnets).toEqual(['aws_subnet.network_data_a', 'aws_subnet.network_data_b', 'aws_subnet.network_data_c']);
    expect(g.nodes.endpoints?.groups).toEqual(['aws_security_group.network_endpoint_sg']);
    expect(g.nodes.nat?.resources).toHaveLength(3);
    expect(g.ports).toEqual({ container: 8000, database: 5432 });
  });

  it('NAT egress follows the NAT layout: one NAT in dev, one per AZ in staging and prod', () => {
    const natRoutes = (env: string) => analyzeReachability(envJson(env)).edges.find((e) => e.from === 'app' && e.to === 'nat')!.routes;
    expect(natRoutes('dev')).toEqual(['aws_route.network_private_app_nat_route_a', 'aws_route.network_private_app_nat_route_b']);
    expect(analyzeReachability(envJson('dev')).nodes.nat?.resources).toEqual(['aws_nat_gateway.network_nat_a']);
    expect(analyzeReachability(envJson('staging')).nodes.nat?.resources).toEqual(['aws_nat_gateway.network_nat_a', 'aws_nat_gateway.network_nat_b']);
  });

  it('without VPC endpoints there is no endpoint tier and the paths are still exactly the intended ones', () => {
    const dev = loadEnvironments().find((c) => c.name === 'dev')!;
    const noEndpoints = { ...dev, network: { ...dev.network, vpcEndpoints: false } };
    const synthesized = synthEnvironments([noEndpoints]);
    const json = synthesized.get('helloapi-dev')!.json as Json;
    const g = analyzeReachability(json);
    expect(g.nodes.endpoints).toBeUndefined();
    expect(edgeSet(g)).toEqual(intended('dev').filter((e) => !e.includes('endpoints')));
    expect(allowedPathsFor(g).some((p) => p.to === 'endpoints')).toBe(false);
    expect(runRule(json, 'dev').failing).toEqual([]);
  });
});

describe('fixtures that open an extra path fail HAPI-NET-01 naming the offending rule', () => {
  it('behind CloudFront, a world-open ALB ingress fails (issue 17): with the ALB internal it is latent, internet-facing it is a path', () => {
    const j = envJson('prod');
    const bad = ingress(j, 'network_alb_ingress_https', { security_group_id: sg('alb'), cidr_ipv4: '0.0.0.0/0', ip_protocol: 'tcp', from_port: 443, to_port: 443 });
    const latent = runRule(j).failing;
    expect(latent.map((f) => f.subject)).toEqual([bad, bad]);
    expect(latent.map((f) => f.message)).toEqual([
      expect.stringContaining('unintended path app -> alb tcp/443'),
      expect.stringContaining(`${bad} opens alb to the internet (tcp/443-443); only no public address stops it today`),
    ]);
    // Today's main: the ALB internet-facing in the public subnets, the world admitted on 443 (and the origin header only).
    j.resource.aws_lb.edge_alb.internal = false;
    j.resource.aws_lb.edge_alb.subnets = ['a', 'b', 'c'].map((az) => `\${aws_subnet.network_public_${az}.id}`);
    const g = analyzeReachability(j);
    // The app's world egress now reaches the ALB too: behind CloudFront that is no intended path either.
    expect(reachabilityFindings(g).unexpected.map(describeEdge)).toEqual(['internet -> alb tcp/443', 'app -> alb tcp/443']);
    const open = runRule(j).failing;
    expect(open.map((f) => f.subject)).toEqual([bad, bad]);
    expect(open[0].message).toContain('unintended path internet -> alb tcp/443');
  });

  it('behind CloudFront, the prefix-list rule alone opens nothing when no VPC origin reaches the internal ALB', () => {
    const j = envJson('prod');
    delete (j.resource as Record<string, unknown>).aws_cloudfront_vpc_origin;
    const g = analyzeReachability(j);
    expect(edgeSet(g)).not.toContain('cloudfront -> alb tcp/443');
    expect(reachabilityFindings(g).missing.map((p) => `${p.from} -> ${p.to}`)).toEqual(['cloudfront -> alb']);
  });

  it('an ingress on the DB group from 0.0.0.0/0 (blocked only by routing today)', () => {
    const j = envJson('prod');
    const bad = ingress(j, 'network_db_ingress_world', { security_group_id: sg('db'), cidr_ipv4: '0.0.0.0/0', ip_protocol: 'tcp', from_port: 5432, to_port: 5432 });
    const g = analyzeReachability(j);
    expect(reachabilityFindings(g).latent).toEqual([expect.objectContaining({ node: 'database', direction: 'ingress', rule: bad, why: 'no public address' })]);
    const { report, failing } = runRule(j);
    expect(failing).toHaveLength(1);
    expect(failing[0].subject).toBe(bad);
    expect(failing[0].message).toContain(bad);
    expect(report.blocking).toBe(true);
  });

  it('an ingress on the DB group from 0.0.0.0/0 on all ports also lets the app in on 443 (its world egress covers the data subnets)', () => {
    const j = envJson('prod');
    const bad = ingress(j, 'network_db_ingress_all', { security_group_id: sg('db'), cidr_ipv4: '0.0.0.0/0', ip_protocol: '-1' });
    const g = analyzeReachability(j);
    expect(edgeSet(g)).toContain('app -> database tcp/443');
    const extra = reachabilityFindings(g).unexpected;
    expect(extra.map(describeEdge)).toEqual(['app -> database tcp/443']);
    expect(extra[0].rules).toEqual(['aws_vpc_security_group_egress_rule.network_app_egress_https', bad]);
    const { failing } = runRule(j);
    expect(failing.map((f) => f.subject).sort()).toEqual([bad, bad]);
    expect(failing.every((f) => f.message.includes(bad))).toBe(true);
  });

  it('an app egress to 0.0.0.0/0 on all ports', () => {
    const j = envJson('prod');
    const bad = egress(j, 'network_app_egress_everything', { security_group_id: sg('app'), cidr_ipv4: '0.0.0.0/0', ip_protocol: '-1' });
    const g = analyzeReachability(j);
    const extra = reachabilityFindings(g).unexpected.map(describeEdge);
    expect(extra).toEqual(['app -> nat all traffic', 'nat -> internet all traffic']);
    // Targets' ingress still limits the rest: nothing new to the DB or the endpoints.
    expect(edgeSet(g).filter((e) => e.startsWith('app -> database') || e.startsWith('app -> endpoints'))).toEqual(['app -> database tcp/5432', 'app -> endpoints tcp/443']);
    const { failing } = runRule(j);
    expect(failing.length).toBe(2);
    expect(failing.every((f) => f.message.includes(bad) && f.subject === bad)).toBe(true);
    expect(failing[0].message).toContain('aws_route.network_private_app_nat_route_a');
  });

  it.each([
    ['NAT', { nat_gateway_id: '${aws_nat_gateway.network_nat_a.id}' }, 'aws_nat_gateway.network_nat_a'],
    ['IGW', { gateway_id: '${aws_internet_gateway.network_igw.id}' }, 'aws_internet_gateway.network_igw'],
  ])('a default route from the data route table to the %s', (_kind, target, targetAddress) => {
    const j = envJson('prod');
    j.resource.aws_route.network_data_default = { route_table_id: '${aws_route_table.network_data_rt.id}', destination_cidr_block: '0.0.0.0/0', ...target };
    const g = analyzeReachability(j);
    expect(g.dataTierRoutes.map((r) => r.subnet)).toEqual(['aws_subnet.network_data_a', 'aws_subnet.network_data_b', 'aws_subnet.network_data_c']);
    expect(g.dataTierRoutes.every((r) => r.route === 'aws_route.network_data_default' && r.target === targetAddress)).toBe(true);
    const { failing, report } = runRule(j);
    expect(failing).toHaveLength(3);
    expect(failing.every((f) => f.subject === 'aws_route.network_data_default' && f.message.includes(targetAddress))).toBe(true);
    expect(report.blocking).toBe(true);
  });

  it('an ALB -> DB rule pair', () => {
    const j = envJson('prod');
    const out = egress(j, 'network_alb_egress_db', { security_group_id: sg('alb'), referenced_security_group_id: sg('db'), ip_protocol: 'tcp', from_port: 5432, to_port: 5432 });
    const inn = ingress(j, 'network_db_ingress_alb', { security_group_id: sg('db'), referenced_security_group_id: sg('alb'), ip_protocol: 'tcp', from_port: 5432, to_port: 5432 });
    const extra = reachabilityFindings(analyzeReachability(j)).unexpected;
    expect(extra.map(describeEdge)).toEqual(['alb -> database tcp/5432']);
    expect(extra[0].rules).toEqual([out, inn]);
    const { failing } = runRule(j);
    expect(failing).toHaveLength(1);
    expect(failing[0].message).toContain(out);
    expect(failing[0].message).toContain(inn);
  });

  it('needs both directions: an ingress on the DB from the ALB group alone opens nothing', () => {
    const j = envJson('prod');
    ingress(j, 'network_db_ingress_alb', { security_group_id: sg('db'), referenced_security_group_id: sg('alb'), ip_protocol: 'tcp', from_port: 5432, to_port: 5432 });
    expect(edgeSet(analyzeReachability(j))).toEqual(intended('prod'));
    expect(runRule(j).failing).toEqual([]);
  });

  it('sees legacy aws_security_group_rule and inline rules too', () => {
    const j = envJson('prod');
    j.resource.aws_security_group_rule = {
      network_db_from_alb: { type: 'ingress', security_group_id: sg('db'), source_security_group_id: sg('alb'), protocol: 'tcp', from_port: 5432, to_port: 5432 },
    };
    j.resource.aws_security_group.network_alb_sg.egress = [{ protocol: 'tcp', from_port: 5432, to_port: 5432, cidr_blocks: ['10.30.96.0/20'], security_groups: [], self: false, description: 'data a' }];
    const extra = reachabilityFindings(analyzeReachability(j)).unexpected;
    expect(extra.map(describeEdge)).toEqual(['alb -> database tcp/5432']);
    expect(extra[0].rules).toEqual(['aws_security_group.network_alb_sg', 'aws_security_group_rule.network_db_from_alb']);
  });

  it('a CIDR egress only matches the subnets it covers', () => {
    // The regional-only environment: its internet-facing ALB admits the world on 80, so the app reaches it too.
    const j = envJson(REGIONAL);
    const cidr = String(j.resource.aws_vpc.network_vpc.cidr_block);
    expect(cidr).toBe('10.10.0.0/16');
    // 10.10.0.0/19 covers the public subnets (the ALB), none of the data subnets.
    egress(j, 'network_app_egress_public', { security_group_id: sg('app'), cidr_ipv4: '10.10.0.0/19', ip_protocol: 'tcp', from_port: 80, to_port: 80 });
    ingress(j, 'network_db_ingress_80', { security_group_id: sg('db'), referenced_security_group_id: sg('app'), ip_protocol: 'tcp', from_port: 80, to_port: 80 });
    const g = analyzeReachability(j);
    expect(edgeSet(g)).not.toContain('app -> database tcp/80');
    expect(edgeSet(g)).toContain('app -> alb tcp/80');
    expect(reachabilityFindings(g).unexpected).toEqual([]);
  });

  it('an ECS service given a public IP in public subnets is reachable from the internet when its group admits it', () => {
    const j = envJson('prod');
    const svc = j.resource.aws_ecs_service.compute_service;
    svc.network_configuration.assign_public_ip = true;
    svc.network_configuration.subnets = ['${aws_subnet.network_public_a.id}'];
    const bad = ingress(j, 'network_app_ingress_world', { security_group_id: sg('app'), cidr_ipv4: '203.0.113.0/24', ip_protocol: 'tcp', from_port: 8000, to_port: 8000 });
    const extra = reachabilityFindings(analyzeReachability(j)).unexpected;
    expect(extra.map(describeEdge)).toContain('internet -> app tcp/8000');
    expect(extra.find((e) => e.to === 'app')!.rules).toEqual([bad]);
    expect(runRule(j).failing.some((f) => f.subject === bad)).toBe(true);
  });
});

describe('ALLOWED_PATHS', () => {
  it('builds the expectation from the configured ports and features', () => {
    const all = ALLOWED_PATHS({ containerPort: 9000, databasePort: 5433 });
    expect(all.map((p) => `${p.from}->${p.to}:${p.ports.join('/')}`)).toEqual([
      'internet->alb:443/80',
      'app->alb:443/80',
      'alb->app:9000',
      'app->database:5433',
      'app->endpoints:443',
      'app->nat:443',
      'nat->internet:443',
    ]);
    const bare = ALLOWED_PATHS({ containerPort: 8000, endpoints: false, natEgressPorts: [] });
    expect(bare.some((p) => p.to === 'endpoints' || p.to === 'nat' || p.from === 'nat')).toBe(false);
  });
});

describe('rendering', () => {
  it('draws a Mermaid flowchart with every path and marks unexpected ones', () => {
    const ok = renderReachabilityMermaid(analyzeReachability(envJson(REGIONAL)));
    expect(ok.startsWith('flowchart LR\n')).toBe(true);
    expect(ok).toContain('internet -->|"tcp/80, tcp/443"| alb');
    expect(ok).toContain('alb -->|"tcp/8000"| app');
    expect(ok).toContain('app -->|"tcp/5432"| database');
    expect(ok).toContain('nat -->|"tcp/443"| internet');
    expect(ok).toContain('app["App (ECS)"]');
    expect(ok).not.toContain('unexpected');
    const j = envJson('prod');
    egress(j, 'network_alb_egress_db', { security_group_id: sg('alb'), referenced_security_group_id: sg('db'), ip_protocol: 'tcp', from_port: 5432, to_port: 5432 });
    ingress(j, 'network_db_ingress_alb', { security_group_id: sg('db'), referenced_security_group_id: sg('alb'), ip_protocol: 'tcp', from_port: 5432, to_port: 5432 });
    const bad = renderReachabilityMermaid(analyzeReachability(j));
    expect(bad).toContain('alb -.->|"tcp/5432 (unexpected)"| database');
    expect(bad).toMatch(/linkStyle \d+ stroke:#d00/);
  });

  it('tabulates each flow with its rules and routes, and the latent openings', () => {
    const table = renderReachabilityTable(analyzeReachability(envJson(REGIONAL)));
    expect(table).toContain('| Internet | ALB | tcp/443 | yes | aws_vpc_security_group_ingress_rule.network_alb_ingress_https | aws_route.network_public_internet_route |');
    expect(table).toContain('| App (ECS) | Database (RDS) | tcp/5432 | yes |');
    expect(table).not.toContain('**NO**');
    const j = envJson('prod');
    ingress(j, 'network_db_ingress_world', { security_group_id: sg('db'), cidr_ipv4: '0.0.0.0/0', ip_protocol: 'tcp', from_port: 5432, to_port: 5432 });
    expect(renderReachabilityTable(analyzeReachability(j))).toContain('| Internet | Database (RDS) | tcp/5432 | **NO** (latent: no public address) | aws_vpc_security_group_ingress_rule.network_db_ingress_world | - |');
  });
});

describe('reachabilityMarkdown', () => {
  it('is a section with the graph and the table for environments, empty for other stacks', () => {
    const md = reachabilityMarkdown(envJson('prod'));
    expect(md.startsWith('## Network reachability\n')).toBe(true);
    expect(md).toContain('Only the intended paths exist.');
    expect(md).toContain('```mermaid\nflowchart LR\n');
    expect(md).toContain('| From | To | Ports | Intended | Opened by | Routes |');
    expect(reachabilityMarkdown(stacks.get('helloapi-state')!.json as Json)).toBe('');
    const j = envJson('prod');
    j.resource.aws_route.network_data_default = { route_table_id: '${aws_route_table.network_data_rt.id}', destination_cidr_block: '0.0.0.0/0', nat_gateway_id: '${aws_nat_gateway.network_nat_a.id}' };
    expect(reachabilityMarkdown(j, '### Reachability')).toMatch(/^### Reachability\n[\s\S]*\*\*3 unintended opening\(s\)\.\*\*/);
  });
});

describe('the HAPI-NET-01 case proposed for __tests__/policy/cases.ts', () => {
  // Same mutation as the entry the lead is asked to add to CASES (rules.test.ts runs it on the hand-written fixture).
  const failCase = (j: Json) =>
    (j.resource.aws_vpc_security_group_ingress_rule.network_db_from_world = {
      security_group_id: '${aws_security_group.network_db.id}',
      ip_protocol: 'tcp',
      from_port: 5432,
      to_port: 5432,
      cidr_ipv4: '0.0.0.0/0',
      description: 'world',
    });

  it('passes on the compliant hand-written fixture and fails on the mutated one, naming the rule', () => {
    const compliant = evaluateStack(FIXTURES.environment(), fixtureTarget('environment'), [rule]);
    expect(compliant.results.length).toBe(1);
    expect(compliant.results.filter((r) => r.status !== 'pass')).toEqual([]);
    const json = FIXTURES.environment() as Json;
    failCase(json);
    const failed = evaluateStack(json, fixtureTarget('environment'), [rule]);
    const failing = failed.results.filter((r) => r.status === 'fail');
    expect(failing.map((r) => r.subject)).toEqual(['aws_vpc_security_group_ingress_rule.network_db_from_world']);
    expect(failing[0].message).toContain('aws_vpc_security_group_ingress_rule.network_db_from_world');
    expect(failed.blocking).toBe(true);
  });
});

describe('more openings', () => {
  it('an ALB egress to 0.0.0.0/0 on all ports opens ALB -> internet only (the other tiers admit the app alone)', () => {
    // The regional-only environment: its ALB is in the public subnets (behind CloudFront it would go out through NAT).
    const j = envJson(REGIONAL);
    const bad = egress(j, 'network_alb_egress_all', { security_group_id: sg('alb'), cidr_ipv4: '0.0.0.0/0', ip_protocol: '-1' });
    const extra = reachabilityFindings(analyzeReachability(j)).unexpected;
    expect(extra.map(describeEdge)).toEqual(['alb -> internet all traffic']);
    expect(extra[0]).toMatchObject({ rules: [bad], routes: ['aws_route.network_public_internet_route'] });
  });

  it('an endpoint group ingress from the VPC CIDR lets the ALB in only once the ALB egress allows it too', () => {
    const j = envJson('prod');
    const inn = ingress(j, 'network_endpoint_ingress_vpc', { security_group_id: sg('endpoint'), cidr_ipv4: '10.30.0.0/16', ip_protocol: 'tcp', from_port: 443, to_port: 443 });
    expect(reachabilityFindings(analyzeReachability(j)).unexpected).toEqual([]);
    const out = egress(j, 'network_alb_egress_vpc', { security_group_id: sg('alb'), cidr_ipv4: '10.30.0.0/16', ip_protocol: 'tcp', from_port: 443, to_port: 443 });
    const extra = reachabilityFindings(analyzeReachability(j)).unexpected;
    expect(extra.map(describeEdge)).toEqual(['alb -> endpoints tcp/443']);
    expect(extra[0].rules).toEqual([out, inn]);
  });
});
