/**
 * Architecture facts read from a synthesized stack (`cdk.tf.json`), not from
 * the environment config: what the diagram shows and the cost estimate
 * prices. Reading the synthesized JSON means escape hatches and overrides
 * are seen too.
 */
import { parseWeeklyCron, ScheduledFloor, weeklyHoursByFloor } from '../compute/schedule';
import { block, blocks, firstReferenced, isTrue, list, refersTo, resourcesOf, ResourceView } from '../policy/tf-json';
import type { SynthJson } from './inventory';

type Attrs = ResourceView['values'];

export interface SubnetTiers {
  readonly public: number;
  readonly app: number;
  readonly data: number;
  readonly other: number;
}

export interface ServiceFacts {
  readonly address: string;
  readonly desiredCount: number;
  readonly launchType: string;
  /** vCPU per task (task-level cpu / 1024). */
  readonly vcpu?: number;
  /** GB per task (task-level memory / 1024). */
  readonly memoryGb?: number;
  readonly architecture: 'x86_64' | 'arm64';
  /** Autoscaling bounds, when an application-autoscaling target exists for the service. */
  readonly minCount?: number;
  readonly maxCount?: number;
  /**
   * The weekly schedule of the floor, when scheduled actions (repeating weekly, setting min_capacity) act on the
   * service's scalable target: hours per week at each floor (task count), and the actions' time zone.
   */
  readonly schedule?: { readonly hoursPerWeekByFloor: ReadonlyMap<number, number>; readonly timezone: string; readonly actions: readonly string[] };
}

export interface DatabaseFacts {
  readonly address: string;
  readonly engine: string;
  readonly engineVersion?: string;
  readonly instanceClass: string;
  readonly multiAz: boolean;
  readonly storageGb: number;
  readonly maxStorageGb?: number;
  readonly storageType: string;
  /** A read replica (replicate_source_db set). */
  readonly replica: boolean;
  readonly encrypted: boolean;
  readonly performanceInsights: boolean;
  readonly performanceInsightsRetentionDays?: number;
  /** RDS keeps the master password in a Secrets Manager secret it manages (billed like any secret). */
  readonly managedMasterSecret: boolean;
}

export interface WebAclFacts {
  readonly address: string;
  readonly scope: string;
  readonly rules: number;
  readonly managedRuleGroups: number;
  readonly rateBasedRules: number;
}

export interface EndpointFacts {
  readonly address: string;
  readonly service: string;
  readonly type: string;
  /** Interface endpoints: one ENI per subnet, billed per AZ. */
  readonly subnets: number;
}

export interface LoadBalancerFacts {
  readonly address: string;
  readonly internal: boolean;
  readonly type: string;
  readonly subnets: number;
}

export interface ListenerFacts {
  readonly address: string;
  readonly port: number;
  readonly protocol: string;
  /** forward, redirect, fixed-response. */
  readonly action: string;
  readonly sslPolicy?: string;
}

export interface StackFacts {
  readonly vpcCidr?: string;
  readonly subnets: SubnetTiers;
  /** Distinct availability zones across subnets (falls back to the largest tier). */
  readonly azCount: number;
  readonly natGateways: number;
  readonly natMode: 'per-az' | 'single' | 'none' | 'partial';
  readonly elasticIps: number;
  readonly endpoints: readonly EndpointFacts[];
  readonly loadBalancers: readonly LoadBalancerFacts[];
  readonly listeners: readonly ListenerFacts[];
  readonly webAcls: readonly WebAclFacts[];
  readonly cloudFront: readonly { address: string; minimumTls?: string; priceClass?: string }[];
  readonly services: readonly ServiceFacts[];
  readonly databases: readonly DatabaseFacts[];
  readonly secrets: number;
  readonly kmsKeys: number;
  readonly logGroups: number;
  readonly alarms: number;
  readonly dashboards: number;
  readonly snsTopics: number;
  readonly ecrRepositories: number;
  readonly buckets: number;
  readonly dynamodbTables: number;
  readonly trails: number;
  readonly guardDuty: number;
  readonly securityHub: number;
  readonly configRecorders: number;
  /** Resource count by type. */
  readonly counts: Readonly<Record<string, number>>;
}

