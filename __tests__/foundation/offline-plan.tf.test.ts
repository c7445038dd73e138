/**
 * An offline plan (empty state, no AWS calls) of every stack the app synthesizes; the plan is also each stack's
 * `terraform validate`: `terraform plan` runs the same validation walk first and fails on anything validate
 * reports (the second describe below proves it on a schema error and a provider-side argument check), so a
 * separate validate would repeat that walk (~4-5 CPU-s per stack, bench/README.md). `npm run plan:offline` still
 * runs both. Never skipped: without Terraform or the provider mirror this fails with the reason.
 */
import * as fs from 'fs';
import * as path from 'path';
import { pickStacks, planStacks, StackPlanResult, synthOffline } from '../../scripts/offline-plan';
import { offlineAwsProviderJson } from '../support/offline-provider';
import { tmpOutdir } from '../support/synth';

describe('offline plan of every stack', () => {
  let results: StackPlanResult[];
  let stackDirs: string[];

  beforeAll(async () => {
    stackDirs = synthOffline(tmpOutdir('helloapi-offline-'));
    results = await planStacks({ stackDirs, concurrency: Number(process.env.PLAN_CONCURRENCY ?? 2), validate: false });
  });

  it('covers the state stack and every environment', () => {
    expect(stackDirs.map((d) => path.basename(d))).toEqual(expect.arrayContaining(['helloapi-state', 'helloapi-dev', 'helloapi-staging', 'helloapi-prod']));
    expect(results.map((r) => r.stack).sort()).toEqual(stackDirs.map((d) => path.basename(d)).sort());
  });

  it('picks stacks as plan, cost and diagram do: an environment name is that environment only (prod is not account-prod)', () => {
    // synthOffline's pick, on the stacks beforeAll synthesized (no second synthesis).
    const stacksDir = path.dirname(stackDirs[0]);
    expect(pickStacks(stacksDir, ['prod', 'account-nonprod']).map((d) => path.basename(d))).toEqual(['helloapi-account-nonprod', 'helloapi-prod']);
    expect(pickStacks(stacksDir)).toEqual(stackDirs);
    expect(() => pickStacks(stacksDir, ['nope'])).toThrow(/unknown stack or environment: nope/);
  });

  it('validates and plans each stack', () => {
    const failures = results.filter((r) => !r.ok).map((r) => `${r.stack} failed at ${r.failedStep}:\n${r.error}`);
    expect(failures).toEqual([]);
  });

  it('plans resources for each stack', () => {
    for (const r of results) expect({ stack: r.stack, planned: r.resourceCount > 0 }).toEqual({ stack: r.stack, planned: true });
  });

  it('names every resource each plan creates, as many as its summary counts', () => {
    for (const r of results) expect({ stack: r.stack, named: r.createdAddresses.length }).toEqual({ stack: r.stack, named: r.resourceCount });
    const prod = results.find((r) => r.stack === 'helloapi-prod')!;
    expect(prod.createdAddresses).toEqual(expect.arrayContaining(['aws_vpc.network_vpc', 'aws_db_instance.database_primary', 'aws_ecs_service.compute_service', 'aws_lb.edge_alb']));
  });
});

describe('terraform plan without a separate validate (what test fixtures use)', () => {
  it('still fails on what terraform validate reports: schema errors and provider-side argument checks', async () => {
    const dir = path.join(tmpOutdir('helloapi-invalid-'), 'invalid');
    fs.mkdirSync(dir);
    fs.writeFileSync(
      path.join(dir, 'main.tf.json'),
      JSON.stringify({
        terraform: { required_providers: { aws: { source: 'hashicorp/aws', version: '5.100.0' } } },
        provider: { aws: [offlineAwsProviderJson()] },
        resource: {
          aws_sns_topic: { t: { name: 'x', not_an_argument: true } },
          aws_cloudwatch_log_group: { g: { name: 'g', retention_in_days: 7777 } },
        },
      }),
    );
    const [result] = await planStacks({ stackDirs: [dir], validate: false });
    expect(result.ok).toBe(false);
    expect(result.failedStep).toBe('plan');
    expect(result.error).toMatch(/No argument or block type is named "not_an_argument"/);
    expect(result.error).toMatch(/expected retention_in_days to be one of/);
  });
});
