import { runPolicy, StackReport, TerraformJson } from '../../modules/policy';
import { loadEnvironments } from '../../modules/config/load';
import { auditSection, renderAudit } from '../../modules/review/audit';
import type { SynthJson } from '../../modules/review/inventory';
import { renderPlanSummary, summarizePlan } from '../../modules/review/summary';
import { committedStacks } from '../support/synth';

describe('audit section of the plan summary (policy engine)', () => {
  const configs = loadEnvironments();
  const stacks = new Map([...committedStacks()].map(([name, s]) => [name, s.json as SynthJson]));
  const reports = runPolicy(stacks as Map<string, TerraformJson>, configs).reports;

  it("reports the engine's counts for the planned stack and lists relaxations with their reasons", () => {
    const dev = reports.find((r) => r.stackName === 'helloapi-dev')!;
    const a = auditSection('helloapi-dev', stacks, configs);
    expect(a.available).toBe(true);
    if (!a.available) return;
    expect(a.errors).toBe(dev.errorCount);
    expect(a.warnings).toBe(dev.warningCount);
    expect(a.passed).toBe(dev.results.filter((r) => r.status === 'pass').length);
    const relaxed = dev.results.filter((r) => r.status === 'relaxed');
    expect(relaxed.length).toBeGreaterThan(0); // dev declares relaxations
    expect(a.markdown).toContain(`| ${relaxed[0].rule} | \`${relaxed[0].subject}\` | relaxed (${relaxed[0].relaxation}) | ${relaxed[0].reason} |`);
    expect(a.markdown).toContain('| Before Production | `DEBUG = False` in production |');
  });

  it('lists failing findings in a table', () => {
    const fake: StackReport = {
      ...reports[0],
      results: [{ rule: 'HAPI-RDS-01', title: 'RDS not public', severity: 'error', status: 'fail', subject: 'aws_db_instance.database_primary', message: 'publicly_accessible is true' }],
      problems: [],
      errorCount: 1,
      warningCount: 0,
      failOnError: true,
    };
    const a = renderAudit(fake);
    expect(a.errors).toBe(1);
    expect(a.markdown).toContain('| HAPI-RDS-01 | error | `aws_db_instance.database_primary` | publicly_accessible is true |');
    const md = renderPlanSummary(summarizePlan({ resource_changes: [] }), { title: 'x', audit: a });
    expect(md).toContain('❌ 1 error(s), 0 warning(s), 0 passed, 0 relaxed or suppressed (accepted, with reasons).');
  });

  it('is labelled "not available" rather than failing the summary', () => {
    const a = auditSection('helloapi-nowhere', stacks, configs);
    expect(a).toEqual({ available: false, reason: 'the policy engine produced no report for helloapi-nowhere' });
  });
});
