/**
 * The real environment files, synthesized through the product path: production
 * has no policy error and no suppression; dev and staging fail no error rule
 * (their deviations are relaxed, each with the reason from their file).
 */
import { loadEnvironments } from '../../modules/config/load';
import { runPolicy } from '../../modules/policy/run';
import type { TerraformJson } from '../../modules/policy/stack';
import { synthEnvironments } from '../support/synth';

const configs = loadEnvironments();
const stacks = synthEnvironments(configs);
const run = runPolicy(new Map([...stacks].map(([name, s]) => [name, s.json as TerraformJson])), configs);
const report = (name: string) => run.reports.find((r) => r.stackName === name)!;
const errors = (name: string) => report(name).results.filter((r) => r.status === 'fail' && r.severity === 'error').map((r) => `${r.rule} ${r.subject}: ${r.message}`);

describe('the real environments', () => {
  it('evaluates every synthesized stack', () => {
    expect(run.reports.map((r) => r.stackName).sort()).toEqual([...stacks.keys()].sort());
  });

  it('production passes every error rule, with no suppression and no relaxation', () => {
    expect(errors('helloapi-prod')).toEqual([]);
    expect(report('helloapi-prod').problems).toEqual([]);
    expect(report('helloapi-prod').suppressions).toEqual([]);
    expect(report('helloapi-prod').results.filter((r) => r.status === 'relaxed')).toEqual([]);
    expect(run.blocking).toEqual([]);
  });

  it.each(['helloapi-dev', 'helloapi-staging'])('%s fails no error rule; what deviates is relaxed with its reason', (name) => {
    expect(errors(name)).toEqual([]);
    for (const r of report(name).results.filter((x) => x.status === 'relaxed')) expect(r.reason!.length).toBeGreaterThanOrEqual(10);
  });

  it('dev relaxes exactly what its file declares (single-AZ database, single NAT, no CloudFront, short retention)', () => {
    const relaxed = new Set(report('helloapi-dev').results.filter((r) => r.status === 'relaxed').map((r) => r.relaxation));
    expect(relaxed).toEqual(new Set(['singleAzDatabase', 'singleNatGateway', 'noCloudFront', 'shortLogRetention', 'noDeletionProtection', 'skipFinalSnapshot']));
  });

  it('shared stacks (state, account baselines) pass every error rule', () => {
    for (const r of run.reports.filter((x) => x.kind !== 'environment')) expect([r.stackName, errors(r.stackName)]).toEqual([r.stackName, []]);
  });
});
