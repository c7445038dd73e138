/**
 * Monthly cost estimates from what a stack synthesizes, priced with the
 * shipped price table (prices.json: us-east-1 on-demand, with its retrieval
 * date and a source per item) and explicit usage assumptions (usage.json).
 * Itemised by resource; compares two estimates (two environments, or the same
 * environment at two commits).
 */
import * as fs from 'fs';
import * as path from 'path';
import { DatabaseFacts, ServiceFacts, StackFacts, stackFacts } from './facts';
import type { SynthJson } from './inventory';
import { plural } from './text';

export interface PriceItem {
  readonly usd: number;
  readonly unit: string;
  readonly source: string;
  /** Cross-checked against a second published quote when the table was compiled. */
  readonly checked?: boolean;
  /** How an unchecked price was arrived at. */
  readonly note?: string;
}

export interface PriceTable {
  readonly region: string;
  readonly currency: string;
  /** When the prices were compiled (YYYY-MM-DD). */
  readonly retrieved: string;
  readonly hoursPerMonth: number;
  readonly method?: string;
  readonly items: Readonly<Record<string, PriceItem>>;
}

/** Monthly usage behind the traffic-dependent lines. */
export interface Usage {
  readonly requestsPerMonth: number;
  readonly averageResponseKb: number;
  readonly natGbPerMonth: number;
  readonly interfaceEndpointGbPerMonth: number;
  readonly albAverageLcu: number;
  readonly logIngestGbPerMonth: number;
  readonly logStoredGb: number;
  readonly kmsRequestsPerMonth: number;
  readonly secretsApiCallsPerMonth: number;
  readonly ecrStoredGb: number;
  readonly s3StoredGb: number;
  readonly databaseBackupGbBeyondFree: number;
  readonly alertEmailsPerMonth: number;
  readonly cloudTrailEventsMillion: number;
  readonly flowLogGbAnalysed: number;
  readonly securityHubChecks: number;
  readonly configItems: number;
}

export interface UsageFile {
  readonly default: Usage;
  readonly environments?: Readonly<Record<string, Partial<Usage>>>;
}

export interface CostLine {
  /** AWS service, as on the bill. */
  readonly service: string;
  /** What is billed (stable across environments: the diff key). */
  readonly item: string;
  /** Variable detail (instance class, scope, architecture...). */
  readonly detail?: string;
  /** The resource address(es) it comes from. */
  readonly resource: string;
  /** Human-readable quantity arithmetic, e.g. `3 tasks × 1 vCPU × 730 h`. */
  readonly quantity: string;
  /** Price table key. */
  readonly priceKey: string;
  /** Unit price; undefined when the price table has no such item. */
  readonly unitPrice?: number;
  /** The price table marks this price as not cross-checked (`checked: false`). */
  readonly unverified?: boolean;
  /** Monthly USD; undefined when the price is missing. */
  readonly monthly?: number;
  /** Depends on usage assumptions rather than only on what is provisioned. */
  readonly usageBased: boolean;
}

export interface CostEstimate {
  readonly name: string;
  readonly region: string;
  readonly retrieved: string;
  readonly hoursPerMonth: number;
  readonly lines: readonly CostLine[];
  /** Sum of the priced lines. */
  readonly total: number;
  /** Provisioned (fixed) part of the total. */
  readonly fixed: number;
  /** Usage-based part of the total. */
  readonly usageBased: number;
  /** Price keys the table lacks (those lines are not in the total). */
  readonly missingPrices: readonly string[];
  readonly usage: Usage;
  readonly assumptions: readonly string[];
}

/** Where prices.json and usage.json live (next to the source, also when running from dist/). */
function dataFile(name: string): string {
  const candidates = [path.join(__dirname, name), path.resolve(__dirname, '..', '..', '..', 'modules', 'review', name)];
  const found = candidates.find((c) => fs.existsSync(c));
  if (!found) throw new Error(`cannot find ${name} (looked in ${candidates.join(', ')})`);
  return found;
}

