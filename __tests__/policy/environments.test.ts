/**
 * The real environment files, synthesized through the product path: production
 * has no policy error and no suppression; dev and staging fail no error rule
 * (their deviations are relaxed, each with the reason from their file).
 */
import * as fs from 'fs';
import * as path from 'path';
import { loadEnvironments } from '../../modules/config/load';
import { stackConsole, verdictOf } from '../../modules/policy/report';
import { runPolicy } from '../../modules/policy/run';
import type { TerraformJson } from '../../modules/policy/tf-json';
import { committedStacks } from '../support/synth';

const configs = loadEnvironments();
const stacks = committedStacks();
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

  it.each(configs.filter((c) => !c.production).map((c) => c.stackName))('%s fails no error rule; what deviates is relaxed with its reason', (name) => {
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

describe('npm run audit on the real environments', () => {
  it('reports the cross-account access rules for every stack, and they pass', () => {
    for (const r of run.reports) {
      const xacc = r.results.filter((x) => x.rule.startsWith('HAPI-XACC-'));
      expect([r.stackName, xacc.filter((x) => x.status !== 'pass')]).toEqual([r.stackName, []]);
      expect([r.stackName, [...new Set(xacc.map((x) => x.rule))].sort()]).toEqual([r.stackName, r.kind === 'environment' ? ['HAPI-XACC-01', 'HAPI-XACC-02', 'HAPI-XACC-03'] : ['HAPI-XACC-01', 'HAPI-XACC-02']]);
    }
  });

  it('prints what the README\'s audit sample shows: one verdict line per stack', () => {
    const readme = fs.readFileSync(path.join(__dirname, '../../README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Security policy and audit'));
    const sample = section.slice(section.indexOf('```'), section.indexOf('```', section.indexOf('```') + 3));
    const lines = [...sample.matchAll(/^(helloapi-[a-z0-9-]+) +(PASS(?: with warnings)?|FAIL[^(\n]*?)(?: {2,}\(.*\))?$/gm)].map((m) => [m[1], m[2].trim()]);
    expect(lines.map(([name]) => name).sort()).toEqual(run.reports.map((r) => r.stackName).sort());
    for (const [name, verdict] of lines) expect([name, verdictOf(report(name))]).toEqual([name, verdict]);
    expect(sample).toContain(`== helloapi-prod (environment, production): ${verdictOf(report('helloapi-prod'))}`);
    // Its result lines (cut short with "...") are the start of lines the console prints for helloapi-prod.
    const printed = stackConsole(report('helloapi-prod')).split('\n');
    const shown = sample.split('\n').filter((l) => /^ {2}(pass|FAIL|WARN) +HAPI-/.test(l));
    expect(shown.length).toBeGreaterThanOrEqual(3);
    for (const l of shown) expect([l, printed.some((p) => p.startsWith(l.replace(/ ?\.\.\.$/, '')))]).toEqual([l, true]);
  });
});
