import * as fs from 'fs';
import * as path from 'path';
import { CostEstimate, diffCost, estimateCost, loadPrices, loadUsage, renderCostDiffMarkdown, renderCostMarkdown, Usage } from '../../modules/review/cost';
import type { SynthJson } from '../../modules/review/inventory';
import { parseCostArgs, runCost } from '../../scripts/cost';
import { committedStacks, tmpOutdir } from '../support/synth';

let realStacks: Map<string, SynthJson> | undefined;
/** The real environments, synthesized once for the tests that need them. */
function real(): Map<string, SynthJson> {
  realStacks ??= new Map([...committedStacks()].map(([n, st]) => [n, st.json as SynthJson]));
  return realStacks;
}

const fixture = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'stack.json'), 'utf8')) as SynthJson;
/** Round test prices (fixtures/prices.json), loaded through the same --prices override users have. */
const prices = loadPrices(path.join(__dirname, 'fixtures', 'prices.json'));
const usage: Usage = {
  requestsPerMonth: 1048576, // × 20 KB = exactly 20 GB
  averageResponseKb: 20,
  natGbPerMonth: 10,
  interfaceEndpointGbPerMonth: 5,
  albAverageLcu: 2,
  logIngestGbPerMonth: 4,
  logStoredGb: 10,
  kmsRequestsPerMonth: 100000,
  secretsApiCallsPerMonth: 20000,
  ecrStoredGb: 3,
  s3StoredGb: 50,
  databaseBackupGbBeyondFree: 10,
  alertEmailsPerMonth: 100,
  cloudTrailEventsMillion: 0,
  flowLogGbAnalysed: 0,
  securityHubChecks: 0,
  configItems: 0,
};

function line(e: CostEstimate, service: string, item: string, resource?: string) {
  const found = e.lines.filter((l) => l.service === service && l.item === item && (resource === undefined || l.resource === resource));
  if (found.length !== 1) throw new Error(`expected one ${service} / ${item} / ${resource ?? '*'} line, found ${found.length}: ${e.lines.map((l) => `${l.service}/${l.item}/${l.resource}`).join('; ')}`);
  return found[0];
}