/** The shipped price table, or the one at `file`. */
export function loadPrices(file?: string): PriceTable {
  const t = JSON.parse(fs.readFileSync(file ?? dataFile('prices.json'), 'utf8')) as PriceTable;
  if (!t.items || typeof t.hoursPerMonth !== 'number' || !t.retrieved) throw new Error(`${file ?? 'prices.json'}: needs items, hoursPerMonth and retrieved`);
  return t;
}

/** The usage assumptions for an environment (defaults merged with its overrides). */
export function loadUsage(environment: string, file?: string): Usage {
  const u = JSON.parse(fs.readFileSync(file ?? dataFile('usage.json'), 'utf8')) as UsageFile;
  return { ...u.default, ...(u.environments?.[environment] ?? {}) };
}

const fmtNum = (n: number) => (Number.isInteger(n) ? n.toLocaleString('en-US') : Number(n.toFixed(4)).toLocaleString('en-US', { maximumFractionDigits: 4 }));

class LineBuilder {
  readonly lines: CostLine[] = [];
  readonly missing = new Set<string>();
  constructor(private readonly prices: PriceTable) {}

  add(service: string, item: string, resource: string, priceKey: string, units: number, quantity: string, usageBased = false, detail?: string): void {
    const p = this.prices.items[priceKey];
    if (!p) this.missing.add(priceKey);
    this.lines.push({ service, item, detail, resource, quantity, priceKey, unitPrice: p?.usd, unverified: p?.checked === false || undefined, monthly: p ? units * p.usd : undefined, usageBased });
  }
}

function dbLines(b: LineBuilder, d: DatabaseFacts, h: number): void {
  const copies = d.multiAz ? 2 : 1;
  const role = d.replica ? 'read replica' : d.multiAz ? 'primary + Multi-AZ standby' : 'primary (Single-AZ)';
  b.add('RDS', 'instance-hours', d.address, `rds.${d.engine}.${d.instanceClass}.hour`, copies * h, `${copies} × ${h} h`, false, `${d.instanceClass}, ${role}`);
  b.add('RDS', 'storage', d.address, `rds.storage.${d.storageType}.gb_month`, copies * d.storageGb, `${copies} × ${d.storageGb} GB`, false, d.storageType);
}

/** What every group of cost lines reads: the stack's facts, the usage assumptions and the hours in a month. */
interface PricingInput {
  readonly f: StackFacts;
  readonly usage: Usage;
  /** Hours per month (the price table's). */
  readonly h: number;
  /** The addresses of every resource of a type in the stack. */
  readonly addrs: (type: string) => string[];
}

/** Up to two addresses, or the first and how many more. */
function list(a: string[]): string {
  return a.length <= 2 ? a.join(', ') : `${a[0]} (+${a.length - 1} more)`;
}

/** Hours in a week: a month of `h` hours is `h / 168` weeks. */
const HOURS_PER_WEEK = 168;

/**
 * The task-hours a service runs in a month, and how they were counted: the desired count all month, or, with a
 * weekly floor schedule (off-hours scaling), each floor for the hours per week it holds, from the schedule.
 */
export function taskHoursPerMonth(s: ServiceFacts, h: number): { taskHours: number; quantity: (per: string) => string } {
  if (!s.schedule) return { taskHours: s.desiredCount * h, quantity: (per) => `${s.desiredCount} tasks × ${per} × ${h} h` };
  const floors = [...s.schedule.hoursPerWeekByFloor].sort(([a], [b]) => b - a);
  const perWeek = floors.reduce((n, [tasks, hours]) => n + tasks * hours, 0);
  const parts = floors.map(([tasks, hours]) => `${plural(tasks, 'task')} × ${fmtNum(hours)} h`).join(' + ');
  return { taskHours: (perWeek * h) / HOURS_PER_WEEK, quantity: (per) => `(${parts}) a week × ${h}/${HOURS_PER_WEEK} weeks × ${per}` };
}

