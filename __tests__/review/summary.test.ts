import * as fs from 'fs';
import * as path from 'path';
import { synthAddresses } from '../../modules/review/inventory';
import { DESTROY_NEEDS_HUMAN, layerOf, STATEFUL_TYPES, typeOf } from '../../modules/review/resources';
import { changedAttributes, planExitCode, renderPlanSummary, summarizePlan, TerraformPlanJson, TerraformResourceChange } from '../../modules/review/summary';
import { matchStacks } from '../../modules/review/stacks';
import { parseArgs, writeSummary } from '../../scripts/plan';
import { tmpOutdir } from '../support/synth';

/** Real `terraform show -json` output (trimmed) made by plan-fixture.tf.test.ts. */
const fixture = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'plan.json'), 'utf8')) as TerraformPlanJson;

function rc(address: string, actions: string[], extra: Partial<TerraformResourceChange> = {}): TerraformResourceChange {
  const type = address.split('.')[0];
  return { address, type, mode: 'managed', change: { actions, before: {}, after: {} }, ...extra };
}

describe('plan summary of a real offline plan with every kind of change', () => {
  const summary = summarizePlan(fixture);
  const md = renderPlanSummary(summary, { title: 'review-fixture', mode: 'fixture' });

  it('counts by action', () => {
    expect(summary.counts).toMatchObject({ create: 2, update: 2, replace: 2, delete: 2, move: 1, 'no-op': 0 });
    expect(md).toContain('**2 to create, 2 to update, 2 to replace, 2 to destroy**');
  });

  it('counts by layer (first segment of the resource name)', () => {
    expect(summary.byLayer.database).toMatchObject({ replace: 1, update: 1, create: 0 });
    expect(summary.byLayer.compute).toMatchObject({ replace: 1, create: 1, move: 1 });
    expect(summary.byLayer.edge).toMatchObject({ delete: 1 });
    expect(summary.byLayer.network).toMatchObject({ create: 1 });
    expect(summary.byLayer.monitoring).toMatchObject({ update: 1, delete: 1 });
    expect(md).toMatch(/\| database \| 1 \| 0 \| 0 \| 1 \| 0 \| 0 \|/); // replace, delete, create, update, move, unchanged
  });

  it('lists destroys and replacements first, stateful ones flagged as data-loss risks with the forcing attribute', () => {
    expect(summary.destructive.map((d) => [d.address, d.kind, !!d.dataLoss])).toEqual([
      ['aws_cloudwatch_log_group.compute_app_logs', 'replace', true],
      ['aws_db_instance.database_primary', 'replace', true],
      ['aws_s3_bucket.edge_old_access_logs', 'delete', true],
      ['aws_sns_topic_subscription.monitoring_old_webhook', 'delete', false],
    ]);
    const db = summary.destructive[1];
    expect(db.replacePaths).toEqual(['storage_encrypted']);
    expect(db.createBeforeDestroy).toBe(false);
    const destroysAt = md.indexOf('Destroys and replacements');
    expect(destroysAt).toBeGreaterThan(0);
    expect(destroysAt).toBeLessThan(md.indexOf('Security-relevant'));
    expect(destroysAt).toBeLessThan(md.indexOf('Counts by layer'));
    expect(md).toContain('🛑 **HUMAN REVIEW REQUIRED**: 3 stateful resource(s)');
    expect(md).toMatch(/\| 🛑 \| \*\*REPLACE\*\* \| `aws_db_instance\.database_primary` \| \*\*YES\*\*: database instance.*forced by `storage_encrypted`; replace because cannot update; destroy before create \|/);
    expect(md).toMatch(/\| ⚠️ \| \*\*DELETE\*\* \| `aws_sns_topic_subscription\.monitoring_old_webhook` \| no \|/);
  });

  it('calls out security-relevant changes, naming attributes but never values', () => {
    const sec = Object.fromEntries(summary.security.map((s) => [s.address, s.security]));
    expect(sec['aws_kms_key.database_key']).toBe('KMS key (key policy): policy');
    expect(sec['aws_vpc_security_group_ingress_rule.network_alb_https']).toBe('security group ingress rule');
    expect(sec['aws_iam_role.compute_task_role']).toBe('IAM role (trust policy)');
    expect(sec['aws_db_instance.database_primary']).toBeDefined();
    // A display-name change on a topic is not security-relevant; neither is a log group's replacement (a data-loss risk instead).
    expect(sec['aws_sns_topic.monitoring_alerts']).toBeUndefined();
    expect(sec['aws_cloudwatch_log_group.compute_app_logs']).toBeUndefined();
    expect(summary.security).toHaveLength(4);
    expect(md).not.toContain('logs.us-east-1.amazonaws.com'); // the new key policy's content stays out
  });

  it('lists moves', () => {
    expect(md).toContain('| `aws_cloudwatch_log_group.compute_ecs_exec_logs` | `aws_cloudwatch_log_group.compute_exec_logs` |');
  });

  it('exits 2 (a human must look) and shows the audit as not available when none was given', () => {
    expect(planExitCode(summary)).toBe(2);
    expect(md).toContain('audit: not available (no audit was run for this summary).');
  });

  it('renders a given audit result', () => {
    const withAudit = renderPlanSummary(summary, { title: 'x', audit: { available: true, errors: 1, warnings: 2, passed: 40, markdown: '| rule | result |\n|---|---|\n| HA-1 | fail |' } });
    expect(withAudit).toContain('❌ 1 error(s), 2 warning(s), 40 passed.');
    expect(withAudit).toContain('| HA-1 | fail |');
  });
});

