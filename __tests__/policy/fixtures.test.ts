import { evaluateStack } from '../../modules/policy/engine';
import { RULES } from '../../modules/policy/rules';
import { FIXTURES, fixtureTarget, FixtureKind } from './fixtures';

describe('compliant fixtures', () => {
  it.each(['environment', 'account', 'state'] as FixtureKind[])('the %s fixture passes every rule', (kind) => {
    const report = evaluateStack(FIXTURES[kind](), fixtureTarget(kind), RULES);
    expect(report.results.filter((r) => r.status !== 'pass').map((r) => `${r.rule} ${r.subject}: ${r.message}`)).toEqual([]);
    expect(report.results.length).toBeGreaterThan(10);
    expect(report.blocking).toBe(false);
  });
});
