/**
 * Reachability proof: from a synthesized stack's security groups, SG rules,
 * route tables, routes, subnets, NAT/IGW, VPC endpoints and the resources
 * placed in them, compute who can reach what, and compare it with the paths
 * the architecture intends.
 *
 * Semantics (security groups are stateful, so only the initiating direction matters):
 * - A -> B on a port exists only when one of A's groups has an egress rule whose
 *   peer covers B (B's group by reference, or a CIDR overlapping B's subnets)
 *   AND one of B's groups has an ingress rule whose peer covers A, on
 *   intersecting protocols and port ranges. The edge names both rules.
 * - internet -> X needs an ingress rule on X from a CIDR outside the VPC, X
 *   reachable from outside (internet-facing ALB, ECS task with a public IP,
 *   publicly accessible RDS) and a subnet of X routing 0.0.0.0/0 to the IGW.
 * - X -> internet needs an egress rule from X to a CIDR outside the VPC and a
 *   default route: to a NAT gateway (edge X -> nat, then nat -> internet when the
 *   NAT's subnet routes to the IGW), or to the IGW with a public address.
 * - cloudfront -> ALB needs an ingress rule on the ALB from CloudFront's origin-facing managed prefix list AND a
 *   way in: a CloudFront VPC origin targeting the ALB (internal ALB, private subnets), or a public address and an
 *   internet-gateway route. When a distribution fronts the ALB, internet -> ALB is not an intended path: the
 *   ALB must be reachable from CloudFront only (HAPI-CF-09).
 * - Openings the routing happens to block today (a world-open rule on a group
 *   without an internet route) are kept as `latent` findings: they become paths
 *   as soon as someone adds a route.
 *
 * Limits: IPv4 only; network ACLs are not modelled (the network layer leaves the
 * default NACL open); CIDRs that are tokens are treated as unknown (they only
 * match when they are /0).
 */
import { isCloudFrontOriginPrefixList } from '../core/cloudfront-origin';
import { tableCell } from '../core/markdown';
import { cloudFrontFront, vpcOriginTargetAddresses } from './helpers';
import { SgRule, StackView } from './stack';
import { block, blocks, cidrContains, cidrsOverlap, ipv4Cidr, Ipv4Cidr, isTrue, list, ResourceView, TerraformJson, WORLD } from './tf-json';
import type { PolicyTarget } from './types';

/** The tiers of the graph. */
export type ReachNode = 'internet' | 'cloudfront' | 'alb' | 'app' | 'database' | 'endpoints' | 'nat';

export const REACH_NODES: readonly ReachNode[] = ['internet', 'cloudfront', 'alb', 'app', 'database', 'endpoints', 'nat'];

/** One flow the configuration allows. */
export interface ReachEdge {
  readonly from: ReachNode;
  readonly to: ReachNode;
  /** `tcp`, `udp`, `icmp` or `all`. */
  readonly protocol: string;
  readonly fromPort: number;
  readonly toPort: number;
  /** SG rule addresses that open the flow (egress of `from`, ingress of `to`). */
  readonly rules: string[];
  /** Route addresses the flow depends on (internet and NAT paths). */
  readonly routes: string[];
}

/** A rule that admits the internet but is blocked only by routing today. */
export interface LatentOpening {
  readonly node: ReachNode;
  readonly direction: 'ingress' | 'egress';
  readonly rule: string;
  readonly protocol: string;
  readonly fromPort: number;
  readonly toPort: number;
  readonly why: string;
}

/** A default route out of the data tier. */
export interface DataTierRoute {
  readonly route: string;
  readonly routeTable: string;
  readonly subnet: string;
  readonly target: string;
}

/** Where a tier lives. */
export interface TierPlacement {
  /** Resources placed in the tier (ALB, ECS service, DB instances, interface endpoints, NAT gateways). */
  readonly resources: string[];
  readonly groups: string[];
  readonly subnets: string[];
  /** Whether the tier's resources get internet-routable addresses. */
  readonly publicAddress: boolean;
}

