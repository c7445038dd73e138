/**
 * Plan digests (modules/review/digest.ts) on real plan JSON fixtures:
 * fixtures/plan.json (every kind of change, from plan-fixture.tf.test.ts) and
 * fixtures/plan-sensitive.json (sensitive values and outputs, from
 * digest.tf.test.ts). Same plan => same digest whatever the volatile fields;
 * any change of address, actions or planned values => another digest; the
 * digest file holds no values.
 */
import * as fs from 'fs';
import * as path from 'path';
import {
  canonicalJson,
  compareDigests,
  normalizePlan,
  parseDigestFile,
  planDigest,
  planDigestFile,
  SENSITIVE_CHANGED_MARKER,
  SENSITIVE_UNCHANGED_MARKER,
  UNKNOWN_MARKER,
} from '../../modules/review/digest';
import { TerraformPlanJson } from '../../modules/review/summary';
import { NEW_SECRET, UNCHANGED_SECRET } from './fixtures/digest-stack';

const readFixture = (f: string) => JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', f), 'utf8')) as TerraformPlanJson;
/** A fresh deep copy to mutate. */
type Mutable = { resource_changes: { address: string; change: Record<string, any> }[]; output_changes: Record<string, Record<string, any>>; [k: string]: any };
const copy = (p: TerraformPlanJson): Mutable => JSON.parse(JSON.stringify(p)) as Mutable;
const rcOf = (p: Mutable, address: string) => {
  const rc = p.resource_changes.find((r) => r.address === address);
  if (!rc) throw new Error(`no ${address} in fixture`);
  return rc;
};

const plan = readFixture('plan.json');
const sensitive = readFixture('plan-sensitive.json');

/** Every string/number leaf of a JSON value. */
function leaves(v: unknown, out: string[] = []): string[] {
  if (Array.isArray(v)) v.forEach((x) => leaves(x, out));
  else if (v && typeof v === 'object') Object.values(v).forEach((x) => leaves(x, out));
  else if (typeof v === 'string' || typeof v === 'number') out.push(String(v));
  return out;
}

describe('plan digest: same plan, same digest', () => {
  it('is sha256 and stable across runs, key order, change order and JSON formatting', () => {
    const d = planDigest(plan);
    expect(d).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(planDigest(readFixture('plan.json'))).toBe(d);
    // Every object's keys in reverse order, the change list reversed, then pretty-printed and parsed again.
    const reverseKeys = (v: unknown): unknown =>
      Array.isArray(v) ? v.map(reverseKeys) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reverseKeys(x)])) : v;
    const shuffled = reverseKeys(copy(plan)) as Mutable;
    shuffled.resource_changes.reverse();
    expect(Object.keys(shuffled.resource_changes[0].change)[0]).not.toBe(Object.keys((plan.resource_changes ?? [])[0].change)[0]);
    expect(planDigest(JSON.parse(JSON.stringify(shuffled, null, 3)) as TerraformPlanJson)).toBe(d);
  });

  it('ignores volatile and prior-state fields: timestamp, prior_state, configuration, variables, drift, before, reasons', () => {
    const v = copy(plan);
    Object.assign(v, {
      timestamp: '2030-01-01T00:00:00Z',
      terraform_version: '9.9.9',
      prior_state: { values: { secret: 'x' } },
      configuration: { provider_config: {} },
      planned_values: { root_module: {} },
      variables: { password: { value: 'hunter2' } },
      relevant_attributes: [{ resource: 'x', attribute: ['y'] }],
      resource_drift: [{ address: 'aws_kms_key.database_key', type: 'aws_kms_key', change: { actions: ['update'] } }],
      checks: [],
    });
    for (const rc of v.resource_changes) {
      rc.change.before = rc.change.before === null ? null : { changed: 'prior state value' };
      rc.change.before_sensitive = {};
      rc.change.replace_paths = [['whatever']];
      (rc as Record<string, unknown>).action_reason = 'replace_by_request';
      (rc as Record<string, unknown>).provider_name = 'registry.opentofu.org/hashicorp/aws';
    }
    expect(planDigest(v as unknown as TerraformPlanJson)).toBe(planDigest(plan));
  });

  it('ignores plain no-op changes (an unchanged resource is not part of what is applied)', () => {
    const v = copy(plan);
    v.resource_changes.push({ address: 'aws_sns_topic.unchanged', change: { actions: ['no-op'], before: { a: 1 }, after: { a: 1 } } });
    v.output_changes = { ...(v.output_changes ?? {}), same: { actions: ['no-op'], before: 'x', after: 'x' } };
    expect(planDigest(v as unknown as TerraformPlanJson)).toBe(planDigest(plan));
  });

  it('is the same for both real sensitive-plan fixtures read twice, and differs between different plans', () => {
    expect(planDigest(readFixture('plan-sensitive.json'))).toBe(planDigest(sensitive));
    expect(planDigest(sensitive)).not.toBe(planDigest(plan));
    expect(planDigest({})).toBe(planDigest({ resource_changes: [], output_changes: {} }));
  });
});