describe('cost arithmetic on a fixture stack', () => {
  const e = estimateCost('fixture', fixture, prices, usage);

  it('prices Fargate as tasks × vCPU/GB × 730 h at the arm64 rates', () => {
    expect(line(e, 'ECS Fargate', 'vCPU-hours').monthly).toBeCloseTo(2 * 0.5 * 730 * 0.04, 10); // 29.20
    expect(line(e, 'ECS Fargate', 'GB-hours').monthly).toBeCloseTo(2 * 1 * 730 * 0.004, 10); // 5.84
    expect(line(e, 'ECS Fargate', 'vCPU-hours').quantity).toBe('2 tasks × 0.5 vCPU × 730 h');
  });

  it('bills Multi-AZ twice (instance and storage) and a replica as its own instance', () => {
    expect(line(e, 'RDS', 'instance-hours', 'aws_db_instance.database_primary').monthly).toBeCloseTo(2 * 730 * 0.03, 10); // 43.80
    expect(line(e, 'RDS', 'storage', 'aws_db_instance.database_primary').monthly).toBeCloseTo(2 * 50 * 0.1, 10); // 10.00
    expect(line(e, 'RDS', 'instance-hours', 'aws_db_instance.database_replica_1').monthly).toBeCloseTo(730 * 0.03, 10); // 21.90
    expect(line(e, 'RDS', 'storage', 'aws_db_instance.database_replica_1').monthly).toBeCloseTo(50 * 0.1, 10); // inherits 50 GB
    expect(line(e, 'RDS', 'backup storage beyond the free allowance').monthly).toBeCloseTo(1, 10);
  });

  it('prices the network: NAT hours + processing, public IPv4 (EIP and ALB per AZ), interface endpoints per AZ; gateway endpoints free', () => {
    expect(line(e, 'VPC', 'NAT gateway-hours').monthly).toBeCloseTo(36.5, 10);
    expect(line(e, 'VPC', 'NAT gateway-hours').detail).toBe('single');
    expect(line(e, 'VPC', 'NAT data processed').monthly).toBeCloseTo(0.5, 10);
    expect(line(e, 'VPC', 'public IPv4 (Elastic IPs)').monthly).toBeCloseTo(3.65, 10);
    expect(line(e, 'VPC', 'public IPv4 (ALB, one per AZ)').monthly).toBeCloseTo(7.3, 10);
    expect(line(e, 'VPC', 'interface endpoint ecr.api').monthly).toBeCloseTo(2 * 730 * 0.01, 10);
    expect(line(e, 'VPC', 'interface endpoint secretsmanager').quantity).toBe('2 AZs × 730 h');
    expect(e.lines.some((l) => l.item.includes('s3'))).toBe(false);
  });

  it('prices ALB hours + LCUs, CloudFront traffic, and each web ACL with its rules and requests', () => {
    expect(line(e, 'Elastic Load Balancing', 'ALB-hours').monthly).toBeCloseTo(14.6, 10);
    expect(line(e, 'Elastic Load Balancing', 'LCU-hours').monthly).toBeCloseTo(14.6, 10);
    expect(line(e, 'CloudFront', 'data transfer out').monthly).toBeCloseTo(2.0, 10);
    expect(line(e, 'CloudFront', 'HTTPS requests').monthly).toBeCloseTo(1.048576, 10);
    expect(line(e, 'WAF', 'rules', 'aws_wafv2_web_acl.edge_waf_acl').monthly).toBe(4);
    expect(line(e, 'WAF', 'rules', 'aws_wafv2_web_acl.edge_waf_acl').detail).toBe('2 managed groups, 2 own');
    expect(line(e, 'WAF', 'rules', 'aws_wafv2_web_acl.edge_cloudfront_waf_acl').monthly).toBe(2);
    expect(e.lines.filter((l) => l.service === 'WAF' && l.item === 'web ACL').map((l) => l.monthly)).toEqual([5, 5]);
    expect(line(e, 'WAF', 'requests inspected', 'aws_wafv2_web_acl.edge_waf_acl').monthly).toBeCloseTo(0.6291456, 10);
  });

  it('prices keys, secrets (counting the RDS-managed master secret), alarms, dashboards, logs, ECR, S3', () => {
    expect(line(e, 'KMS', 'customer managed keys').monthly).toBe(3);
    expect(line(e, 'KMS', 'requests').monthly).toBeCloseTo(0.3, 10);
    expect(line(e, 'Secrets Manager', 'secrets').monthly).toBeCloseTo(3 * 0.4, 10);
    expect(line(e, 'Secrets Manager', 'secrets').quantity).toBe('2 + 1 RDS-managed');
    expect(line(e, 'CloudWatch', 'alarms').monthly).toBeCloseTo(0.4, 10);
    expect(line(e, 'CloudWatch', 'dashboards').monthly).toBe(3);
    expect(line(e, 'CloudWatch', 'log ingestion').monthly).toBe(2);
    expect(line(e, 'CloudWatch', 'log storage').monthly).toBeCloseTo(0.3, 10);
    expect(line(e, 'ECR', 'image storage').monthly).toBeCloseTo(0.3, 10);
    expect(line(e, 'S3', 'standard storage').monthly).toBeCloseTo(1, 10);
    expect(line(e, 'ACM', 'public certificates').monthly).toBe(0);
    expect(e.lines.some((l) => l.service === 'SNS')).toBe(false); // 100 emails: inside the free 1,000
  });

  it('adds up exactly: total = provisioned + usage-based', () => {
    expect(e.fixed).toBeCloseTo(230.59, 8);
    expect(e.usageBased).toBeCloseTo(24.4568672, 8);
    expect(e.total).toBeCloseTo(255.0468672, 8);
    expect(e.missingPrices).toEqual([]);
  });

  it('renders an itemised table with the total, the price date and the assumptions', () => {
    const md = renderCostMarkdown(e);
    expect(md).toContain('| ECS Fargate | vCPU-hours (arm64) | `aws_ecs_service.compute_service` | 2 tasks × 0.5 vCPU × 730 h | $0.04 | $29.20 |');
    expect(md).toContain('| RDS | instance-hours (db.t4g.small, primary + Multi-AZ standby) | `aws_db_instance.database_primary` | 2 × 730 h | $0.03 | $43.80 |');
    expect(md).toContain('| **Total** | | | | | **$255.05** |');
    expect(md).toContain('730 hours per month');
    expect(md).toContain('retrieved 2026-01-01');
    expect(md).toContain('1,048,576 requests/month × 20 KB');
  });

  it('marks prices the table flags as not cross-checked', () => {
    const flagged = { ...prices, items: { ...prices.items, 'alb.hour': { ...prices.items['alb.hour'], checked: false } } };
    const m = estimateCost('fixture', fixture, flagged, usage);
    expect(line(m, 'Elastic Load Balancing', 'ALB-hours').unverified).toBe(true);
    expect(line(m, 'Elastic Load Balancing', 'LCU-hours').unverified).toBeUndefined();
    const md = renderCostMarkdown(m);
    expect(md).toContain('| 1 × 730 h | $0.02 † | $14.60 |');
    expect(md).toContain('† Price not cross-checked');
    expect(renderCostMarkdown(e)).not.toContain('†');
  });

  it('lists a line whose price is missing, keeps it out of the total and says so', () => {
    const big = JSON.parse(JSON.stringify(fixture)) as { resource: Record<string, Record<string, Record<string, unknown>>> };
    big.resource.aws_db_instance.database_primary.instance_class = 'db.x9.huge';
    const m = estimateCost('fixture', big as SynthJson, prices, usage);
    expect(m.missingPrices).toEqual(['rds.postgres.db.x9.huge.hour']);
    expect(line(m, 'RDS', 'instance-hours', 'aws_db_instance.database_primary').monthly).toBeUndefined();
    expect(m.total).toBeCloseTo(255.0468672 - 43.8, 8);
    expect(renderCostMarkdown(m)).toContain('⚠️ Not in the total, the price table has no item: `rds.postgres.db.x9.huge.hour`');
  });
});