/**
 * A count or size argument: plain decimal digits when synthesized as a string (a token or a sign is not a
 * count); `fallback` otherwise. Stricter than tf-json's numberOr, which also reads signs and exponents.
 */
function num(v: unknown, fallback = 0): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^\d+(\.\d+)?$/.test(v.trim())) return Number(v);
  return fallback;
}

/** Subnet tier from its role in the address: public, app (private), data (isolated). */
export function subnetTier(address: string): keyof SubnetTiers {
  const name = address.split('.').pop() ?? '';
  if (/public/.test(name)) return 'public';
  if (/(data|db|database|isolated)/.test(name)) return 'data';
  if (/(app|private)/.test(name)) return 'app';
  return 'other';
}

function taskSizing(td: Attrs | undefined): { vcpu?: number; memoryGb?: number; architecture: 'x86_64' | 'arm64' } {
  if (!td) return { architecture: 'x86_64' };
  const cpu = num(td.cpu, NaN);
  const mem = num(td.memory, NaN);
  const arch = String(block(td.runtime_platform).cpu_architecture ?? 'X86_64').toUpperCase();
  return {
    vcpu: Number.isNaN(cpu) ? undefined : cpu / 1024,
    memoryGb: Number.isNaN(mem) ? undefined : mem / 1024,
    architecture: arch === 'ARM64' ? 'arm64' : 'x86_64',
  };
}

function countRules(rules: Attrs[]): { rules: number; managed: number; rateBased: number } {
  let managed = 0;
  let rateBased = 0;
  for (const r of rules) {
    const st = block(r.statement);
    if (st.managed_rule_group_statement) managed++;
    if (st.rate_based_statement) rateBased++;
  }
  return { rules: rules.length, managed, rateBased };
}

/** Resource count by type. */
function resourceCounts(json: SynthJson): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const [type, byName] of Object.entries(json.resource ?? {})) counts[type] = Object.keys(byName).length;
  return counts;
}

type NetworkFacts = Pick<StackFacts, 'vpcCidr' | 'subnets' | 'azCount' | 'natGateways' | 'natMode' | 'elasticIps' | 'endpoints'>;

/** Subnets by tier and the availability zones they span (the largest tier when no zone is known at synth). */
function subnetFacts(json: SynthJson): { subnets: SubnetTiers; azCount: number } {
  const subnets: { public: number; app: number; data: number; other: number } = { public: 0, app: 0, data: 0, other: 0 };
  const azs = new Set<string>();
  for (const { address, values: s } of resourcesOf(json, 'aws_subnet')) {
    subnets[subnetTier(address)]++;
    const az = s.availability_zone ?? s.availability_zone_id;
    if (typeof az === 'string' && !az.includes('${')) azs.add(az);
  }
  const azCount = azs.size > 0 ? azs.size : Math.max(subnets.public, subnets.app, subnets.data);
  return { subnets, azCount };
}

function natMode(natGateways: number, azCount: number): StackFacts['natMode'] {
  return natGateways === 0 ? 'none' : natGateways === 1 && azCount > 1 ? 'single' : natGateways >= azCount ? 'per-az' : 'partial';
}

function endpointFacts(json: SynthJson): EndpointFacts[] {
  return resourcesOf(json, 'aws_vpc_endpoint').map(({ address, values: e }) => ({
    address,
    service: String(e.service_name ?? '').replace(/^com\.amazonaws\.(\$\{[^}]*\}|[a-z0-9-]+)\./, ''),
    type: String(e.vpc_endpoint_type ?? 'Gateway'),
    subnets: list(e.subnet_ids).length,
  }));
}