describe('security-relevant creates of the attribute-scoped types', () => {
  it('calls out a new load balancer, route, CloudFront distribution or DNS record (each opens a path), not a new key, database or certificate', () => {
    const created = ['aws_lb.edge_alb', 'aws_route.network_public_default', 'aws_cloudfront_distribution.edge_cdn', 'aws_route53_record.edge_alias', 'aws_kms_key.database_key', 'aws_db_instance.database_primary', 'aws_acm_certificate.edge_cert', 'aws_cloudwatch_log_group.compute_logs'];
    const s = summarizePlan({ resource_changes: created.map((a) => rc(a, ['create'])) });
    expect(s.security.map((c) => c.address).sort()).toEqual(['aws_cloudfront_distribution.edge_cdn', 'aws_lb.edge_alb', 'aws_route.network_public_default', 'aws_route53_record.edge_alias']);
    // A destroy of a key or a database still is.
    const gone = summarizePlan({ resource_changes: [rc('aws_kms_key.database_key', ['delete']), rc('aws_db_instance.database_primary', ['delete'])] });
    expect(gone.security).toHaveLength(2);
  });
});

describe('exit codes', () => {
  it('0 when only creates and updates', () => {
    const s = summarizePlan({ resource_changes: [rc('aws_s3_bucket.edge_logs', ['create']), rc('aws_kms_key.database_key', ['update'])] });
    expect(planExitCode(s)).toBe(0);
  });
  it('0 when only non-stateful resources are destroyed or replaced', () => {
    const s = summarizePlan({ resource_changes: [rc('aws_route.network_public_default', ['delete']), rc('aws_lb_listener.edge_https', ['create', 'delete'])] });
    expect(planExitCode(s)).toBe(0);
    expect(s.destructive).toHaveLength(2);
    expect(s.destructive.find((d) => d.type === 'aws_lb_listener')?.createBeforeDestroy).toBe(true);
  });
  it('2 when a stateful resource is destroyed', () => {
    for (const type of ['aws_kms_key', 'aws_secretsmanager_secret', 'aws_dynamodb_table', 'aws_ecr_repository', 'aws_cloudwatch_log_group']) {
      expect(planExitCode(summarizePlan({ resource_changes: [rc(`${type}.state_x`, ['delete'])] }))).toBe(2);
    }
  });
  it('2 when a running ECS service is replaced destroy-first or destroyed (outage), 0 when created first', () => {
    // deployment_controller.type forces replacement (rolling -> blue/green): same name, so the old one goes first.
    const s = summarizePlan({ resource_changes: [rc('aws_ecs_service.compute_service', ['delete', 'create'], { action_reason: 'replace_because_cannot_update' })] });
    expect(planExitCode(s)).toBe(2);
    expect(s.dataLossRisks).toHaveLength(0);
    expect(s.outages.map((o) => o.address)).toEqual(['aws_ecs_service.compute_service']);
    const md = renderPlanSummary(s, { title: 'x' });
    expect(md).toContain('1 running service(s) destroyed or replaced destroy-first (outage)');
    expect(md).toContain('**OUTAGE**: running ECS service');
    expect(planExitCode(summarizePlan({ resource_changes: [rc('aws_ecs_service.compute_service', ['delete'])] }))).toBe(2);
    const cbd = summarizePlan({ resource_changes: [rc('aws_ecs_service.compute_service', ['create', 'delete'])] });
    expect(cbd.outages).toHaveLength(0);
    expect(planExitCode(cbd)).toBe(0);
    expect(planExitCode(summarizePlan({ resource_changes: [rc('aws_ecs_service.compute_service', ['update'])] }))).toBe(0);
  });
  it('names the Terraform state bucket and its key as such', () => {
    const s = summarizePlan({ resource_changes: [rc('aws_s3_bucket.state_bucket_bucket', ['delete']), rc('aws_kms_key.state_kms_key', ['delete', 'create'])] });
    expect(planExitCode(s)).toBe(2);
    expect(s.dataLossRisks.map((d) => d.dataLoss)).toEqual([expect.stringContaining('the key encrypting all Terraform state'), expect.stringContaining('Terraform STATE bucket')]);
  });
  it('reports drift (changes made outside Terraform) with attribute names', () => {
    const s = summarizePlan({
      resource_changes: [],
      resource_drift: [
        { address: 'aws_security_group.network_app_sg', type: 'aws_security_group', change: { actions: ['update'], before: { ingress: [], name: 'a' }, after: { ingress: [{ cidr: '0.0.0.0/0' }], name: 'a' } } },
        { address: 'aws_sns_topic.monitoring_alerts', type: 'aws_sns_topic', change: { actions: ['delete'], before: { name: 'x' }, after: null } },
      ],
    });
    expect(s.drift).toEqual([
      { address: 'aws_security_group.network_app_sg', deleted: false, attributes: ['ingress'] },
      { address: 'aws_sns_topic.monitoring_alerts', deleted: true, attributes: ['name'] },
    ]);
    const md = renderPlanSummary(s, { title: 'x' });
    expect(md).toContain('| `aws_security_group.network_app_sg` | `ingress` |');
    expect(md).toContain('| `aws_sns_topic.monitoring_alerts` | **deleted outside Terraform** |');
    expect(md).not.toContain('0.0.0.0/0');
  });
  it('calls out attribute-scoped security changes only when those attributes change', () => {
    const upd = (type: string, before: object, after: object) => summarizePlan({ resource_changes: [{ address: `${type}.x_y`, type, change: { actions: ['update'], before, after } }] }).security;
    expect(upd('aws_ecs_service', { desired_count: 1 }, { desired_count: 2 })).toEqual([]);
    expect(upd('aws_ecs_service', { network_configuration: [{ assign_public_ip: false }] }, { network_configuration: [{ assign_public_ip: true }] }).map((c) => c.security)).toEqual([
      'ECS service networking: network_configuration',
    ]);
    expect(upd('aws_db_parameter_group', { parameter: [{ name: 'rds.force_ssl', value: '1' }] }, { parameter: [] })).toHaveLength(1);
  });
  it('data sources are never data-loss risks', () => {
    const s = summarizePlan({ resource_changes: [rc('aws_s3_bucket.x', ['read'], { mode: 'data' })] });
    expect(planExitCode(s)).toBe(0);
  });
  it('1 when the plan errored', () => {
    expect(planExitCode(summarizePlan({ errored: true, resource_changes: [] }))).toBe(1);
  });
});