export interface ReachabilityGraph {
  readonly nodes: Partial<Record<ReachNode, TierPlacement>>;
  readonly edges: ReachEdge[];
  readonly latent: LatentOpening[];
  readonly dataTierRoutes: DataTierRoute[];
  /** Ports the stack configures (container port, database port). */
  readonly ports: { readonly container?: number; readonly database?: number };
  /**
   * The blue/green test listener (the listener a CodeDeploy deployment group's test_traffic_route names), with the
   * ALB security-group rules admitting its port and their sources.
   */
  readonly testListener?: TestListener;
}

/** A blue/green test listener and who may reach it. */
export interface TestListener {
  readonly listener: string;
  readonly port: number;
  /** Each ALB ingress rule covering the port, with its CIDRs and whether they all lie inside the VPC. */
  readonly sources: readonly { readonly rule: string; readonly cidrs: readonly string[]; readonly insideVpc: boolean }[];
}

/** An intended path. */
export interface AllowedPath {
  readonly from: ReachNode;
  readonly to: ReachNode;
  readonly protocol: string;
  /** Ports the path may use; an edge must stay inside one of them. */
  readonly ports: readonly number[];
  readonly why: string;
}

/** What the architecture intends. */
export interface AllowedPathOptions {
  /** The app's container port (ALB -> app). */
  readonly containerPort: number;
  /** @default 5432 */
  readonly databasePort?: number;
  /** Interface endpoints exist (app -> endpoints:443). @default true */
  readonly endpoints?: boolean;
  /** The app may reach the internet through NAT on these ports; empty for none. @default [443] */
  readonly natEgressPorts?: readonly number[];
  /** Listener ports open to the internet on the ALB. @default [443, 80] */
  readonly albPorts?: readonly number[];
  /**
   * A CloudFront distribution fronts the ALB: then CloudFront -> ALB:443 is the only way in (no internet -> ALB,
   * and the app has no business calling its own internal ALB). @default false
   */
  readonly cloudFront?: boolean;
  /** Port of the blue/green test listener, which callers inside the VPC may use (app -> ALB). @default undefined (none) */
  readonly testListenerPort?: number;
}

/**
 * The intended paths: internet -> ALB:443/80 (behind CloudFront instead: CloudFront -> ALB:443 only),
 * ALB -> app:<container port>, app -> DB:5432, app -> endpoints:443, app -> NAT -> internet as configured.
 * Anyone who can reach the internet-open ALB listeners may do so from inside
 * too (app -> ALB on the listener ports is the same exposure as internet -> ALB).
 */
export function ALLOWED_PATHS(o: AllowedPathOptions): AllowedPath[] {
  const albPorts = o.albPorts ?? [443, 80];
  const nat = o.natEgressPorts ?? [443];
  const entry: AllowedPath[] = o.cloudFront
    ? [{ from: 'cloudfront', to: 'alb', protocol: 'tcp', ports: [443], why: 'CloudFront through its VPC origin (HTTPS)' }]
    : [
        { from: 'internet', to: 'alb', protocol: 'tcp', ports: albPorts, why: 'public listeners' },
        { from: 'app', to: 'alb', protocol: 'tcp', ports: albPorts, why: 'the listeners are open to everyone, the app included' },
      ];
  const out: AllowedPath[] = [
    ...entry,
    { from: 'alb', to: 'app', protocol: 'tcp', ports: [o.containerPort], why: 'traffic and health checks' },
    { from: 'app', to: 'database', protocol: 'tcp', ports: [o.databasePort ?? 5432], why: 'PostgreSQL' },
  ];
  if (o.testListenerPort !== undefined) out.push({ from: 'app', to: 'alb', protocol: 'tcp', ports: [o.testListenerPort], why: 'blue/green test listener, from inside the VPC' });
  if (o.endpoints ?? true) out.push({ from: 'app', to: 'endpoints', protocol: 'tcp', ports: [443], why: 'AWS APIs over private DNS' });
  if (nat.length) {
    out.push({ from: 'app', to: 'nat', protocol: 'tcp', ports: nat, why: 'outbound HTTPS through NAT' });
    out.push({ from: 'nat', to: 'internet', protocol: 'tcp', ports: nat, why: 'NAT egress' });
  }
  return out;
}

// ---------------------------------------------------------------- stack reading

function normProtocol(p: string): string {
  const x = p.toLowerCase();
  if (x === '-1' || x === 'all') return 'all';
  if (x === '6') return 'tcp';
  if (x === '17') return 'udp';
  if (x === '1') return 'icmp';
  return x;
}

