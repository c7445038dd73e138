/**
 * The audit as JUnit XML (the schema CI test reporters read: Jenkins, GitLab, the GitHub test-report actions):
 * a `<testsuite>` per stack, a `<testcase>` per rule and subject (`classname` the rule, `name` the resource
 * address or the stack), `<failure>` for a failing result (type = severity) and for a policy problem, `<skipped>`
 * with the reason for a relaxed or suppressed one. `file`/`line` name the creating source (evidence.ts).
 */
import { AuditEvidence, locate, TOOL_NAME } from './evidence';
import type { RuleResult, StackReport } from './types';

/** Text safe in an XML attribute or element (control characters XML 1.0 refuses are dropped). */
export function xmlEscape(text: string): string {
  return text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const attrs = (a: Record<string, string | number>) =>
  Object.entries(a)
    .map(([k, v]) => ` ${k}="${xmlEscape(String(v))}"`)
    .join('');

function testcase(e: AuditEvidence, report: StackReport, x: RuleResult): string {
  const loc = locate(e, report.stackName, x.subject);
  const open = `    <testcase${attrs({ classname: `${report.stackName}.${x.rule}`, name: x.subject, file: loc.file, line: loc.line })}`;
  if (x.status === 'pass') return `${open}/>`;
  if (x.status === 'fail') return `${open}>\n      <failure${attrs({ type: x.severity, message: x.message })}>${xmlEscape(`${x.rule} (${x.title}) on ${x.subject}: ${x.message}`)}</failure>\n    </testcase>`;
  const why = x.status === 'relaxed' ? `relaxed by ${x.relaxation}: ${x.reason ?? ''}` : `suppressed: ${x.reason ?? ''}`;
  return `${open}>\n      <skipped${attrs({ message: why })}/>\n    </testcase>`;
}

function suite(e: AuditEvidence, report: StackReport): string {
  const failures = report.results.filter((x) => x.status === 'fail').length + report.problems.length;
  const skipped = report.results.filter((x) => x.status === 'relaxed' || x.status === 'suppressed').length;
  const tests = report.results.length + report.problems.length;
  const lines = [`  <testsuite${attrs({ name: report.stackName, tests, failures, errors: 0, skipped })}>`];
  lines.push(`    <properties>${['kind', 'production', 'failOnError'].map((k) => `<property${attrs({ name: k, value: String(report[k as keyof StackReport]) })}/>`).join('')}</properties>`);
  for (const x of report.results) lines.push(testcase(e, report, x));
  for (const p of report.problems) {
    const loc = locate(e, report.stackName, report.stackName);
    lines.push(`    <testcase${attrs({ classname: `${report.stackName}.${p.code}`, name: `suppression of ${p.suppression.rule}${p.suppression.resource ? ` on ${p.suppression.resource}` : ''}`, file: loc.file, line: loc.line })}>`);
    lines.push(`      <failure${attrs({ type: 'error', message: p.message })}>${xmlEscape(`${p.message} (reason given: "${p.suppression.reason}")`)}</failure>`, '    </testcase>');
  }
  lines.push('  </testsuite>');
  return lines.join('\n');
}

/** The JUnit XML document of a run. */
export function toJunit(e: AuditEvidence): string {
  const reports = e.run.reports;
  const sum = (f: (r: StackReport) => number) => reports.reduce((n, r) => n + f(r), 0);
  const head = attrs({
    name: TOOL_NAME,
    tests: sum((r) => r.results.length + r.problems.length),
    failures: sum((r) => r.results.filter((x) => x.status === 'fail').length + r.problems.length),
    errors: 0,
    skipped: sum((r) => r.results.filter((x) => x.status === 'relaxed' || x.status === 'suppressed').length),
  });
  return ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites${head}>`, ...reports.map((r) => suite(e, r)), '</testsuites>', ''].join('\n');
}