describe('helpers', () => {
  it('derives layer and type from addresses', () => {
    expect(layerOf('aws_subnet.network_private_app_a')).toBe('network');
    expect(layerOf('module.x.aws_s3_bucket.state_bucket[0]')).toBe('state');
    expect(layerOf('aws_cloudtrail.account_baseline_trail')).toBe('account_baseline');
    expect(layerOf('aws_route53_record.edge_certificate_validation_record["api.dev.example.com"]')).toBe('edge');
    expect(typeOf('module.a.module.b.data.aws_iam_policy.x["k"]')).toBe('aws_iam_policy');
  });
  it('names changed top-level attributes, ignoring tags_all, including values becoming unknown', () => {
    expect(changedAttributes({ a: 1, b: { c: 2 }, tags_all: { x: '1' }, d: 'x' }, { a: 1, b: { c: 3 }, tags_all: {}, d: null }, { d: true })).toEqual(['b', 'd']);
  });
  it('matches environment names to stacks exactly (prod is not account-prod)', () => {
    const names = ['helloapi-account-prod', 'helloapi-dev', 'helloapi-prod', 'helloapi-state'];
    expect(matchStacks(names, ['prod'])).toEqual(['helloapi-prod']);
    expect(matchStacks(names, ['account-prod', 'helloapi-state'])).toEqual(['helloapi-account-prod', 'helloapi-state']);
    expect(matchStacks(names, [])).toEqual(names);
    expect(() => matchStacks(names, ['qa'])).toThrow(/unknown stack or environment: qa/);
  });
  it('parses CLI arguments', () => {
    expect(parseArgs(['dev', '--offline', '--out', 'x'])).toEqual({ targets: ['dev'], offline: true, outDir: 'x', fromJson: undefined, audit: true });
  });
  it('writes summary.md for a saved plan JSON', () => {
    const out = tmpOutdir();
    const r = writeSummary('review-fixture', fixture, out, 'fixture', { available: false, reason: 'test' });
    expect(r.exitCode).toBe(2);
    expect(fs.readFileSync(path.join(out, 'review-fixture', 'summary.md'), 'utf8')).toContain('HUMAN REVIEW REQUIRED');
  });
});

