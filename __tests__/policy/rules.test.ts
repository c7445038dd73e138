import { evaluateStack } from '../../modules/policy/engine';
import { RULES } from '../../modules/policy/rules';
import { CASES } from './cases';
import { FIXTURES, fixtureTarget } from './fixtures';

describe.each(RULES.map((r) => [r.id, r] as const))('%s', (id, rule) => {
  const c = CASES[id];

  it('has a test case', () => {
    expect(c).toBeDefined();
  });

  it('passes on the compliant fixture', () => {
    const kind = c?.fixture ?? 'environment';
    const report = evaluateStack(FIXTURES[kind](), fixtureTarget(kind), [rule]);
    if (!c?.vacuousPass) expect(report.results.length).toBeGreaterThan(0);
    expect(report.results.filter((r) => r.status !== 'pass')).toEqual([]);
  });

  it('fails on the mutated fixture', () => {
    const kind = c?.fixture ?? 'environment';
    const json = FIXTURES[kind]();
    c!.fail(json);
    const report = evaluateStack(json, fixtureTarget(kind, c!.failTarget), [rule]);
    const failing = report.results.filter((r) => r.status === 'fail');
    expect(failing.length).toBeGreaterThan(0);
    expect(failing.every((r) => r.rule === id && r.message.length > 0)).toBe(true);
    if (rule.severity === 'error') expect(report.blocking).toBe(true);
  });
});

describe('HAPI-ACCT-02 and the ECS Fargate agent (GuardDuty.12)', () => {
  const rule = RULES.find((r) => r.id === 'HAPI-ACCT-02')!;
  const run = (edit: (runtime: Record<string, any>) => void) => {
    const json = FIXTURES.account();
    edit((json.resource as any).aws_guardduty_detector_feature.baseline_runtime_monitoring);
    return evaluateStack(json, fixtureTarget('account'), [rule]).results.map((r) => [r.status, r.message]);
  };

  it('passes with Runtime Monitoring and its ECS Fargate agent management on', () => {
    expect(run(() => undefined)).toEqual([['pass', 'S3_DATA_EVENTS, RDS_LOGIN_EVENTS, RUNTIME_MONITORING with ECS_FARGATE_AGENT_MANAGEMENT']]);
  });

  it('warns when the agent is off (an account whose environments then pull no agent), or Runtime Monitoring is', () => {
    expect(run((f) => (f.additional_configuration[0].status = 'DISABLED'))).toEqual([['fail', 'not enabled: ECS_FARGATE_AGENT_MANAGEMENT (no GuardDuty agent in ECS Fargate tasks)']]);
    expect(run((f) => delete f.additional_configuration)).toEqual([['fail', 'not enabled: ECS_FARGATE_AGENT_MANAGEMENT (no GuardDuty agent in ECS Fargate tasks)']]);
    expect(run((f) => (f.status = 'DISABLED'))).toEqual([['fail', 'not enabled: RUNTIME_MONITORING, ECS_FARGATE_AGENT_MANAGEMENT (no GuardDuty agent in ECS Fargate tasks)']]);
  });
});

describe('the rule pack', () => {
  it('has unique IDs of the form HAPI-<SERVICE>-<NN>', () => {
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^HAPI-[A-Z0-9]+-\d{2}$/);
  });

  it('gives every rule a title, a fix, a severity and at least one source', () => {
    for (const r of RULES) {
      expect(r.title.length).toBeGreaterThan(10);
      expect(r.fix.length).toBeGreaterThan(10);
      expect(['error', 'warning', 'info']).toContain(r.severity);
      expect(r.sources.length).toBeGreaterThan(0);
      expect(r.resourceTypes).toBeDefined();
    }
  });

  it('has no test case for a rule that does not exist', () => {
    const ids = new Set(RULES.map((r) => r.id));
    expect(Object.keys(CASES).filter((id) => !ids.has(id))).toEqual([]);
  });
});

describe('relaxation mapping', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { RELAXATION_NAMES } = require('../../modules/config/relaxations') as typeof import('../../modules/config/relaxations');

  it('maps every relaxation an environment can declare to the rules it excuses', () => {
    for (const name of RELAXATION_NAMES) expect([name, RULES.filter((r) => (r.relaxedBy ?? []).includes(name)).length > 0]).toEqual([name, true]);
  });

  it('names only relaxations that exist', () => {
    for (const r of RULES) for (const name of r.relaxedBy ?? []) expect(RELAXATION_NAMES).toContain(name);
  });
});