interface Tier extends TierPlacement {
  readonly node: ReachNode;
  /** Subnet CIDRs (parsed where literal). */
  readonly cidrs: Ipv4Cidr[];
  readonly routeTables: string[];
}

const subnetsOf = (stack: StackView, value: unknown): string[] => stack.addressesOf(value, 'aws_subnet');
const groupsIn = (stack: StackView, value: unknown): string[] => stack.addressesOf(value, 'aws_security_group');

/** The route tables of a subnet (explicit associations; the VPC's main table otherwise is not modelled). */
function routeTablesOf(stack: StackView, subnet: string): string[] {
  return stack
    .referencing(subnet, ['aws_route_table_association'], 'subnet_id')
    .map((a) => stack.resolve(a.values.route_table_id)?.address)
    .filter((x): x is string => x !== undefined);
}

interface Route {
  readonly address: string;
  readonly table: string;
  readonly destination: string;
  readonly target: 'igw' | 'nat' | 'other';
  /** The NAT gateway address when target is nat. */
  readonly nat?: string;
  readonly targetText: string;
}

function routesOf(stack: StackView, table: string): Route[] {
  const t = stack.get(table);
  if (!t) return [];
  const raw: { address: string; v: Record<string, any> }[] = [
    ...blocks(t.values.route).map((v, i) => ({ address: `${table}.route[${i}]`, v })),
    ...stack.referencing(table, ['aws_route'], 'route_table_id').map((r) => ({ address: r.address, v: r.values })),
  ];
  return raw.map(({ address, v }) => {
    const destination = String(v.destination_cidr_block ?? v.cidr_block ?? v.destination_ipv6_cidr_block ?? v.ipv6_cidr_block ?? v.destination_prefix_list_id ?? '');
    const natRef = stack.resolve(v.nat_gateway_id);
    const gw = v.gateway_id !== undefined ? String(v.gateway_id) : undefined;
    const gwRes = stack.resolve(gw);
    let target: Route['target'] = 'other';
    let targetText = String(v.nat_gateway_id ?? v.gateway_id ?? v.transit_gateway_id ?? v.vpc_peering_connection_id ?? v.network_interface_id ?? v.vpc_endpoint_id ?? v.egress_only_gateway_id ?? '?');
    if (v.nat_gateway_id !== undefined) {
      target = 'nat';
      targetText = natRef?.address ?? targetText;
    } else if (gw !== undefined && (gwRes?.type === 'aws_internet_gateway' || /^igw/.test(gw))) {
      target = 'igw';
      targetText = gwRes?.address ?? gw;
    } else if (v.egress_only_gateway_id !== undefined) target = 'igw';
    return { address, table, destination, target, nat: natRef?.address, targetText };
  });
}

const isDefault = (r: Route) => r.destination === '0.0.0.0/0' || r.destination === '::/0';