/** ECS Fargate: vCPU- and GB-hours of each service's tasks (desired count, or the scheduled floors). */
function fargateLines(b: LineBuilder, { f, h }: PricingInput): void {
  for (const s of f.services) {
    const vcpu = s.vcpu ?? 0;
    const mem = s.memoryGb ?? 0;
    const { taskHours, quantity } = taskHoursPerMonth(s, h);
    const detail = s.schedule ? `${s.architecture}, off-hours schedule in ${s.schedule.timezone}` : s.architecture;
    b.add('ECS Fargate', 'vCPU-hours', s.address, `fargate.${s.architecture}.vcpu_hour`, taskHours * vcpu, quantity(`${fmtNum(vcpu)} vCPU`), false, detail);
    b.add('ECS Fargate', 'GB-hours', s.address, `fargate.${s.architecture}.gb_hour`, taskHours * mem, quantity(`${fmtNum(mem)} GB`), false, detail);
  }
}

/** RDS: instance-hours and storage per instance, backup storage beyond the free allowance. */
function databaseLines(b: LineBuilder, { f, usage, h }: PricingInput): void {
  for (const d of f.databases) dbLines(b, d, h);
  if (f.databases.length > 0 && usage.databaseBackupGbBeyondFree > 0) {
    b.add('RDS', 'backup storage beyond the free allowance', f.databases[0].address, 'rds.backup.gb_month', usage.databaseBackupGbBeyondFree, `${usage.databaseBackupGbBeyondFree} GB`, true);
  }
}

/** VPC: NAT gateways, public IPv4 addresses (Elastic IPs, public ALBs) and interface endpoints. */
function networkLines(b: LineBuilder, { f, usage, h, addrs }: PricingInput): void {
  const nats = addrs('aws_nat_gateway');
  if (nats.length > 0) {
    b.add('VPC', 'NAT gateway-hours', list(nats), 'nat_gateway.hour', nats.length * h, `${nats.length} × ${h} h`, false, f.natMode);
    b.add('VPC', 'NAT data processed', list(nats), 'nat_gateway.gb', usage.natGbPerMonth, `${usage.natGbPerMonth} GB`, true);
  }
  const publicAlbIps = f.loadBalancers.filter((l) => !l.internal).reduce((n, l) => n + l.subnets, 0);
  if (f.elasticIps > 0) b.add('VPC', 'public IPv4 (Elastic IPs)', list(addrs('aws_eip')), 'public_ipv4.hour', f.elasticIps * h, `${f.elasticIps} × ${h} h`);
  if (publicAlbIps > 0) b.add('VPC', 'public IPv4 (ALB, one per AZ)', list(f.loadBalancers.map((l) => l.address)), 'public_ipv4.hour', publicAlbIps * h, `${publicAlbIps} × ${h} h`);
  for (const e of f.endpoints) {
    if (e.type === 'Interface') b.add('VPC', `interface endpoint ${e.service}`, e.address, 'vpc_endpoint.interface.hour', e.subnets * h, `${e.subnets} AZs × ${h} h`);
  }
  const interfaceEndpoints = f.endpoints.filter((e) => e.type === 'Interface');
  if (interfaceEndpoints.length > 0) {
    b.add('VPC', 'interface endpoint data processed', plural(interfaceEndpoints.length, 'endpoint'), 'vpc_endpoint.interface.gb', usage.interfaceEndpointGbPerMonth, `${usage.interfaceEndpointGbPerMonth} GB`, true);
  }
}

/** Elastic Load Balancing: ALB-hours and LCU-hours per load balancer. */
function loadBalancerLines(b: LineBuilder, { f, usage, h }: PricingInput): void {
  for (const l of f.loadBalancers) {
    b.add('Elastic Load Balancing', 'ALB-hours', l.address, 'alb.hour', h, `1 × ${h} h`);
    b.add('Elastic Load Balancing', 'LCU-hours', l.address, 'alb.lcu_hour', usage.albAverageLcu * h, `${usage.albAverageLcu} LCU × ${h} h`, true);
  }
}