describe('Fargate task-hours with an off-hours schedule', () => {
  /** The fixture with the service's scalable target held at `up` from scaleUp and at `down` from scaleDown. */
  const scheduled = (scaleDown: string, scaleUp: string, down: number, up: number): SynthJson => {
    const json = JSON.parse(JSON.stringify(fixture)) as SynthJson & { resource: Record<string, Record<string, unknown>> };
    const action = (schedule: string, min: number) => ({
      resource_id: '${aws_appautoscaling_target.compute_scaling_target.resource_id}',
      scalable_dimension: 'ecs:service:DesiredCount',
      service_namespace: 'ecs',
      schedule,
      timezone: 'Europe/Berlin',
      scalable_target_action: { min_capacity: String(min), max_capacity: '6' },
    });
    json.resource.aws_appautoscaling_scheduled_action = { compute_scaling_off_hours_down: action(scaleDown, down), compute_scaling_off_hours_up: action(scaleUp, up) };
    return json;
  };

  it('prices each floor for the hours a week its schedule holds it, computed from the cron expressions', () => {
    const plain = estimateCost('plain', fixture, prices, usage);
    const weekdays = estimateCost('weekdays', scheduled('cron(0 20 ? * MON-FRI *)', 'cron(0 7 ? * MON-FRI *)', 1, 2), prices, usage);
    // 2 tasks for 5 x 13 = 65 h, 1 task for the other 103 h of the week; a 730-hour month is 730/168 weeks; 0.5 vCPU at $0.04.
    const vcpu = line(weekdays, 'ECS Fargate', 'vCPU-hours');
    expect(vcpu.monthly).toBeCloseTo(((2 * 65 + 1 * 103) * 730) / 168 * 0.5 * 0.04, 10);
    expect(vcpu.quantity).toBe('(2 tasks × 65 h + 1 task × 103 h) a week × 730/168 weeks × 0.5 vCPU');
    expect(vcpu.detail).toBe('arm64, off-hours schedule in Europe/Berlin');
    // Without the schedule: 2 tasks all 168 hours; the saving is the 103 off-hours at one task fewer.
    expect(line(plain, 'ECS Fargate', 'vCPU-hours').monthly! - vcpu.monthly!).toBeCloseTo(((1 * 103) * 730) / 168 * 0.5 * 0.04, 10);
    expect(line(plain, 'ECS Fargate', 'GB-hours').monthly! - line(weekdays, 'ECS Fargate', 'GB-hours').monthly!).toBeCloseTo(((1 * 103) * 730) / 168 * 1 * 0.004, 10);
  });

  it('follows the schedule: a longer working day costs more', () => {
    const long = estimateCost('long', scheduled('cron(0 22 ? * MON-SAT *)', 'cron(0 6 ? * MON-SAT *)', 1, 2), prices, usage);
    // 6 days x 16 h = 96 h at 2 tasks, 72 h at 1.
    expect(line(long, 'ECS Fargate', 'vCPU-hours').quantity).toBe('(2 tasks × 96 h + 1 task × 72 h) a week × 730/168 weeks × 0.5 vCPU');
    expect(line(long, 'ECS Fargate', 'vCPU-hours').monthly).toBeCloseTo(((2 * 96 + 72) * 730) / 168 * 0.5 * 0.04, 10);
  });

  it('shows the schedule in the shipped staging estimate (real synthesized stack)', () => {
    const staging = estimateCost('staging', real().get('helloapi-staging')!, loadPrices(), loadUsage('staging'));
    expect(line(staging, 'ECS Fargate', 'vCPU-hours').quantity).toBe('(2 tasks × 65 h + 1 task × 103 h) a week × 730/168 weeks × 0.5 vCPU');
  });
});

