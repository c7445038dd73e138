/**
 * The audit section of a plan summary: the policy engine's result
 * (modules/policy) for the planned stack, evaluated on the normal
 * (non-offline) synthesis of every stack so cross-stack rules see their
 * siblings. Never throws: a failure becomes a labelled "not available".
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadEnvironments } from '../config/load';
import { tableCell } from '../core/markdown';
import type { EnvironmentConfig } from '../config/types';
import { computeChecklist, runPolicy, StackReport, TerraformJson } from '../policy';
import { synthesizeAll } from '../stacks/app';
import type { SynthJson } from './inventory';
import { readSynthesizedStacks } from './stacks';
import type { AuditSection } from './summary';

/** Renders one stack's policy report for a plan summary. */
export function renderAudit(report: StackReport): AuditSection & { available: true } {
  const failing = report.results.filter((r) => r.status === 'fail' && r.severity !== 'info');
  const excused = report.results.filter((r) => r.status === 'relaxed' || r.status === 'suppressed');
  const count = (s: string) => report.results.filter((r) => r.status === s).length;
  const out: string[] = [];
  if (failing.length > 0 || report.problems.length > 0) {
    out.push(`Findings${report.failOnError ? ' (failOnError: errors block the synth)' : ' (failOnError is off: reported, not enforced)'}:`, '');
    out.push('| Rule | Severity | Subject | Finding |', '|---|---|---|---|');
    for (const r of failing) out.push(`| ${r.rule} | ${r.severity} | \`${r.subject}\` | ${tableCell(r.message)} |`);
    for (const p of report.problems) out.push(`| ${p.code} | error | policy set-up | ${tableCell(p.message)} |`);
    out.push('');
  } else out.push('No failing rule.', '');
  if (excused.length > 0) {
    out.push('Accepted exceptions (relaxations and suppressions, with their reasons):', '', '| Rule | Subject | Status | Reason |', '|---|---|---|---|');
    for (const r of excused) out.push(`| ${r.rule} | \`${r.subject}\` | ${r.status}${r.relaxation ? ` (${r.relaxation})` : ''} | ${tableCell(r.reason ?? '')} |`);
    out.push('');
  }
  const icon: Record<string, string> = { pass: '✅', fail: '❌', warning: '⚠️', relaxed: '🟡', suppressed: '🟡', 'no evidence': '➖', 'out of scope': '➖' };
  out.push('<details><summary>The seed guide\'s security checklist, computed</summary>', '', '| Section | Item | Status |', '|---|---|---|');
  for (const row of computeChecklist(report)) out.push(`| ${row.section} | ${tableCell(row.item)} | ${icon[row.status] ?? '⚠️'} ${row.status} |`);
  out.push('', '</details>');
  return {
    available: true,
    errors: report.errorCount,
    warnings: report.warningCount,
    passed: count('pass'),
    suppressed: count('suppressed') + count('relaxed'),
    markdown: out.join('\n'),
  };
}

let cached: { stacks: Map<string, SynthJson>; configs: EnvironmentConfig[] } | undefined;

function synthesizeForAudit(): { stacks: Map<string, SynthJson>; configs: EnvironmentConfig[] } {
  if (cached) return cached;
  const configs = loadEnvironments();
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'helloapi-audit-'));
  try {
    synthesizeAll(configs, { outdir });
    cached = { stacks: readSynthesizedStacks(outdir), configs };
    return cached;
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/**
 * The audit of `stackName`. Pass the synthesized stacks (all of them) when
 * you have them; otherwise the app is synthesized once (normal mode).
 */
export function auditSection(stackName: string, stacks?: ReadonlyMap<string, SynthJson>, configs?: readonly EnvironmentConfig[]): AuditSection {
  try {
    const input = stacks && configs ? { stacks, configs } : synthesizeForAudit();
    const run = runPolicy(input.stacks as ReadonlyMap<string, TerraformJson>, input.configs);
    const report = run.reports.find((r) => r.stackName === stackName);
    if (!report) return { available: false, reason: `the policy engine produced no report for ${stackName}` };
    return renderAudit(report);
  } catch (e) {
    return { available: false, reason: `the audit failed: ${(e as Error).message.split('\n')[0]}` };
  }
}