function tiers(stack: StackView): Tier[] {
  const subnetCidrs = (subnets: string[]) =>
    subnets.map((s) => ipv4Cidr(String(stack.get(s)?.values.cidr_block ?? ''))).filter((c): c is Ipv4Cidr => c !== undefined);
  const make = (node: ReachNode, resources: ResourceView[], groups: string[], subnets: string[], publicAddress: boolean): Tier => {
    const uniqSubnets = [...new Set(subnets)];
    return {
      node,
      resources: resources.map((r) => r.address),
      groups: [...new Set(groups)],
      subnets: uniqSubnets,
      cidrs: subnetCidrs(uniqSubnets),
      routeTables: [...new Set(uniqSubnets.flatMap((s) => routeTablesOf(stack, s)))],
      publicAddress,
    };
  };
  const out: Tier[] = [];
  const albs = stack.resources('aws_lb', 'aws_alb').filter((lb) => (lb.values.load_balancer_type ?? 'application') === 'application');
  if (albs.length)
    out.push(make('alb', albs, albs.flatMap((lb) => groupsIn(stack, lb.values.security_groups)), albs.flatMap((lb) => [...subnetsOf(stack, lb.values.subnets), ...blocks(lb.values.subnet_mapping).flatMap((m) => subnetsOf(stack, m.subnet_id))]), albs.some((lb) => !isTrue(lb.values.internal))));
  const services = stack.resources('aws_ecs_service').filter((s) => blocks(s.values.network_configuration).length > 0);
  if (services.length) {
    const nc = services.map((s) => blocks(s.values.network_configuration)[0]);
    out.push(make('app', services, nc.flatMap((c) => groupsIn(stack, c.security_groups)), nc.flatMap((c) => subnetsOf(stack, c.subnets)), nc.some((c) => isTrue(c.assign_public_ip))));
  }
  const dbs = stack.resources('aws_db_instance', 'aws_rds_cluster');
  if (dbs.length) {
    const subnets = dbs.flatMap((db) => {
      const group = stack.resolve(db.values.db_subnet_group_name);
      return group ? subnetsOf(stack, group.values.subnet_ids) : [];
    });
    out.push(make('database', dbs, dbs.flatMap((db) => groupsIn(stack, db.values.vpc_security_group_ids)), subnets, dbs.some((db) => isTrue(db.values.publicly_accessible))));
  }
  const endpoints = stack.resources('aws_vpc_endpoint').filter((e) => String(e.values.vpc_endpoint_type ?? 'Gateway') === 'Interface');
  if (endpoints.length) out.push(make('endpoints', endpoints, endpoints.flatMap((e) => groupsIn(stack, e.values.security_group_ids)), endpoints.flatMap((e) => subnetsOf(stack, e.values.subnet_ids)), false));
  const nats = stack.resources('aws_nat_gateway').filter((n) => n.values.connectivity_type !== 'private');
  if (nats.length) out.push(make('nat', nats, [], nats.flatMap((n) => subnetsOf(stack, n.values.subnet_id)), true));
  return out;
}

// ---------------------------------------------------------------- analysis

/** Whether a rule's peer covers a tier: its group by reference, or a CIDR overlapping its subnets. */
function peerCovers(stack: StackView, rule: SgRule, tier: Tier): boolean {
  if (rule.groups.some((g) => tier.groups.includes(stack.resolve(g)?.address ?? g))) return true;
  for (const c of rule.cidrs) {
    if (WORLD.has(c.trim())) return true;
    const p = ipv4Cidr(c);
    if (p && tier.cidrs.some((s) => cidrsOverlap(p, s))) return true;
  }
  return false;
}

/** Whether a rule's peer includes addresses outside the VPC. */
function peerHasInternet(rule: SgRule, vpc: Ipv4Cidr | undefined): boolean {
  return rule.cidrs.some((c) => {
    if (c.includes(':')) return true; // the VPC is IPv4-only: any IPv6 peer is outside it
    const p = ipv4Cidr(c);
    if (!p) return false;
    return vpc ? !cidrContains(vpc, p) : p.prefix === 0;
  });
}

function intersect(a: SgRule, b: { protocol: string; fromPort: number; toPort: number }): { protocol: string; fromPort: number; toPort: number } | undefined {
  const pa = normProtocol(a.protocol);
  const pb = normProtocol(b.protocol);
  if (pa !== 'all' && pb !== 'all' && pa !== pb) return undefined;
  const protocol = pa === 'all' ? pb : pa;
  if (protocol === 'all') return { protocol, fromPort: 0, toPort: 65535 };
  const fromPort = Math.max(a.fromPort, b.fromPort);
  const toPort = Math.min(a.toPort, b.toPort);
  return fromPort <= toPort ? { protocol, fromPort, toPort } : undefined;
}

const WHOLE = { protocol: 'all', fromPort: 0, toPort: 65535 };

/** What the graph is built from, and what it collects. */
interface Analysis {
  readonly stack: StackView;
  /** The VPC's CIDR: peers outside it are the internet. */
  readonly vpcCidr?: Ipv4Cidr;
  readonly rules: SgRule[];
  readonly edges: ReachEdge[];
  readonly latent: LatentOpening[];
}

/** The rules of a tier's groups in one direction. */
function rulesOf(a: Analysis, t: Tier, direction: 'ingress' | 'egress'): SgRule[] {
  return a.rules.filter((r) => r.direction === direction && r.group !== undefined && t.groups.includes(r.group));
}

