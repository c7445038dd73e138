/** Markdown, JSON and console renderings of policy results. */
import { tableCell } from '../core/markdown';
import { ChecklistRow, computeChecklist } from './checklist';
import { DEFAULT_PACK } from './packs';
import type { PolicyRun } from './run';
import type { Rule, RuleResult, StackReport } from './types';

const ICON: Record<string, string> = {
  pass: 'pass',
  fail: '**FAIL**',
  warning: 'warning',
  relaxed: 'relaxed',
  suppressed: 'suppressed',
  'no evidence': '**no evidence**',
  'out of scope': 'n/a',
};

function counts(r: StackReport): Record<RuleResult['status'], number> {
  const c = { pass: 0, fail: 0, relaxed: 0, suppressed: 0 };
  for (const x of r.results) c[x.status]++;
  return c;
}

/** `PASS`, `FAIL (blocking)` or `FAIL (reported)`. */
export function verdictOf(r: StackReport): string {
  const failing = r.results.some((x) => x.status === 'fail' && x.severity !== 'info') || r.problems.length > 0;
  if (!failing) return 'PASS';
  return r.blocking ? 'FAIL (blocking: failOnError)' : r.errorCount > 0 ? 'FAIL (errors reported as warnings: failOnError off)' : 'PASS with warnings';
}

/** The JSON report of one stack (stable key order). */
export function stackJson(r: StackReport): Record<string, unknown> {
  const c = counts(r);
  return {
    stack: r.stackName,
    kind: r.kind,
    production: r.production,
    failOnError: r.failOnError,
    verdict: verdictOf(r),
    blocking: r.blocking,
    counts: { ...c, errors: r.errorCount, warnings: r.warningCount },
    checklist: r.kind === 'environment' ? computeChecklist(r) : [],
    relaxations: Object.entries(r.relaxations).map(([name, v]) => ({ name, reason: v!.reason })),
    suppressions: r.suppressions,
    problems: r.problems,
    results: r.results,
  };
}

function checklistTable(rows: ChecklistRow[]): string[] {
  const out: string[] = [];
  let section = '';
  for (const row of rows) {
    if (row.section !== section) {
      section = row.section;
      out.push('', `#### ${section}`, '', '| Item | Status | Evidence |', '|---|---|---|');
    }
    out.push(`| ${tableCell(row.item)} | ${ICON[row.status]} | ${tableCell(row.evidence)} |`);
  }
  return out;
}

/** The Markdown report of one stack. */
export function stackMarkdown(r: StackReport, rules: readonly Rule[] = DEFAULT_PACK.rules): string {
  const c = counts(r);
  const out: string[] = [];
  out.push(`# Policy report: ${r.stackName}`, '');
  out.push(`**${verdictOf(r)}**: ${r.kind} stack${r.production ? ', production' : ''}; failOnError ${r.failOnError ? 'on' : 'off'}.`);
  out.push(`${r.results.length} results: ${c.pass} pass, ${c.fail} fail (${r.errorCount - r.problems.length} error, ${r.warningCount} warning), ${c.relaxed} relaxed, ${c.suppressed} suppressed; ${r.problems.length} policy problem(s).`);
  if (r.kind === 'environment') {
    out.push('', '## Security checklist (from the security guide)');
    out.push(...checklistTable(computeChecklist(r)));
  }
  out.push('', '## Relaxations', '');
  const relax = Object.entries(r.relaxations);
  if (relax.length === 0) out.push('None.');
  else {
    out.push('| Relaxation | Reason | Results it excuses |', '|---|---|---|');
    for (const [name, v] of relax) out.push(`| ${name} | ${tableCell(v!.reason)} | ${r.results.filter((x) => x.relaxation === name).length} |`);
  }
  out.push('', '## Suppressions', '');
  if (r.suppressions.length === 0) out.push('None.');
  else {
    out.push('| Rule | Resource | Reason | Results it covers |', '|---|---|---|---|');
    for (const s of r.suppressions) {
      const used = r.results.filter((x) => x.status === 'suppressed' && x.rule === s.rule && (s.resource === undefined || x.subject === s.resource)).length;
      out.push(`| ${s.rule} | ${s.resource ?? '(whole stack)'} | ${tableCell(s.reason)} | ${used} |`);
    }
  }
  if (r.problems.length) {
    out.push('', '## Policy problems', '');
    for (const p of r.problems) out.push(`- **${p.code}** ${tableCell(p.message)} (reason given: "${tableCell(p.suppression.reason)}")`);
  }
  const failing = r.results.filter((x) => x.status !== 'pass');
  out.push('', '## Findings', '');
  if (failing.length === 0) out.push('None: every rule passes.');
  else {
    out.push('| Status | Severity | Rule | Resource | Finding | Fix / reason |', '|---|---|---|---|---|---|');
    const order = { fail: 0, relaxed: 1, suppressed: 2, pass: 3 };
    for (const x of [...failing].sort((a, b) => order[a.status] - order[b.status] || a.rule.localeCompare(b.rule))) {
      const rule = rules.find((y) => y.id === x.rule);
      out.push(`| ${ICON[x.status]} | ${x.severity} | ${x.rule} | ${tableCell(x.subject)} | ${tableCell(x.message)} | ${tableCell(x.status === 'fail' ? rule?.fix ?? '' : `${x.relaxation ? `${x.relaxation}: ` : ''}${x.reason ?? ''}`)} |`);
    }
  }
  out.push('', '## Every rule result', '', '| Rule | Title | Severity | Resource | Status | Evidence |', '|---|---|---|---|---|---|');
  for (const x of r.results) out.push(`| ${x.rule} | ${tableCell(x.title)} | ${x.severity} | ${tableCell(x.subject)} | ${ICON[x.status]} | ${tableCell(x.message)} |`);
  const evaluated = new Set(r.results.map((x) => x.rule));
  // Shared stacks hold a few resource types only; listing every idle rule there is noise.
  const silent = r.kind === 'environment' ? rules.filter((x) => !evaluated.has(x.id) && (!x.stackKinds || x.stackKinds.includes(r.kind))) : [];
  if (silent.length) out.push('', `Rules with nothing to inspect in this stack: ${silent.map((x) => x.id).join(', ')}.`);
  return out.join('\n') + '\n';
}