/** CloudFront: data transfer out and HTTPS requests per distribution. */
function cloudFrontLines(b: LineBuilder, { f, usage }: PricingInput): void {
  const dataOutGb = (usage.requestsPerMonth * usage.averageResponseKb) / (1024 * 1024);
  for (const c of f.cloudFront) {
    b.add('CloudFront', 'data transfer out', c.address, 'cloudfront.data_out.gb', dataOutGb, `${fmtNum(usage.requestsPerMonth)} requests × ${usage.averageResponseKb} KB = ${fmtNum(Math.round(dataOutGb * 10) / 10)} GB`, true);
    b.add('CloudFront', 'HTTPS requests', c.address, 'cloudfront.https_requests.10k', usage.requestsPerMonth / 10000, `${fmtNum(usage.requestsPerMonth)} / 10,000`, true);
  }
}

/** WAF: each web ACL, its rules and the requests it inspects. */
function wafLines(b: LineBuilder, { f, usage }: PricingInput): void {
  for (const w of f.webAcls) {
    b.add('WAF', 'web ACL', w.address, 'waf.web_acl.month', 1, '1 ACL', false, w.scope);
    b.add('WAF', 'rules', w.address, 'waf.rule.month', w.rules, `${w.rules} rules`, false, `${w.managedRuleGroups} managed groups, ${w.rules - w.managedRuleGroups} own`);
    b.add('WAF', 'requests inspected', w.address, 'waf.requests.million', usage.requestsPerMonth / 1e6, `${fmtNum(usage.requestsPerMonth / 1e6)} M requests`, true);
  }
}

/** KMS keys and Secrets Manager secrets (RDS-managed master secrets included), with their API calls. */
function keyAndSecretLines(b: LineBuilder, { f, usage, addrs }: PricingInput): void {
  if (f.kmsKeys > 0) {
    b.add('KMS', 'customer managed keys', list(addrs('aws_kms_key')), 'kms.key.month', f.kmsKeys, plural(f.kmsKeys, 'key'));
    b.add('KMS', 'requests', plural(f.kmsKeys, 'key'), 'kms.requests.10k', usage.kmsRequestsPerMonth / 10000, `${fmtNum(usage.kmsRequestsPerMonth)} / 10,000`, true);
  }
  const managedSecrets = f.databases.filter((d) => d.managedMasterSecret && !d.replica).length;
  const secrets = f.secrets + managedSecrets;
  if (secrets > 0) {
    const res = [...addrs('aws_secretsmanager_secret'), ...f.databases.filter((d) => d.managedMasterSecret && !d.replica).map((d) => `${d.address} (RDS-managed)`)];
    b.add('Secrets Manager', 'secrets', list(res), 'secretsmanager.secret.month', secrets, `${f.secrets} + ${managedSecrets} RDS-managed`);
    b.add('Secrets Manager', 'API calls', plural(secrets, 'secret'), 'secretsmanager.api.10k', usage.secretsApiCallsPerMonth / 10000, `${fmtNum(usage.secretsApiCallsPerMonth)} / 10,000`, true);
  }
}

/** CloudWatch alarms, dashboards and logs; SNS email notifications beyond the free tier. */
function observabilityLines(b: LineBuilder, { f, usage, addrs }: PricingInput): void {
  if (f.alarms > 0) b.add('CloudWatch', 'alarms', list(addrs('aws_cloudwatch_metric_alarm')), 'cloudwatch.alarm.month', f.alarms, plural(f.alarms, 'alarm'));
  if (f.dashboards > 0) b.add('CloudWatch', 'dashboards', list(addrs('aws_cloudwatch_dashboard')), 'cloudwatch.dashboard.month', f.dashboards, plural(f.dashboards, 'dashboard'));
  if (f.logGroups > 0) {
    b.add('CloudWatch', 'log ingestion', plural(f.logGroups, 'log group'), 'cloudwatch.logs.ingest.gb', usage.logIngestGbPerMonth, `${usage.logIngestGbPerMonth} GB`, true);
    b.add('CloudWatch', 'log storage', plural(f.logGroups, 'log group'), 'cloudwatch.logs.storage.gb_month', usage.logStoredGb, `${usage.logStoredGb} GB`, true);
  }
  if (f.snsTopics > 0 && usage.alertEmailsPerMonth > 1000) {
    b.add('SNS', 'email notifications', list(addrs('aws_sns_topic')), 'sns.email.100k', (usage.alertEmailsPerMonth - 1000) / 100000, `${usage.alertEmailsPerMonth - 1000} beyond the free 1,000`, true);
  }
}