describe('cost difference', () => {
  const base = estimateCost('small', fixture, prices, usage);
  const bigger = JSON.parse(JSON.stringify(fixture)) as { resource: Record<string, Record<string, Record<string, unknown>>> };
  bigger.resource.aws_ecs_service.compute_service.desired_count = 4;
  bigger.resource.aws_nat_gateway.network_nat_b = { subnet_id: 'x' };
  const head = estimateCost('big', bigger as SynthJson, prices, usage);
  const d = diffCost(base, head);

  it('computes deltas by service and in total', () => {
    expect(d.delta).toBeCloseTo(29.2 + 5.84 + 36.5, 8);
    expect(d.rows[0]).toMatchObject({ service: 'VPC' });
    expect(d.rows[0].delta).toBeCloseTo(36.5, 8);
    expect(d.rows.find((r) => r.service === 'ECS Fargate')?.delta).toBeCloseTo(35.04, 8);
    expect(d.rows.find((r) => r.service === 'RDS')?.delta).toBe(0);
  });

  it('renders the service table and the lines that differ', () => {
    const md = renderCostDiffMarkdown(d);
    expect(md).toContain('| ECS Fargate | $35.04 | $70.08 | +$35.04 |');
    expect(md).toContain('| **Total** | **$255.05** | **$326.59** | **+$71.54** |');
    expect(md).toContain('| VPC · NAT gateway-hours · aws_nat_gateway.network_nat_a | $36.50 | $73.00 |');
  });
});

describe('the shipped price table and usage assumptions', () => {
  const shipped = loadPrices();

  it('has a retrieval date, 730 h/month and a unit and source URL for every item', () => {
    expect(shipped.region).toBe('us-east-1');
    expect(shipped.retrieved).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(shipped.hoursPerMonth).toBe(730);
    for (const [key, item] of Object.entries(shipped.items)) {
      expect([key, typeof item.usd]).toEqual([key, 'number']);
      expect([key, item.source]).toEqual([key, expect.stringMatching(/^https:\/\/aws\.amazon\.com\//)]);
      expect(item.unit.length).toBeGreaterThan(0);
    }
  });

  it('prices every resource the real environments synthesize (no missing price)', () => {
    for (const [name, json] of real()) {
      const est = estimateCost(name, json, shipped, loadUsage(name.replace(/^[^-]+-/, '')));
      expect([name, est.missingPrices]).toEqual([name, []]);
      expect(est.total).toBeGreaterThanOrEqual(0);
    }
  });

  it('merges per-environment usage over the defaults', () => {
    expect(loadUsage('prod').requestsPerMonth).toBeGreaterThan(loadUsage('dev').requestsPerMonth);
    expect(loadUsage('unknown-env')).toEqual(loadUsage('unknown-env-2'));
  });
});

describe('cost against a saved estimate (--base-json)', () => {
  it('diffs the environment now against the saved JSON', () => {
    const head = real();
    const now = runCost({ envs: ['dev'] }, head).estimates[0];
    const saved = { ...now, total: now.total - 10, lines: now.lines.map((l, i) => (i === 0 ? { ...l, monthly: (l.monthly ?? 0) - 10 } : l)) };
    const file = path.join(tmpOutdir(), 'saved.json');
    fs.writeFileSync(file, JSON.stringify(saved));
    const r = runCost({ envs: ['dev'], baseJson: file }, head);
    expect(r.markdown).toContain('### Cost difference: helloapi-dev (saved) → helloapi-dev');
    expect(r.markdown).toMatch(/\| \*\*Total\*\* \| .* \| \*\*\+\$10\.00\*\* \|/);
  });
});

describe('cost CLI arguments', () => {
  it('parses one env, two envs, --base', () => {
    expect(parseCostArgs(['prod'])).toMatchObject({ envs: ['prod'] });
    expect(parseCostArgs(['dev', 'prod'])).toMatchObject({ envs: ['dev', 'prod'] });
    expect(parseCostArgs(['prod', '--base', 'HEAD~1', '--prices', 'p.json'])).toMatchObject({ envs: ['prod'], base: 'HEAD~1', prices: 'p.json' });
    expect(() => parseCostArgs(['dev', 'prod', '--base', 'main'])).toThrow(/not both/);
    expect(() => parseCostArgs([])).toThrow(/name one environment/);
  });
});