/** The summary over every stack. */
export function summaryMarkdown(run: PolicyRun): string {
  const out = ['# Policy summary', '', '| Stack | Kind | Production | failOnError | Verdict | Pass | Fail (error/warning) | Relaxed | Suppressed | Problems |', '|---|---|---|---|---|---|---|---|---|---|'];
  for (const r of run.reports) {
    const c = counts(r);
    out.push(`| [${r.stackName}](${r.stackName}.md) | ${r.kind} | ${r.production ? 'yes' : 'no'} | ${r.failOnError ? 'on' : 'off'} | ${verdictOf(r)} | ${c.pass} | ${c.fail} (${r.errorCount - r.problems.length}/${r.warningCount}) | ${c.relaxed} | ${c.suppressed} | ${r.problems.length} |`);
  }
  const envs = run.reports.filter((r) => r.kind === 'environment');
  if (envs.length) {
    const tables = envs.map((r) => computeChecklist(r));
    out.push('', '## Security checklist by environment', '', `| Item | ${envs.map((r) => r.stackName).join(' | ')} |`, `|---|${envs.map(() => '---|').join('')}`);
    tables[0].forEach((row, i) => out.push(`| ${tableCell(row.item)} | ${tables.map((t) => ICON[t[i].status]).join(' | ')} |`));
  }
  out.push('', `${run.blocking.length ? `**Blocking:** ${run.blocking.map((r) => r.stackName).join(', ')}` : 'No stack with failOnError has a policy error.'}`);
  return out.join('\n') + '\n';
}

/** Plain-text table for the terminal: the checklist, then every non-passing result and a count of passes. */
export function stackConsole(r: StackReport): string {
  const out: string[] = [];
  out.push(`== ${r.stackName} (${r.kind}${r.production ? ', production' : ''}): ${verdictOf(r)}`);
  if (r.kind === 'environment') {
    const rows = computeChecklist(r);
    const w = Math.max(...rows.map((x) => x.item.length));
    for (const row of rows) out.push(`  ${row.item.padEnd(w)}  ${row.status.toUpperCase().padEnd(12)} ${row.evidence.length > 110 ? `${row.evidence.slice(0, 107)}...` : row.evidence}`);
    out.push('');
  }
  for (const x of r.results) {
    const tag = x.status === 'pass' ? 'pass' : x.status === 'fail' ? (x.severity === 'error' ? 'FAIL' : 'WARN') : x.status;
    out.push(`  ${tag.padEnd(10)} ${x.rule.padEnd(13)} ${x.subject}: ${x.message}${x.reason ? ` [${x.reason}]` : ''}`);
  }
  for (const p of r.problems) out.push(`  ${'ERROR'.padEnd(10)} ${p.code.padEnd(13)} ${p.message}`);
  for (const s of r.suppressions) out.push(`  suppression ${s.rule}${s.resource ? ` on ${s.resource}` : ''}: ${s.reason}`);
  return out.join('\n');
}