describe('plan digest: any change in what is applied changes it', () => {
  const base = planDigest(plan);
  const mutated = (f: (p: Mutable) => void) => {
    const p = copy(plan);
    f(p);
    return planDigest(p as unknown as TerraformPlanJson);
  };

  it('actions: update -> replace, replace order, delete -> forget', () => {
    expect(mutated((p) => (rcOf(p, 'aws_kms_key.database_key').change.actions = ['delete', 'create']))).not.toBe(base);
    const order = rcOf(copy(plan), 'aws_db_instance.database_primary').change.actions as string[];
    expect(order).toEqual(['delete', 'create']);
    expect(mutated((p) => (rcOf(p, 'aws_db_instance.database_primary').change.actions = ['create', 'delete']))).not.toBe(base);
    expect(mutated((p) => (rcOf(p, 'aws_s3_bucket.edge_old_access_logs').change.actions = ['forget']))).not.toBe(base);
  });

  it('a planned value (top-level, nested), a value becoming unknown, a new attribute', () => {
    expect(mutated((p) => (rcOf(p, 'aws_sns_topic.monitoring_alerts').change.after.display_name = 'Other alerts'))).not.toBe(base);
    expect(mutated((p) => (rcOf(p, 'aws_sns_topic.monitoring_alerts').change.after.tags_all.Project = 'other'))).not.toBe(base);
    expect(mutated((p) => (rcOf(p, 'aws_cloudwatch_log_group.compute_app_logs').change.after.retention_in_days = 90))).not.toBe(base);
    expect(mutated((p) => (rcOf(p, 'aws_sns_topic.monitoring_alerts').change.after_unknown = { display_name: true }))).not.toBe(base);
    expect(mutated((p) => (rcOf(p, 'aws_sns_topic.monitoring_alerts').change.after.extra = null))).not.toBe(base);
  });

  it('an added or removed change, an address, a move source, an output change', () => {
    expect(mutated((p) => p.resource_changes.push({ address: 'aws_sns_topic.new', change: { actions: ['create'], after: {} } }))).not.toBe(base);
    expect(mutated((p) => p.resource_changes.splice(0, 1))).not.toBe(base);
    expect(mutated((p) => (rcOf(p, 'aws_sns_topic.monitoring_alerts').address = 'aws_sns_topic.monitoring_alerts2'))).not.toBe(base);
    expect(mutated((p) => ((rcOf(p, 'aws_cloudwatch_log_group.compute_exec_logs') as Record<string, unknown>).previous_address = 'aws_cloudwatch_log_group.x'))).not.toBe(base);
    expect(mutated((p) => (p.output_changes = { url: { actions: ['create'], after: 'https://a' } }))).not.toBe(base);
  });
});

describe('plan digest: sensitive and unknown values', () => {
  const n = normalizePlan(sensitive);
  const after = (address: string) => n.resources.find((r) => r.address === address)?.after as Record<string, unknown>;

  it('replaces sensitive values by a marker saying whether they change, unknown values by a marker', () => {
    expect(after('aws_ssm_parameter.compute_api_token').value).toBe(SENSITIVE_UNCHANGED_MARKER);
    expect(after('aws_ssm_parameter.compute_webhook_key').value).toBe(SENSITIVE_CHANGED_MARKER);
    expect(after('aws_ssm_parameter.compute_webhook_key').arn).toBe(UNKNOWN_MARKER);
    expect(after('aws_sns_topic.monitoring_alerts').arn).toBe(UNKNOWN_MARKER);
    expect(n.outputs).toEqual([{ name: 'webhook_key_value', actions: ['create'], after: SENSITIVE_CHANGED_MARKER }]);
    const text = canonicalJson(n);
    expect(text).not.toContain(NEW_SECRET);
    expect(text).not.toContain(UNCHANGED_SECRET);
  });

  it('does not depend on a sensitive value, only on whether it changes', () => {
    const base = planDigest(sensitive);
    const other = copy(sensitive);
    rcOf(other, 'aws_ssm_parameter.compute_webhook_key').change.after.value = 'another-secret';
    other.output_changes.webhook_key_value.after = 'another-secret';
    expect(planDigest(other as unknown as TerraformPlanJson)).toBe(base);
    const changes = copy(sensitive);
    rcOf(changes, 'aws_ssm_parameter.compute_api_token').change.after.value = 'rotated';
    expect(planDigest(changes as unknown as TerraformPlanJson)).not.toBe(base);
  });

  it('a value that becomes sensitive, or stops being unknown, changes the digest', () => {
    const base = planDigest(sensitive);
    const s = copy(sensitive);
    rcOf(s, 'aws_sns_topic.monitoring_alerts').change.after_sensitive = { display_name: true, tags_all: {} };
    expect(planDigest(s as unknown as TerraformPlanJson)).not.toBe(base);
    const k = copy(sensitive);
    const topic = rcOf(k, 'aws_sns_topic.monitoring_alerts');
    delete topic.change.after_unknown.arn;
    topic.change.after.arn = 'arn:aws:sns:us-east-1:123456789012:fixture-digest-alerts';
    expect(planDigest(k as unknown as TerraformPlanJson)).not.toBe(base);
  });
});