/** Adds an edge, or merges its rules and routes into the edge with the same ends, protocol and ports. */
function addEdge(a: Analysis, e: ReachEdge): void {
  const same = a.edges.find((x) => x.from === e.from && x.to === e.to && x.protocol === e.protocol && x.fromPort === e.fromPort && x.toPort === e.toPort);
  if (same) {
    for (const r of e.rules) if (!same.rules.includes(r)) same.rules.push(r);
    for (const r of e.routes) if (!same.routes.includes(r)) same.routes.push(r);
  } else a.edges.push({ ...e, rules: [...e.rules], routes: [...e.routes] });
}

/** Inside the VPC: an egress rule of A AND an ingress rule of B whose peers cover each other. */
function vpcEdges(a: Analysis, sgTiers: readonly Tier[]): void {
  for (const from of sgTiers) {
    for (const to of sgTiers) {
      if (from === to) continue;
      for (const out of rulesOf(a, from, 'egress')) {
        if (!peerCovers(a.stack, out, to)) continue;
        for (const inn of rulesOf(a, to, 'ingress')) {
          if (!peerCovers(a.stack, inn, from)) continue;
          const x = intersect(out, inn);
          if (x) addEdge(a, { from: from.node, to: to.node, ...x, rules: [out.address, inn.address], routes: [] });
        }
      }
    }
  }
}

/** The default routes of a tier's subnets. */
function defaultRoutes(a: Analysis, t: Tier): Route[] {
  return t.routeTables.flatMap((rt) => routesOf(a.stack, rt)).filter(isDefault);
}

/** Internet -> tier: an ingress rule from outside the VPC, a public address and a route to an internet gateway. */
function internetIngress(a: Analysis, t: Tier, igw: readonly Route[]): void {
  for (const r of rulesOf(a, t, 'ingress').filter((x) => peerHasInternet(x, a.vpcCidr))) {
    const x = intersect(r, WHOLE)!;
    if (t.publicAddress && igw.length) addEdge(a, { from: 'internet', to: t.node, ...x, rules: [r.address], routes: igw.map((g) => g.address) });
    else a.latent.push({ node: t.node, direction: 'ingress', rule: r.address, ...x, why: t.publicAddress ? 'no route to an internet gateway' : 'no public address' });
  }
}

/** Tier -> internet: an egress rule to outside the VPC and a default route to an internet gateway or a NAT gateway. */
function internetEgress(a: Analysis, t: Tier, routes: { igw: readonly Route[]; nat: readonly Route[]; natToInternet: readonly Route[] }): void {
  const { igw, nat, natToInternet } = routes;
  for (const r of rulesOf(a, t, 'egress').filter((x) => peerHasInternet(x, a.vpcCidr))) {
    const x = intersect(r, WHOLE)!;
    let routed = false;
    if (t.publicAddress && igw.length) {
      addEdge(a, { from: t.node, to: 'internet', ...x, rules: [r.address], routes: igw.map((g) => g.address) });
      routed = true;
    }
    if (nat.length) {
      addEdge(a, { from: t.node, to: 'nat', ...x, rules: [r.address], routes: nat.map((n) => n.address) });
      if (natToInternet.length) addEdge(a, { from: 'nat', to: 'internet', ...x, rules: [r.address], routes: natToInternet.map((n) => n.address) });
      routed = true;
    }
    if (!routed) a.latent.push({ node: t.node, direction: 'egress', rule: r.address, ...x, why: 'no default route to a NAT or internet gateway' });
  }
}

/**
 * CloudFront -> tier: an ingress rule from CloudFront's origin-facing prefix list, and CloudFront able to get there
 * (a VPC origin targeting one of the tier's resources, or a public address and an internet-gateway route).
 */
function cloudFrontIngress(a: Analysis, t: Tier, igw: readonly Route[], vpcOriginTargets: ReadonlySet<string>): void {
  const viaVpcOrigin = t.resources.some((r) => vpcOriginTargets.has(r));
  const viaInternet = t.publicAddress && igw.length > 0;
  if (!viaVpcOrigin && !viaInternet) return;
  for (const r of rulesOf(a, t, 'ingress')) {
    if (!r.prefixLists.some((pl) => isCloudFrontOriginPrefixList(pl))) continue;
    addEdge(a, { from: 'cloudfront', to: t.node, ...intersect(r, WHOLE)!, rules: [r.address], routes: viaInternet && !viaVpcOrigin ? igw.map((g) => g.address) : [] });
  }
}