describe('one table of what needs a human on destroy or replace (DESTROY_NEEDS_HUMAN)', () => {
  const rows = Object.entries(DESTROY_NEEDS_HUMAN);
  const kinds = (kind: string) => rows.filter(([, r]) => r.kind === kind).map(([t]) => t).sort();
  const plan = (actions: string[], types = rows.map(([t]) => t)): TerraformPlanJson => ({ resource_changes: types.map((t) => rc(`${t}.compute_x`, actions)) });

  it('has both kinds of row, and a reason on each', () => {
    expect(kinds('data-loss').length).toBeGreaterThan(10);
    expect(kinds('outage')).toEqual(['aws_ecs_service']);
    expect(rows.filter(([, r]) => r.reason.length < 10)).toEqual([]);
  });

  it('drives the guard: a data-loss row on every destroy and replacement, an outage row unless created first', () => {
    for (const actions of [['delete'], ['delete', 'create'], ['create', 'delete']]) {
      const s = summarizePlan(plan(actions));
      expect({ actions, dataLoss: s.dataLossRisks.map((c) => c.type).sort() }).toEqual({ actions, dataLoss: kinds('data-loss') });
      expect({ actions, outage: s.outages.map((c) => c.type).sort() }).toEqual({ actions, outage: actions[0] === 'create' ? [] : kinds('outage') });
      for (const c of s.destructive) expect(c.dataLoss ?? c.outage ?? 'none').toBe(actions[0] === 'create' && DESTROY_NEEDS_HUMAN[c.type].kind === 'outage' ? 'none' : DESTROY_NEEDS_HUMAN[c.type].reason);
    }
    // Each row alone makes the guard exit 2; a type outside the table does not.
    for (const [type] of rows) expect([type, planExitCode(summarizePlan(plan(['delete'], [type])))]).toEqual([type, 2]);
    expect(planExitCode(summarizePlan(plan(['delete'], ['aws_sns_topic_subscription'])))).toBe(0);
  });

  it('drives the inventory: stateful exactly for the data-loss rows', () => {
    const entries = synthAddresses({ resource: Object.fromEntries([...rows.map(([t]) => t), 'aws_sns_topic'].map((t) => [t, { compute_x: {} }])) });
    expect(entries.filter((e) => e.stateful).map((e) => e.type).sort()).toEqual(kinds('data-loss'));
    expect(entries.filter((e) => e.stateful).map((e) => e.type).sort()).toEqual(Object.keys(STATEFUL_TYPES).sort());
  });
});