/** ECR image storage, S3 storage and ACM public certificates. */
function storageAndCertificateLines(b: LineBuilder, { f, usage, addrs }: PricingInput): void {
  if (f.ecrRepositories > 0) b.add('ECR', 'image storage', list(addrs('aws_ecr_repository')), 'ecr.storage.gb_month', usage.ecrStoredGb * f.ecrRepositories, `${f.ecrRepositories} × ${usage.ecrStoredGb} GB`, true);
  if (f.buckets > 0) b.add('S3', 'standard storage', list(addrs('aws_s3_bucket')), 's3.standard.gb_month', usage.s3StoredGb, `${usage.s3StoredGb} GB`, true, `${f.buckets} buckets`);
  const certs = addrs('aws_acm_certificate');
  if (certs.length > 0) b.add('ACM', 'public certificates', list(certs), 'acm.public_certificate', certs.length, plural(certs.length, 'certificate'));
}

/** The account baseline: CloudTrail, GuardDuty, Security Hub and AWS Config. */
function accountBaselineLines(b: LineBuilder, { f, usage, addrs }: PricingInput): void {
  if (f.trails > 0) b.add('CloudTrail', 'management events (first copy)', list(addrs('aws_cloudtrail')), 'cloudtrail.management_events.first_copy', f.trails, plural(f.trails, 'trail'));
  if (f.guardDuty > 0) {
    b.add('GuardDuty', 'CloudTrail events analysed', list(addrs('aws_guardduty_detector')), 'guardduty.cloudtrail_events.million', usage.cloudTrailEventsMillion, `${usage.cloudTrailEventsMillion} M events`, true);
    b.add('GuardDuty', 'flow / DNS logs analysed', list(addrs('aws_guardduty_detector')), 'guardduty.flow_logs.gb', usage.flowLogGbAnalysed, `${usage.flowLogGbAnalysed} GB`, true);
  }
  if (f.securityHub > 0) b.add('Security Hub', 'security checks', list(addrs('aws_securityhub_account')), 'securityhub.check', usage.securityHubChecks, `${fmtNum(usage.securityHubChecks)} checks`, true);
  if (f.configRecorders > 0) b.add('Config', 'configuration items', list(addrs('aws_config_configuration_recorder')), 'config.configuration_item', usage.configItems, `${fmtNum(usage.configItems)} items`, true);
}

/** The groups of cost lines, in the order the estimate lists them. */
const COST_LINE_GROUPS: readonly ((b: LineBuilder, input: PricingInput) => void)[] = [
  fargateLines,
  databaseLines,
  networkLines,
  loadBalancerLines,
  cloudFrontLines,
  wafLines,
  keyAndSecretLines,
  observabilityLines,
  storageAndCertificateLines,
  accountBaselineLines,
];