/** Gateway endpoints (S3/DynamoDB) reached through a prefix list. */
function gatewayEndpointEdges(a: Analysis, t: Tier): void {
  for (const r of rulesOf(a, t, 'egress')) {
    for (const pl of r.prefixLists) {
      const ep = a.stack.resolve(pl);
      if (ep?.type === 'aws_vpc_endpoint') addEdge(a, { from: t.node, to: 'endpoints', ...intersect(r, WHOLE)!, rules: [r.address], routes: [] });
    }
  }
}

/** Default routes out of the database tier's subnets. */
function dataTierRoutesOf(stack: StackView, db: Tier | undefined): DataTierRoute[] {
  const out: DataTierRoute[] = [];
  for (const subnet of db?.subnets ?? []) {
    for (const rt of routeTablesOf(stack, subnet)) {
      for (const r of routesOf(stack, rt).filter(isDefault)) out.push({ route: r.address, routeTable: rt, subnet, target: r.targetText });
    }
  }
  return out;
}

/** The container port (from the service's load balancer block) and the primary database's port. */
function portsOf(stack: StackView, hasDatabase: boolean): ReachabilityGraph['ports'] {
  const service = stack.resources('aws_ecs_service').flatMap((s) => blocks(s.values.load_balancer)).find((l) => l.container_port !== undefined);
  const primary = stack.resources('aws_db_instance').find((d) => d.values.replicate_source_db === undefined);
  return {
    container: service ? Number(service.container_port) : undefined,
    database: primary ? Number(primary.values.port ?? 5432) : hasDatabase ? 5432 : undefined,
  };
}

/** Builds the reachability graph of a stack (a `StackView` or its synthesized JSON). */
export function analyzeReachability(input: StackView | TerraformJson): ReachabilityGraph {
  const stack = input instanceof StackView ? input : new StackView(input, ANALYSIS_TARGET);
  const vpcCidr = stack.resources('aws_vpc').map((v) => ipv4Cidr(String(v.values.cidr_block ?? ''))).find((c) => c !== undefined);
  const a: Analysis = { stack, vpcCidr, rules: stack.securityGroupRules(), edges: [], latent: [] };
  const ts = tiers(stack);
  const byNode = new Map(ts.map((t) => [t.node, t] as const));
  const sgTiers = ts.filter((t) => t.groups.length > 0);
  vpcEdges(a, sgTiers);
  const natTier = byNode.get('nat');
  const natToInternet = natTier ? defaultRoutes(a, natTier).filter((r) => r.target === 'igw') : [];
  const vpcOrigins = stack.resources('aws_cloudfront_vpc_origin');
  const originTargets = vpcOriginTargetAddresses(stack);
  for (const t of sgTiers) {
    const routes = defaultRoutes(a, t);
    const igw = routes.filter((r) => r.target === 'igw');
    internetIngress(a, t, igw);
    cloudFrontIngress(a, t, igw, originTargets);
    internetEgress(a, t, { igw, nat: routes.filter((r) => r.target === 'nat'), natToInternet });
    gatewayEndpointEdges(a, t);
  }
  const nodes: Partial<Record<ReachNode, TierPlacement>> = {};
  for (const t of ts) nodes[t.node] = { resources: t.resources, groups: t.groups, subnets: t.subnets, publicAddress: t.publicAddress };
  if (ts.length) nodes.internet = { resources: [], groups: [], subnets: [], publicAddress: true };
  const fronts = cloudFrontFront(stack);
  if (ts.length && fronts.length) nodes.cloudfront = { resources: [...fronts.map((f) => f.distribution.address), ...vpcOrigins.map((v) => v.address)], groups: [], subnets: [], publicAddress: true };
  const order = (n: ReachNode) => REACH_NODES.indexOf(n);
  a.edges.sort((x, y) => order(x.from) - order(y.from) || order(x.to) - order(y.to) || x.fromPort - y.fromPort || x.protocol.localeCompare(y.protocol));
  return {
    nodes,
    edges: a.edges,
    latent: a.latent,
    dataTierRoutes: dataTierRoutesOf(stack, byNode.get('database')),
    ports: portsOf(stack, byNode.has('database')),
    testListener: testListenerOf(a, byNode.get('alb')),
  };
}

