/**
 * Self-contained stacks (ReadableStackOptions.selfContained): cdktf's prepare pass is skipped, the
 * output is byte-identical to the full path, and a reference to anything the stack does not declare
 * fails the synth, naming it.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, TerraformStack } from 'cdktf';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { ReadableStack } from '../../modules/core/addressing';
import { interpolations, undeclaredReferences } from '../../modules/core/references';
import { loadEnvironments } from '../../modules/config/load';
import { buildApp } from '../../modules/stacks/app';
import { createAwsProvider } from '../../modules/stacks/providers';
import { committedStacks, tmpOutdir } from '../support/synth';

function synthAll(outdir: string): Record<string, string> {
  const built = buildApp(loadEnvironments(), { outdir, offline: false });
  built.app.synth();
  const stacks = path.join(outdir, 'stacks');
  return Object.fromEntries(fs.readdirSync(stacks).map((s) => [s, fs.readFileSync(path.join(stacks, s, 'cdk.tf.json'), 'utf8')]));
}

function twoStacks(selfContained: boolean): { app: App; consumer: ReadableStack } {
  const app = new App({ outdir: tmpOutdir(), stackTraces: false });
  const producer = new ReadableStack(app, 'producer', { selfContained: false });
  createAwsProvider(producer, 'aws', { region: 'us-east-1', accountId: '123456789012', defaultTags: {}, offline: true });
  const topic = new SnsTopic(producer, 'topic', { name: 'alerts' });
  const consumer = new ReadableStack(app, 'consumer', { selfContained });
  createAwsProvider(consumer, 'aws', { region: 'us-east-1', accountId: '123456789012', defaultTags: {}, offline: true });
  new SqsQueue(consumer, 'queue', { name: 'q', tags: { Topic: topic.arn } });
  return { app, consumer };
}

describe('self-contained stacks', () => {
  it('are what the app builds for environments, state and account baselines', () => {
    const built = buildApp(loadEnvironments(), { outdir: tmpOutdir(), offline: false });
    const stacks = built.app.node.children.filter((c): c is ReadableStack => c instanceof ReadableStack);
    expect(built.environments).toHaveLength(loadEnvironments().length);
    expect(stacks.map((s) => s.node.id).sort()).toEqual([...built.stateStacks, ...built.accountBaselines, ...built.environments].map((s) => s.node.id).sort());
    expect(stacks.filter((s) => !s.selfContained).map((s) => s.node.id)).toEqual([]);
  });

  it('synthesize byte-identically to cdktf with its prepare pass', () => {
    // The committed environments as every unit file reads them (synthesized once per run, fast synth on).
    const fast = Object.fromEntries([...committedStacks()].map(([name, st]) => [name, fs.readFileSync(path.join(st.dir, 'cdk.tf.json'), 'utf8')]));
    const prepare = jest.spyOn(ReadableStack.prototype, 'prepareStack').mockImplementation(function (this: ReadableStack) {
      TerraformStack.prototype.prepareStack.call(this);
    });
    let full: Record<string, string> = {};
    try {
      full = synthAll(tmpOutdir());
      expect(prepare).toHaveBeenCalledTimes(Object.keys(fast).length);
    } finally {
      prepare.mockRestore();
    }
    expect(Object.keys(fast).sort()).toEqual(Object.keys(full).sort());
    for (const name of Object.keys(full)) expect({ name, same: fast[name] === full[name] }).toEqual({ name, same: true });
  });

  it('refuse a reference to another stack, naming it', () => {
    const { app } = twoStacks(true);
    expect(() => app.synth()).toThrow(/Stack "consumer" is self-contained but references what it does not declare: aws_sns_topic\.topic/);
  });

  it('leave cross-stack references to cdktf when not self-contained (the default)', () => {
    const { app, consumer } = twoStacks(false);
    expect(new ReadableStack(new App(), 'x').selfContained).toBe(false);
    app.synth();
    const json = JSON.parse(fs.readFileSync(path.join(app.outdir, 'stacks', consumer.node.id, 'cdk.tf.json'), 'utf8'));
    expect(Object.keys(json.data?.terraform_remote_state ?? {})).toHaveLength(1);
  });
});

describe('undeclaredReferences', () => {
  const tf = (extra: Record<string, unknown>) => ({
    resource: { aws_sns_topic: { alerts: { name: 'a' } }, terraform_data: { secret: { input: 'x' } } },
    data: { aws_iam_policy_document: { doc: {} } },
    ...extra,
  });

  it('accepts references to declared resources and data sources, wherever they sit in an expression', () => {
    const doc = {
      data: { aws_iam_policy_document: { doc: {} } },
      resource: {
        aws_sns_topic: { alerts: { name: 'a' } },
        terraform_data: { secret: { input: 'x' } },
        aws_sqs_queue: {
          q: {
            policy: '${data.aws_iam_policy_document.doc.json}',
            tags: { A: '${aws_sns_topic.alerts.arn}', B: '${jsonencode({"k" = [aws_sns_topic.alerts.id, terraform_data.secret.output]})}' },
            list: ['x-${aws_sqs_queue.q.name}-${aws_sns_topic.alerts.name}'],
          },
        },
      },
    };
    expect(undeclaredReferences(doc)).toEqual([]);
  });

  it('names references to undeclared resources and data sources once each, sorted', () => {
    const doc = tf({
      output: {
        a: { value: '${aws_lb.other_stack.arn}' },
        b: { value: '${join(",", [data.aws_vpc.elsewhere.id, aws_lb.other_stack.dns_name])}' },
      },
    });
    expect(undeclaredReferences(doc)).toEqual(['aws_lb.other_stack', 'data.aws_vpc.elsewhere']);
  });

  it('does not read literal text, quoted strings inside expressions, attributes or metadata as references', () => {
    const doc = tf({
      output: {
        a: { value: 'see aws_lb.not_a_reference', description: '${replace(aws_sns_topic.alerts.name, "aws_lb.quoted", "")}' },
        b: { value: '${aws_sns_topic.alerts.tags_all.aws_lb}' },
      },
      '//': { note: '${aws_lb.in_metadata.arn}' },
    });
    expect(undeclaredReferences(doc)).toEqual([]);
  });

  it('splits strings into their outermost interpolations', () => {
    expect(interpolations('a ${x.y} b ${f({"k" = "}"})} c')).toEqual(['x.y', 'f({"k" = "}"})']);
    expect(interpolations('no interpolation')).toEqual([]);
  });
});