/** What the estimate assumes, in words (hours, prices, scaling, traffic and what is not included). */
function costAssumptions(prices: PriceTable, usage: Usage): string[] {
  const h = prices.hoursPerMonth;
  return [
    `${h} hours per month; always-on resources run the whole month.`,
    `${prices.region} on-demand list prices retrieved ${prices.retrieved} (modules/review/prices.json, source per item); no free tier, Savings Plans or Reserved Instances.`,
    `ECS tasks at the service's desired count (autoscaling above it costs more); with an off-hours schedule, at each scheduled floor for the hours a week it holds (computed from the scheduled actions' cron expressions); Multi-AZ bills instance-hours and storage twice; each read replica is a separate instance.`,
    `Traffic: ${fmtNum(usage.requestsPerMonth)} requests/month × ${usage.averageResponseKb} KB responses; NAT ${usage.natGbPerMonth} GB; interface endpoints ${usage.interfaceEndpointGbPerMonth} GB; ALB ${usage.albAverageLcu} LCU on average.`,
    `Logs: ${usage.logIngestGbPerMonth} GB ingested, ${usage.logStoredGb} GB stored; KMS ${fmtNum(usage.kmsRequestsPerMonth)} requests; Secrets Manager ${fmtNum(usage.secretsApiCallsPerMonth)} API calls; ECR ${usage.ecrStoredGb} GB; S3 ${usage.s3StoredGb} GB.`,
    'Not included: data transfer out of the ALB or NAT to the internet, cross-AZ transfer, Route 53 queries (alias queries to AWS resources are free), Performance Insights beyond 7 days, Container Insights metrics, tax.',
    'Free, so not priced: CloudFront VPC origins (no charge beyond CloudFront\'s own, https://aws.amazon.com/cloudfront/pricing/); an internal ALB has no public IPv4 addresses to pay for.',
  ];
}

/** The total of the priced lines, and its provisioned (fixed) and usage-based parts. */
function costTotals(lines: readonly CostLine[]): { total: number; fixed: number; usageBased: number } {
  const priced = lines.filter((l) => l.monthly !== undefined);
  const sum = (ls: CostLine[]) => ls.reduce((n, l) => n + (l.monthly ?? 0), 0);
  return { total: sum(priced), fixed: sum(priced.filter((l) => !l.usageBased)), usageBased: sum(priced.filter((l) => l.usageBased)) };
}

/**
 * Estimates one synthesized stack. Every line's arithmetic is shown; lines
 * whose price is missing are listed but not added to the total.
 */
export function estimateCost(name: string, json: SynthJson, prices: PriceTable, usage: Usage): CostEstimate {
  const input: PricingInput = {
    f: stackFacts(json),
    usage,
    h: prices.hoursPerMonth,
    addrs: (type) => Object.keys(json.resource?.[type] ?? {}).map((n) => `${type}.${n}`),
  };
  const b = new LineBuilder(prices);
  for (const addLines of COST_LINE_GROUPS) addLines(b, input);
  return {
    name,
    region: prices.region,
    retrieved: prices.retrieved,
    hoursPerMonth: prices.hoursPerMonth,
    lines: b.lines,
    ...costTotals(b.lines),
    missingPrices: [...b.missing].sort(),
    usage,
    assumptions: costAssumptions(prices, usage),
  };
}

export function usd(n: number | undefined): string {
  if (n === undefined) return 'n/a';
  const s = Math.abs(n).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return `${n < 0 ? '-' : ''}$${s}`;
}

function unitUsd(n: number | undefined): string {
  if (n === undefined) return '**missing**';
  return `$${Number(n.toPrecision(6))}`;
}