/** The listener a CodeDeploy deployment group routes test traffic to, and the ALB rules admitting its port. */
function testListenerOf(a: Analysis, alb: Tier | undefined): TestListener | undefined {
  const { stack } = a;
  const listener = stack
    .resources('aws_codedeploy_deployment_group')
    .flatMap((g) => blocks(block(block(g.values.load_balancer_info).target_group_pair_info).test_traffic_route).flatMap((r) => list(r.listener_arns)))
    .map((arn) => stack.resolve(arn))
    .find((l) => l?.type === 'aws_lb_listener');
  if (!listener || !alb) return undefined;
  const port = Number(listener.values.port);
  const sources = rulesOf(a, alb, 'ingress')
    .filter((r) => intersect(r, { protocol: 'tcp', fromPort: port, toPort: port }) !== undefined)
    .map((r) => ({ rule: r.address, cidrs: r.cidrs, insideVpc: r.cidrs.length > 0 && !peerHasInternet(r, a.vpcCidr) }));
  return { listener: listener.address, port, sources };
}

const ANALYSIS_TARGET: PolicyTarget = {
  stackName: 'reachability',
  kind: 'environment',
  production: false,
  failOnError: false,
  relaxations: {},
  suppressions: [],
  siblingStacks: [],
};

/** The intended paths for a graph, derived from what the stack configures. */
export function allowedPathsFor(graph: ReachabilityGraph): AllowedPath[] {
  const natEgress = graph.nodes.nat !== undefined;
  return ALLOWED_PATHS({
    containerPort: graph.ports.container ?? 8000,
    databasePort: graph.ports.database,
    endpoints: graph.nodes.endpoints !== undefined,
    natEgressPorts: natEgress ? [443] : [],
    cloudFront: graph.nodes.cloudfront !== undefined,
    testListenerPort: graph.testListener?.port,
  });
}

/** Whether an edge stays inside an allowed path. */
export function isAllowed(edge: ReachEdge, allowed: readonly AllowedPath[]): boolean {
  return allowed.some((p) => p.from === edge.from && p.to === edge.to && p.protocol === edge.protocol && edge.fromPort === edge.toPort && p.ports.includes(edge.fromPort));
}

/** A one-line rendering of an edge. */
export function describeEdge(e: ReachEdge): string {
  return `${e.from} -> ${e.to} ${portText(e)}`;
}

function portText(e: { protocol: string; fromPort: number; toPort: number }): string {
  if (e.protocol === 'all') return 'all traffic';
  return e.fromPort === e.toPort ? `${e.protocol}/${e.fromPort}` : `${e.protocol}/${e.fromPort}-${e.toPort}`;
}

/** Findings: edges outside the allowed paths, latent internet openings outside them, data-tier default routes. */
export interface ReachabilityFindings {
  readonly unexpected: ReachEdge[];
  readonly latent: LatentOpening[];
  readonly dataTierRoutes: DataTierRoute[];
  /** Allowed paths the stack does not realise (information, not a failure). */
  readonly missing: AllowedPath[];
}

export function reachabilityFindings(graph: ReachabilityGraph, allowed: readonly AllowedPath[] = allowedPathsFor(graph)): ReachabilityFindings {
  const unexpected = graph.edges.filter((e) => !isAllowed(e, allowed));
  // World-open ingress is intended on the ALB only, world-open egress on the app only (through NAT).
  const latent = graph.latent.filter((l) => {
    const to: ReachNode = l.direction === 'ingress' ? l.node : 'nat';
    const from: ReachNode = l.direction === 'ingress' ? 'internet' : l.node;
    const probe: ReachEdge = { from: l.direction === 'ingress' ? 'internet' : from, to: l.direction === 'ingress' ? to : 'nat', protocol: l.protocol, fromPort: l.fromPort, toPort: l.toPort, rules: [], routes: [] };
    return !isAllowed(probe, allowed);
  });
  const missing = allowed.filter((p) => !(p.from === 'app' && p.to === 'alb') && !graph.edges.some((e) => e.from === p.from && e.to === p.to));
  return { unexpected, latent, dataTierRoutes: graph.dataTierRoutes, missing };
}

// ---------------------------------------------------------------- rendering

const LABEL: Record<ReachNode, string> = { internet: 'Internet', cloudfront: 'CloudFront', alb: 'ALB', app: 'App (ECS)', database: 'Database (RDS)', endpoints: 'VPC endpoints', nat: 'NAT gateway' };

