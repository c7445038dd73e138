/**
 * Produces a real plan with every kind of change: a small stack planned
 * offline against a hand-written prior state (plan-stack.ts), then checks the
 * summary of what Terraform actually planned. With UPDATE_FIXTURES=1 it
 * rewrites fixtures/plan.json, the copy the unit tests read.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { planExitCode, summarizePlan, TerraformPlanJson } from '../../modules/review/summary';
import { terraformPlan } from '../../scripts/plan';
import { findProviderMirror, offlineEnv, terraformBinary, writeCliConfig } from '../../scripts/terraform';
import { synthStack } from '../support/synth';
import { buildPlanFixtureStack, planFixtureState } from './fixtures/plan-stack';

/** Keeps what the summary reads, so the committed fixture stays small and reviewable. */
export function trimPlan(plan: TerraformPlanJson): TerraformPlanJson {
  return {
    format_version: plan.format_version,
    terraform_version: plan.terraform_version,
    resource_changes: plan.resource_changes,
    output_changes: plan.output_changes,
    errored: plan.errored,
  };
}

describe('offline plan against a prior state', () => {
  let plan: TerraformPlanJson;

  beforeAll(async () => {
    const stack = synthStack(buildPlanFixtureStack, { name: 'review-fixture', offline: true });
    fs.writeFileSync(path.join(stack.dir, 'terraform.tfstate'), JSON.stringify(planFixtureState(), null, 1));
    const cliConfig = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'review-tf-')), 'cli.tfrc');
    writeCliConfig(cliConfig, findProviderMirror());
    const result = await terraformPlan(terraformBinary().bin, stack.dir, offlineEnv(cliConfig), ['-refresh=false', '-lock=false']);
    if (!result.ok) throw new Error(`${result.step} failed: ${result.error}`);
    plan = result.planJson;
    if (process.env.UPDATE_FIXTURES === '1') {
      fs.writeFileSync(path.join(__dirname, 'fixtures', 'plan.json'), `${JSON.stringify(trimPlan(plan), null, 1)}\n`);
    }
  });

  it('plans creates, an update, stateful replacements, deletions and a move', () => {
    const s = summarizePlan(plan);
    const kind = (address: string) => s.changes.find((c) => c.address === address)?.kind;
    expect(kind('aws_db_instance.database_primary')).toBe('replace');
    expect(kind('aws_cloudwatch_log_group.compute_app_logs')).toBe('replace');
    expect(kind('aws_kms_key.database_key')).toBe('update');
    expect(kind('aws_s3_bucket.edge_old_access_logs')).toBe('delete');
    expect(kind('aws_sns_topic_subscription.monitoring_old_webhook')).toBe('delete');
    expect(kind('aws_iam_role.compute_task_role')).toBe('create');
    expect(s.moved.map((m) => [m.previousAddress, m.address])).toEqual([['aws_cloudwatch_log_group.compute_ecs_exec_logs', 'aws_cloudwatch_log_group.compute_exec_logs']]);
    expect(s.dataLossRisks.map((d) => d.address).sort()).toEqual([
      'aws_cloudwatch_log_group.compute_app_logs',
      'aws_db_instance.database_primary',
      'aws_s3_bucket.edge_old_access_logs',
    ]);
    expect(planExitCode(s)).toBe(2);
  });

  it('matches the committed fixture the unit tests read', () => {
    const committed = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'plan.json'), 'utf8')) as TerraformPlanJson;
    const kinds = (p: TerraformPlanJson) => Object.fromEntries(summarizePlan(p).changes.map((c) => [c.address, c.kind]));
    expect(kinds(committed)).toEqual(kinds(plan));
  });
});
