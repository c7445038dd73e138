/**
 * terraform validate + an offline plan (empty state, no AWS calls) of every
 * stack the app synthesizes. Never skipped: without Terraform or the provider
 * mirror this fails with the reason.
 */
import * as path from 'path';
import { planStacks, StackPlanResult, synthOffline } from '../../scripts/offline-plan';
import { tmpOutdir } from '../support/synth';

describe('offline plan of every stack', () => {
  let results: StackPlanResult[];
  let stackDirs: string[];

  beforeAll(async () => {
    stackDirs = synthOffline(tmpOutdir('helloapi-offline-'));
    results = await planStacks({ stackDirs, concurrency: Number(process.env.PLAN_CONCURRENCY ?? 2) });
  });

  it('covers the state stack and every environment', () => {
    expect(stackDirs.map((d) => path.basename(d))).toEqual(expect.arrayContaining(['helloapi-state', 'helloapi-dev', 'helloapi-staging', 'helloapi-prod']));
    expect(results.map((r) => r.stack).sort()).toEqual(stackDirs.map((d) => path.basename(d)).sort());
  });

  it('validates and plans each stack', () => {
    const failures = results.filter((r) => !r.ok).map((r) => `${r.stack} failed at ${r.failedStep}:\n${r.error}`);
    expect(failures).toEqual([]);
  });

  it('plans resources for each stack', () => {
    for (const r of results) expect({ stack: r.stack, planned: r.resourceCount > 0 }).toEqual({ stack: r.stack, planned: true });
  });

  it('counts planned resources from the plan summary exactly as from the plan JSON', async () => {
    const state = stackDirs.filter((d) => path.basename(d) === 'helloapi-state');
    const [withJson] = await planStacks({ stackDirs: state, concurrency: 1, keepPlanJson: true });
    const summary = results.find((r) => r.stack === 'helloapi-state')!;
    expect(withJson.planJson?.resource_changes?.length).toBe(withJson.resourceCount);
    expect(summary.resourceCount).toBe(withJson.resourceCount);
  });
});