/** The VPC: its CIDR, subnets and zones, NAT gateways, Elastic IPs and endpoints. */
function networkFacts(json: SynthJson, counts: Readonly<Record<string, number>>): NetworkFacts {
  const { subnets, azCount } = subnetFacts(json);
  const natGateways = counts.aws_nat_gateway ?? 0;
  return {
    vpcCidr: resourcesOf(json, 'aws_vpc').map(({ values: v }) => v.cidr_block as string | undefined)[0],
    subnets,
    azCount,
    natGateways,
    natMode: natMode(natGateways, azCount),
    elasticIps: counts.aws_eip ?? 0,
    endpoints: endpointFacts(json),
  };
}

function loadBalancerFacts(json: SynthJson): LoadBalancerFacts[] {
  return resourcesOf(json, 'aws_lb')
    .concat(resourcesOf(json, 'aws_alb'))
    .map(({ address, values: l }) => ({ address, internal: isTrue(l.internal), type: String(l.load_balancer_type ?? 'application'), subnets: list(l.subnets).length + list(l.subnet_mapping).length }));
}

function listenerFacts(json: SynthJson): ListenerFacts[] {
  return resourcesOf(json, 'aws_lb_listener').map(({ address, values: l }) => ({
    address,
    port: num(l.port),
    protocol: String(l.protocol ?? ''),
    action: String(block(l.default_action).type ?? ''),
    sslPolicy: l.ssl_policy === undefined ? undefined : String(l.ssl_policy),
  }));
}

function webAclFacts(json: SynthJson): WebAclFacts[] {
  return resourcesOf(json, 'aws_wafv2_web_acl').map(({ address, values: w }) => {
    const r = countRules(blocks(w.rule));
    return { address, scope: String(w.scope ?? 'REGIONAL'), rules: r.rules, managedRuleGroups: r.managed, rateBasedRules: r.rateBased };
  });
}

function cloudFrontFacts(json: SynthJson): StackFacts['cloudFront'] {
  return resourcesOf(json, 'aws_cloudfront_distribution').map(({ address, values: c }) => ({
    address,
    minimumTls: block(c.viewer_certificate).minimum_protocol_version as string | undefined,
    priceClass: c.price_class as string | undefined,
  }));
}

/** ECS services with their task definition's sizing and their autoscaling bounds. */
function serviceFacts(json: SynthJson): ServiceFacts[] {
  const taskDefs = new Map(resourcesOf(json, 'aws_ecs_task_definition').map((r) => [r.address, r.values]));
  const scalingTargets = resourcesOf(json, 'aws_appautoscaling_target');
  return resourcesOf(json, 'aws_ecs_service').map(({ address, values: s }) => {
    const td = firstReferenced(s.task_definition, (ref) => taskDefs.get(ref.address)) ?? (taskDefs.size === 1 ? [...taskDefs.values()][0] : undefined);
    const serviceName = address.split('.')[1];
    const target = scalingTargets.find(({ values: t }) => typeof t.resource_id === 'string' && (t.resource_id.includes(`aws_ecs_service.${serviceName}.`) || t.resource_id.includes(String(s.name))));
    return {
      address,
      desiredCount: num(s.desired_count, 1),
      launchType: String(s.launch_type ?? (s.capacity_provider_strategy ? 'capacity provider' : 'FARGATE')),
      ...taskSizing(td),
      minCount: target ? num(target.values.min_capacity) : undefined,
      maxCount: target ? num(target.values.max_capacity) : undefined,
      schedule: target ? floorSchedule(json, target.address) : undefined,
    };
  });
}

/**
 * The weekly floor schedule of a scalable target: its scheduled actions that set min_capacity on a weekly cron
 * (modules/compute/schedule.ts), or undefined when it has none or one cannot be read as weekly.
 */
