import * as fs from 'fs';
import * as path from 'path';
import { LocalBackend } from 'cdktf';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { ReadableStack } from '../../modules/core/addressing';
import { buildInventory, checkInventory, describeGuard, formatInventory, Inventory, readInventory, SynthJson } from '../../modules/review/inventory';
import { runInventory } from '../../scripts/inventory';
import { synthStack, tmpOutdir, committedStacks } from '../support/synth';

const INVENTORY_DIR = path.join(__dirname, '..', '..', 'inventory');

/** The committed environments, synthesized once for this file. */
const stacks = committedStacks();

describe('address guard against the committed inventories', () => {

  it.each([...stacks.keys()])('%s has a committed inventory', (name) => {
    // A stack without an inventory is not guarded: run `npm run inventory:update` and commit inventory/<stack>.json.
    expect(readInventory(INVENTORY_DIR, name)).toBeDefined();
  });

  it.each([...stacks.keys()])('%s keeps every stateful address (or maps it with a checked moved block)', (name) => {
    const inv = readInventory(INVENTORY_DIR, name);
    if (!inv) return; // reported by the test above
    const result = checkInventory(inv, stacks.get(name)!.json as SynthJson);
    if (!result.ok) throw new Error(describeGuard(result));
    expect(result.missingStateful).toEqual([]);
    expect(result.brokenMoves).toEqual([]);
  });

  it.each([...stacks.keys()])('%s: the committed inventory is what the stack synthesizes today (npm run inventory:update)', (name) => {
    // A record that only ever grows stale hides address changes from review: added resources count too.
    const committed = fs.readFileSync(path.join(INVENTORY_DIR, `${name}.json`), 'utf8');
    expect(committed).toBe(formatInventory(buildInventory(name, stacks.get(name)!.json as SynthJson)));
  });

  it('inventories list the stateful resources with their types', () => {
    const inv = readInventory(INVENTORY_DIR, 'helloapi-state');
    expect(inv?.resources.filter((r) => r.stateful).map((r) => r.type)).toEqual(expect.arrayContaining(['aws_s3_bucket', 'aws_kms_key']));
  });
});