/** Edges merged per (from, to) for display. */
function grouped(graph: ReachabilityGraph): { from: ReachNode; to: ReachNode; ports: string[]; rules: string[]; routes: string[] }[] {
  const out: { from: ReachNode; to: ReachNode; ports: string[]; rules: string[]; routes: string[] }[] = [];
  for (const e of graph.edges) {
    let g = out.find((x) => x.from === e.from && x.to === e.to);
    if (!g) out.push((g = { from: e.from, to: e.to, ports: [], rules: [], routes: [] }));
    const p = portText(e);
    if (!g.ports.includes(p)) g.ports.push(p);
    for (const r of e.rules) if (!g.rules.includes(r)) g.rules.push(r);
    for (const r of e.routes) if (!g.routes.includes(r)) g.routes.push(r);
  }
  return out;
}

/** A Mermaid flowchart of the graph; edges outside `allowed` are drawn red and dotted. */
export function renderReachabilityMermaid(graph: ReachabilityGraph, allowed: readonly AllowedPath[] = allowedPathsFor(graph)): string {
  const lines = ['flowchart LR'];
  for (const n of REACH_NODES) if (graph.nodes[n]) lines.push(`  ${n}${n === 'internet' ? `(("${LABEL[n]}"))` : `["${LABEL[n]}"]`}`);
  const bad: number[] = [];
  grouped(graph).forEach((g, i) => {
    const ok = graph.edges.filter((e) => e.from === g.from && e.to === g.to).every((e) => isAllowed(e, allowed));
    if (!ok) bad.push(i);
    lines.push(`  ${g.from} ${ok ? '-->' : '-.->'}|"${g.ports.join(', ')}${ok ? '' : ' (unexpected)'}"| ${g.to}`);
  });
  for (const i of bad) lines.push(`  linkStyle ${i} stroke:#d00,stroke-width:2px`);
  return lines.join('\n') + '\n';
}

/** A Markdown table of the graph: one row per flow, with the rules and routes that open it. */
export function renderReachabilityTable(graph: ReachabilityGraph, allowed: readonly AllowedPath[] = allowedPathsFor(graph)): string {
  const out = ['| From | To | Ports | Intended | Opened by | Routes |', '|---|---|---|---|---|---|'];
  for (const e of graph.edges) {
    out.push(`| ${LABEL[e.from]} | ${LABEL[e.to]} | ${portText(e)} | ${isAllowed(e, allowed) ? 'yes' : '**NO**'} | ${tableCell(e.rules.join(', '))} | ${tableCell(e.routes.join(', ') || '-')} |`);
  }
  const f = reachabilityFindings(graph, allowed);
  for (const l of f.latent) out.push(`| ${l.direction === 'ingress' ? 'Internet' : LABEL[l.node]} | ${l.direction === 'ingress' ? LABEL[l.node] : 'Internet'} | ${portText(l)} | **NO** (latent: ${tableCell(l.why)}) | ${tableCell(l.rule)} | - |`);
  for (const r of f.dataTierRoutes) out.push(`| ${LABEL.database} | ${tableCell(r.target)} | default route | **NO** (data tier) | - | ${tableCell(r.route)} |`);
  return out.join('\n') + '\n';
}

/**
 * A self-contained Markdown section (heading, Mermaid graph, flow table, verdict)
 * for the audit report and the architecture page. Empty for stacks without an
 * ALB, app or database (state and account stacks).
 * @param heading the section heading, e.g. `## Network reachability`
 */
export function reachabilityMarkdown(json: TerraformJson, heading = '## Network reachability'): string {
  const g = analyzeReachability(json);
  if (!g.nodes.alb && !g.nodes.app && !g.nodes.database) return '';
  const f = reachabilityFindings(g);
  const problems = f.unexpected.length + f.latent.length + f.dataTierRoutes.length;
  return [
    heading,
    '',
    `_Computed from the synthesized security groups, rules, subnets and route tables (HAPI-NET-01). ${problems === 0 ? 'Only the intended paths exist.' : `**${problems} unintended opening(s).**`}_`,
    '',
    '```mermaid',
    renderReachabilityMermaid(g).trimEnd(),
    '```',
    '',
    renderReachabilityTable(g).trimEnd(),
    '',
  ].join('\n');
}