function floorSchedule(json: SynthJson, targetAddress: string): ServiceFacts['schedule'] {
  const actions = resourcesOf(json, 'aws_appautoscaling_scheduled_action').filter((a) => refersTo(a.values.resource_id, targetAddress));
  const floors = actions.map((a) => ({ schedule: parseWeeklyCron(String(a.values.schedule)), minCount: Number(block(a.values.scalable_target_action).min_capacity) }));
  if (floors.length === 0 || floors.some((f) => typeof f.schedule === 'string' || Number.isNaN(f.minCount))) return undefined;
  return {
    hoursPerWeekByFloor: weeklyHoursByFloor(floors as ScheduledFloor[]),
    timezone: String(actions[0].values.timezone ?? 'UTC'),
    actions: actions.map((a) => a.address),
  };
}

/** RDS instances; replicas inherit engine and storage from their source when they do not set them. */
function databaseFacts(json: SynthJson): DatabaseFacts[] {
  const databases: DatabaseFacts[] = resourcesOf(json, 'aws_db_instance').map(({ address, values: d }) => ({
    address,
    engine: String(d.engine ?? (d.replicate_source_db ? 'replica' : 'unknown')),
    engineVersion: d.engine_version === undefined ? undefined : String(d.engine_version),
    instanceClass: String(d.instance_class ?? 'unknown'),
    multiAz: isTrue(d.multi_az),
    storageGb: num(d.allocated_storage),
    maxStorageGb: d.max_allocated_storage === undefined ? undefined : num(d.max_allocated_storage),
    storageType: String(d.storage_type ?? 'gp2'),
    replica: d.replicate_source_db !== undefined && d.replicate_source_db !== null,
    encrypted: isTrue(d.storage_encrypted),
    performanceInsights: isTrue(d.performance_insights_enabled),
    performanceInsightsRetentionDays: d.performance_insights_retention_period === undefined ? undefined : num(d.performance_insights_retention_period),
    managedMasterSecret: isTrue(d.manage_master_user_password),
  }));
  const primary = databases.find((d) => !d.replica);
  return databases.map((d) =>
    d.replica && primary
      ? { ...d, engine: d.engine === 'replica' ? primary.engine : d.engine, storageGb: d.storageGb || primary.storageGb, storageType: d.storageType || primary.storageType }
      : d,
  );
}

type ResourceTotals = Pick<
  StackFacts,
  'secrets' | 'kmsKeys' | 'logGroups' | 'alarms' | 'dashboards' | 'snsTopics' | 'ecrRepositories' | 'buckets' | 'dynamodbTables' | 'trails' | 'guardDuty' | 'securityHub' | 'configRecorders'
>;

/** How many of each counted-only resource the stack has (keys, secrets, alarms, account services...). */
function resourceTotals(counts: Readonly<Record<string, number>>): ResourceTotals {
  const count = (t: string) => counts[t] ?? 0;
  return {
    secrets: count('aws_secretsmanager_secret'),
    kmsKeys: count('aws_kms_key'),
    logGroups: count('aws_cloudwatch_log_group'),
    alarms: count('aws_cloudwatch_metric_alarm'),
    dashboards: count('aws_cloudwatch_dashboard'),
    snsTopics: count('aws_sns_topic'),
    ecrRepositories: count('aws_ecr_repository'),
    buckets: count('aws_s3_bucket'),
    dynamodbTables: count('aws_dynamodb_table'),
    trails: count('aws_cloudtrail'),
    guardDuty: count('aws_guardduty_detector'),
    securityHub: count('aws_securityhub_account'),
    configRecorders: count('aws_config_configuration_recorder'),
  };
}

/** Reads the architecture facts of one synthesized stack. */
export function stackFacts(json: SynthJson): StackFacts {
  const counts = resourceCounts(json);
  return {
    ...networkFacts(json, counts),
    loadBalancers: loadBalancerFacts(json),
    listeners: listenerFacts(json),
    webAcls: webAclFacts(json),
    cloudFront: cloudFrontFacts(json),
    services: serviceFacts(json),
    databases: databaseFacts(json),
    ...resourceTotals(counts),
    counts,
  };
}