describe('address guard', () => {
  function v1(stack: ReadableStack): void {
    new LocalBackend(stack, { path: 'terraform.tfstate' });
    new S3Bucket(stack, 'state_bucket', { bucket: 'b' });
    new CloudwatchLogGroup(stack, 'app_logs', { name: '/app' });
    new SnsTopic(stack, 'alerts', { name: 'alerts' });
  }
  const before: Inventory = buildInventory('guard', synthStack(v1).json as SynthJson);

  it('records addresses, types and statefulness', () => {
    expect(before.resources).toEqual([
      { address: 'aws_cloudwatch_log_group.app_logs', type: 'aws_cloudwatch_log_group', stateful: true },
      { address: 'aws_s3_bucket.state_bucket', type: 'aws_s3_bucket', stateful: true },
      { address: 'aws_sns_topic.alerts', type: 'aws_sns_topic', stateful: false },
    ]);
    expect(formatInventory(before).split('\n').filter((l) => l.includes('"address"'))).toHaveLength(3);
  });

  it('passes an unchanged stack', () => {
    expect(checkInventory(before, synthStack(v1).json as SynthJson).ok).toBe(true);
  });

  it('fails when a stateful address changes without a moved block', () => {
    const renamed = synthStack((s) => {
      new LocalBackend(s, { path: 'terraform.tfstate' });
      new S3Bucket(s, 'state_store', { bucket: 'b' }); // renamed construct id
      new CloudwatchLogGroup(s, 'app_logs', { name: '/app' });
      new SnsTopic(s, 'alerts', { name: 'alerts' });
    });
    const r = checkInventory(before, renamed.json as SynthJson);
    expect(r.ok).toBe(false);
    expect(r.missingStateful.map((m) => m.address)).toEqual(['aws_s3_bucket.state_bucket']);
    expect(r.added.map((a) => a.address)).toEqual(['aws_s3_bucket.state_store']);
    expect(describeGuard(r)).toContain("moveFromId('aws_s3_bucket.state_bucket')");
  });

  it('passes when the change carries a moved block whose target exists', () => {
    const moved = synthStack((s) => {
      new LocalBackend(s, { path: 'terraform.tfstate' });
      new S3Bucket(s, 'state_store', { bucket: 'b' }).moveFromId('aws_s3_bucket.state_bucket');
      new CloudwatchLogGroup(s, 'app_logs', { name: '/app' });
      new SnsTopic(s, 'alerts', { name: 'alerts' });
    });
    expect(moved.json.moved).toEqual([{ from: 'aws_s3_bucket.state_bucket', to: 'aws_s3_bucket.state_store' }]);
    const r = checkInventory(before, moved.json as SynthJson);
    expect(r.ok).toBe(true);
    expect(r.moved).toEqual([{ from: 'aws_s3_bucket.state_bucket', to: 'aws_s3_bucket.state_store' }]);
  });

  it('verifies moved blocks: a target that does not exist, or a source still declared, fails', () => {
    const json = synthStack(v1).json as SynthJson;
    const bad: SynthJson = {
      ...json,
      moved: [
        { from: 'aws_s3_bucket.state_bucket', to: 'aws_s3_bucket.nowhere' },
        { from: 'aws_cloudwatch_log_group.app_logs', to: 'aws_sns_topic.alerts' },
      ],
    };
    const r = checkInventory(before, bad);
    expect(r.ok).toBe(false);
    expect(r.brokenMoves.map((b) => b.problem)).toEqual([
      'moved target aws_s3_bucket.nowhere is not declared',
      'moved source aws_cloudwatch_log_group.app_logs is still declared',
    ]);
    // The bucket is still declared under its old address, so nothing stateful is missing.
    expect(r.missingStateful).toEqual([]);
  });

  it('a broken moved block does not excuse a missing stateful address', () => {
    const json = synthStack((s) => {
      new LocalBackend(s, { path: 'terraform.tfstate' });
      new SnsTopic(s, 'alerts', { name: 'alerts' });
      new CloudwatchLogGroup(s, 'app_logs', { name: '/app' });
    }).json as SynthJson;
    const r = checkInventory(before, { ...json, moved: [{ from: 'aws_s3_bucket.state_bucket', to: 'aws_s3_bucket.gone' }] });
    expect(r.missingStateful.map((m) => m.address)).toEqual(['aws_s3_bucket.state_bucket']);
  });

  it('non-stateful removals and additions are reported but pass', () => {
    const json = synthStack((s) => {
      new LocalBackend(s, { path: 'terraform.tfstate' });
      new S3Bucket(s, 'state_bucket', { bucket: 'b' });
      new CloudwatchLogGroup(s, 'app_logs', { name: '/app' });
      new SnsTopic(s, 'alarms', { name: 'alarms' });
    }).json as SynthJson;
    const r = checkInventory(before, json);
    expect(r.ok).toBe(true);
    expect(r.removed.map((x) => x.address)).toEqual(['aws_sns_topic.alerts']);
    expect(r.added.map((x) => x.address)).toEqual(['aws_sns_topic.alarms']);
  });
});

describe('inventory:update script', () => {
  it('writes every stack, then --check passes; a vanished stateful address makes --check exit 1', () => {
    const synthesized = new Map([...stacks].map(([n, s]) => [n, s.json as SynthJson]));
    const run = (d: string, check: boolean, write: (l: string) => void) => runInventory(d, check, write, synthesized);
    const dir = tmpOutdir();
    const log: string[] = [];
    expect(run(dir, true, (l) => log.push(l))).toBe(1); // nothing committed yet
    expect(run(dir, false, () => undefined)).toBe(0);
    const files = fs.readdirSync(dir).sort();
    expect(files).toEqual(expect.arrayContaining(['helloapi-dev.json', 'helloapi-prod.json', 'helloapi-state.json']));
    expect(run(dir, true, () => undefined)).toBe(0);
    const inv = readInventory(dir, 'helloapi-dev')!;
    fs.writeFileSync(
      path.join(dir, 'helloapi-dev.json'),
      formatInventory({ ...inv, resources: [...inv.resources, { address: 'aws_db_instance.database_legacy', type: 'aws_db_instance', stateful: true }] }),
    );
    const out: string[] = [];
    expect(run(dir, true, (l) => out.push(l))).toBe(1);
    expect(out.join('')).toContain('✗ stateful aws_db_instance.database_legacy is gone');
  });
});
