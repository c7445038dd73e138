/**
 * The plan digest on real Terraform output: a small stack (fixtures/digest-stack.ts)
 * planned offline twice against the same prior state must give the same digest,
 * and one changed input must give another. With UPDATE_FIXTURES=1 it rewrites
 * fixtures/plan-sensitive.json, the copy digest.test.ts reads.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { planDigest, planDigestFile } from '../../modules/review/digest';
import { TerraformPlanJson } from '../../modules/review/summary';
import { terraformPlan } from '../../scripts/plan';
import { findProviderMirror, offlineEnv, run, terraformBinary, writeCliConfig } from '../../scripts/terraform';
import { synthStack } from '../support/synth';
import { buildDigestFixtureStack, digestFixtureState, NEW_SECRET, UNCHANGED_SECRET } from './fixtures/digest-stack';

/** One synthesized fixture folder, initialized once; each plan writes its prior state there and plans again. */
let workdir: { dir: string; env: NodeJS.ProcessEnv; bin: string } | undefined;

async function planOnce(state: Record<string, unknown>): Promise<TerraformPlanJson> {
  const bin = terraformBinary().bin;
  if (!workdir) {
    const stack = synthStack(buildDigestFixtureStack, { name: 'digest-fixture', offline: true });
    const cliConfig = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'digest-tf-')), 'cli.tfrc');
    writeCliConfig(cliConfig, findProviderMirror());
    workdir = { dir: stack.dir, env: offlineEnv(cliConfig), bin };
    fs.writeFileSync(path.join(stack.dir, 'terraform.tfstate'), JSON.stringify(state, null, 1));
    const result = await terraformPlan(bin, stack.dir, workdir.env, ['-refresh=false', '-lock=false']);
    if (!result.ok) throw new Error(`${result.step} failed: ${result.error}`);
    return result.planJson;
  }
  // Same configuration, already initialized: only the prior state differs (init would repeat ~3 CPU-s of provider start-up).
  fs.writeFileSync(path.join(workdir.dir, 'terraform.tfstate'), JSON.stringify(state, null, 1));
  const plan = await run(bin, ['plan', '-input=false', '-no-color', '-out=plan.tfplan', '-refresh=false', '-lock=false'], workdir.dir, workdir.env);
  if (!plan.ok) throw new Error(`plan failed: ${plan.stderr || plan.stdout}`);
  const show = await run(bin, ['show', '-json', 'plan.tfplan'], workdir.dir, workdir.env);
  if (!show.ok) throw new Error(`show failed: ${show.stderr}`);
  return JSON.parse(show.stdout) as TerraformPlanJson;
}

describe('plan digest of real offline plans', () => {
  let first: TerraformPlanJson;
  let second: TerraformPlanJson;

  beforeAll(async () => {
    first = await planOnce(digestFixtureState());
    second = await planOnce(digestFixtureState());
    if (process.env.UPDATE_FIXTURES === '1') {
      const trimmed = { format_version: first.format_version, terraform_version: first.terraform_version, resource_changes: first.resource_changes, output_changes: first.output_changes, errored: first.errored };
      fs.writeFileSync(path.join(__dirname, 'fixtures', 'plan-sensitive.json'), `${JSON.stringify(trimmed, null, 1)}\n`);
    }
  });

  it('plans an update with an unchanged sensitive value, creates with sensitive and unknown values, a sensitive output', () => {
    const byAddress = new Map((first.resource_changes ?? []).map((rc) => [rc.address, rc]));
    expect(byAddress.get('aws_ssm_parameter.compute_api_token')?.change.actions).toEqual(['update']);
    expect(byAddress.get('aws_ssm_parameter.compute_api_token')?.change.after_sensitive).toMatchObject({ value: true });
    expect(byAddress.get('aws_ssm_parameter.compute_webhook_key')?.change.actions).toEqual(['create']);
    expect(byAddress.get('aws_sns_topic.monitoring_alerts')?.change.after_unknown).toMatchObject({ arn: true });
    expect(first.output_changes?.webhook_key_value?.after_sensitive).toBe(true);
    // The plan JSON does carry the secrets in clear text: why it is never uploaded.
    expect(JSON.stringify(first)).toContain(NEW_SECRET);
    expect(JSON.stringify(first)).toContain(UNCHANGED_SECRET);
  });

  it('two plans of the same code and state have the same digest (Terraform output is deterministic enough)', () => {
    expect(planDigest(second)).toBe(planDigest(first));
  });

  // (A changed planned value or action changing the digest is covered on plan JSON fixtures in digest.test.ts; here,
  // the point is that real Terraform output is stable across runs and carries the secrets the digest must drop.)

  it('the digest file holds none of the secrets', () => {
    const text = JSON.stringify(planDigestFile('digest-fixture', first));
    expect(text).not.toContain(NEW_SECRET);
    expect(text).not.toContain(UNCHANGED_SECRET);
  });
});