describe('digest file', () => {
  it('holds the digest, the stack and the addresses and actions, and no attribute value of the plan', () => {
    for (const [name, p] of [
      ['plan', plan],
      ['sensitive', sensitive],
    ] as const) {
      const file = planDigestFile(`fixture-${name}`, p);
      expect(file.digest).toBe(planDigest(p));
      expect(Object.keys(file).sort()).toEqual(['changes', 'digest', 'format', 'outputs', 'stack']);
      for (const c of file.changes) expect(Object.keys(c).sort()).toEqual(['actions', 'address']);
      const text = JSON.stringify(file);
      const values = (p.resource_changes ?? []).flatMap((rc) => leaves([rc.change.before, rc.change.after]));
      const outputValues = Object.values(p.output_changes ?? {}).flatMap((o) => leaves([o.before, o.after]));
      // Every value longer than a trivial token (numbers like 30 and words like "text" can appear in addresses).
      const candidates = [...new Set([...values, ...outputValues])].filter((v) => v.length >= 8);
      expect(candidates.length).toBeGreaterThan(10);
      const distinctive = candidates.filter((v) => text.includes(v));
      expect(distinctive).toEqual([]);
      expect(text).not.toContain(NEW_SECRET);
      expect(text).not.toContain(UNCHANGED_SECRET);
    }
  });

  it('round-trips through parseDigestFile, which names the file and every bad field', () => {
    const file = planDigestFile('helloapi-dev', plan);
    expect(parseDigestFile(JSON.stringify(file), 'x/digest.json')).toEqual(file);
    expect(() => parseDigestFile('{', 'plans/reviewed/helloapi-dev/digest.json')).toThrow(/^plans\/reviewed\/helloapi-dev\/digest\.json: not JSON/);
    let message = '';
    try {
      parseDigestFile(JSON.stringify({ format: 'v0', stack: '', digest: 'md5:1', changes: [{ address: 1 }], outputs: {} }), 'd.json');
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('d.json: invalid plan digest file');
    expect(message).toContain('format = "v0": expected "helloapi-plan-digest/1"');
    expect(message).toContain('stack = "": expected the stack name');
    expect(message).toContain('digest = "md5:1": expected sha256:<64 hex digits>');
    expect(message).toContain('changes.0 = {"address":1}');
    expect(message).toContain('outputs = {}');
  });

  it('compareDigests accepts the same plan and explains a difference without values', () => {
    const reviewed = planDigestFile('helloapi-dev', plan);
    expect(compareDigests(reviewed, planDigestFile('helloapi-dev', copy(plan) as unknown as TerraformPlanJson))).toEqual({ ok: true });

    const actions = copy(plan);
    rcOf(actions, 'aws_kms_key.database_key').change.actions = ['delete', 'create'];
    actions.resource_changes.push({ address: 'aws_sns_topic.new', change: { actions: ['create'], after: {} } });
    actions.resource_changes = actions.resource_changes.filter((rc) => rc.address !== 'aws_iam_role.compute_task_role');
    const r = compareDigests(reviewed, planDigestFile('helloapi-dev', actions as unknown as TerraformPlanJson));
    expect(r.ok).toBe(false);
    const msg = r.ok ? '' : r.message;
    expect(msg).toContain('helloapi-dev: the plan made now is not the plan that was reviewed; nothing was applied.');
    expect(msg).toContain(`reviewed: ${reviewed.digest}`);
    expect(msg).toContain('~ resource aws_kms_key.database_key: reviewed update, now delete,create');
    expect(msg).toContain('+ resource aws_sns_topic.new (create): not in the reviewed plan');
    expect(msg).toContain('- resource aws_iam_role.compute_task_role (create): in the reviewed plan, not planned now');
    expect(msg).toContain('Re-run the workflow');

    const values = copy(plan);
    rcOf(values, 'aws_sns_topic.monitoring_alerts').change.after.display_name = 'HelloAPI alerts (changed)';
    const v = compareDigests(reviewed, planDigestFile('helloapi-dev', values as unknown as TerraformPlanJson));
    expect(v.ok ? '' : v.message).toContain('Same resources and actions; planned attribute values differ');
    expect(v.ok ? '' : v.message).not.toContain('HelloAPI alerts (changed)');

    const other = compareDigests(reviewed, planDigestFile('helloapi-prod', plan));
    expect(other.ok ? '' : other.message).toContain('the reviewed digest is for stack helloapi-dev, not helloapi-prod');
  });
});