/** The itemised table (service, item, resource, quantity, unit price, monthly) with totals and assumptions. */
export function renderCostMarkdown(e: CostEstimate): string {
  const out: string[] = [];
  out.push(`### Monthly cost estimate: ${e.name}`, '');
  out.push('| Service | Item | Resource | Quantity | Unit price | Monthly |', '|---|---|---|---|---:|---:|');
  for (const l of e.lines) {
    out.push(`| ${l.service} | ${l.item}${l.detail ? ` (${l.detail})` : ''}${l.usageBased ? ' ¹' : ''} | \`${l.resource}\` | ${l.quantity} | ${unitUsd(l.unitPrice)}${l.unverified ? ' †' : ''} | ${usd(l.monthly)} |`);
  }
  out.push(`| **Total** | | | | | **${usd(e.total)}** |`, '');
  out.push(`Provisioned: ${usd(e.fixed)}; usage-based (¹): ${usd(e.usageBased)}.`, '');
  if (e.lines.some((l) => l.unverified)) out.push('† Price not cross-checked when the table was compiled (see its `note` in prices.json); confirm it on the source page before quoting a budget.', '');
  if (e.missingPrices.length > 0) out.push(`⚠️ Not in the total, the price table has no item: ${e.missingPrices.map((k) => `\`${k}\``).join(', ')}. Add it to prices.json or pass --prices.`, '');
  out.push('Assumptions:', '', ...e.assumptions.map((a) => `- ${a}`), '');
  return out.join('\n');
}

export interface CostDiffRow {
  readonly service: string;
  readonly base: number;
  readonly head: number;
  readonly delta: number;
}

export interface CostDiff {
  readonly baseName: string;
  readonly headName: string;
  readonly rows: readonly CostDiffRow[];
  readonly baseTotal: number;
  readonly headTotal: number;
  readonly delta: number;
  /** Lines that appear in only one estimate or whose amount changed, keyed by service · item · resource. */
  readonly changedLines: readonly { key: string; base?: number; head?: number }[];
}

/** An estimate's monthly amounts summed by `key`, keys in the order their first line comes. */
function monthlyBy(e: CostEstimate, key: (l: CostLine) => string): Map<string, number> {
  const m = new Map<string, number>();
  for (const l of e.lines) m.set(key(l), (m.get(key(l)) ?? 0) + (l.monthly ?? 0));
  return m;
}

/** Compares two estimates by service and by line. */
export function diffCost(base: CostEstimate, head: CostEstimate): CostDiff {
  const a = monthlyBy(base, (l) => l.service);
  const b = monthlyBy(head, (l) => l.service);
  const services = [...new Set([...a.keys(), ...b.keys()])];
  const rows = services
    .map((s) => ({ service: s, base: a.get(s) ?? 0, head: b.get(s) ?? 0, delta: (b.get(s) ?? 0) - (a.get(s) ?? 0) }))
    .sort((x, y) => Math.abs(y.delta) - Math.abs(x.delta) || x.service.localeCompare(y.service));
  // Keyed by service, item and the first resource, so the same role lines up across environments.
  const key = (l: CostLine) => {
    const first = l.resource.split(/[ ,]/)[0];
    return `${l.service} · ${l.item}${first.includes('.') ? ` · ${first}` : ''}`;
  };
  const la = monthlyBy(base, key);
  const lb = monthlyBy(head, key);
  const changedLines = [...new Set([...la.keys(), ...lb.keys()])]
    .filter((k) => Math.abs((la.get(k) ?? 0) - (lb.get(k) ?? 0)) > 0.005 || la.has(k) !== lb.has(k))
    .sort()
    .map((k) => ({ key: k, base: la.get(k), head: lb.get(k) }));
  return { baseName: base.name, headName: head.name, rows, baseTotal: base.total, headTotal: head.total, delta: head.total - base.total, changedLines };
}

function signed(n: number): string {
  return n > 0.005 ? `+${usd(n)}` : n < -0.005 ? usd(n) : '$0.00';
}

export function renderCostDiffMarkdown(d: CostDiff): string {
  const out: string[] = [];
  out.push(`### Cost difference: ${d.baseName} → ${d.headName}`, '');
  out.push(`| Service | ${d.baseName} | ${d.headName} | Δ |`, '|---|---:|---:|---:|');
  for (const r of d.rows) out.push(`| ${r.service} | ${usd(r.base)} | ${usd(r.head)} | ${signed(r.delta)} |`);
  out.push(`| **Total** | **${usd(d.baseTotal)}** | **${usd(d.headTotal)}** | **${signed(d.delta)}** |`, '');
  if (d.changedLines.length > 0) {
    out.push('<details><summary>Lines that differ</summary>', '', `| Line | ${d.baseName} | ${d.headName} |`, '|---|---:|---:|');
    for (const c of d.changedLines) out.push(`| ${c.key.replace(/\|/g, '\\|')} | ${c.base === undefined ? '—' : usd(c.base)} | ${c.head === undefined ? '—' : usd(c.head)} |`);
    out.push('', '</details>', '');
  }
  return out.join('\n');
}
