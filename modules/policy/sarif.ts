/**
 * The audit as SARIF 2.1.0 (OASIS errata 01; schema in __tests__/fixtures/sarif/, validated by a test) for GitHub
 * code scanning: one run, the rule pack as `tool.driver.rules`, and one result per finding that is not a pass:
 * failures, relaxed and suppressed results (the latter two with SARIF `suppressions` carrying the reason) and policy
 * problems (HAPI-POLICY-01/02). Passes are counted in the run's properties, not listed (code scanning shows results
 * as alerts). GitHub's requirements: https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning
 */
import { createHash } from 'crypto';
import { AuditEvidence, locate, suppressionLocation, suppressionOf, TOOL_NAME } from './evidence';
import type { SourceLocation } from './sources';
import type { PolicyProblem, Rule, RuleResult, Severity, StackReport } from './types';

export const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

type Json = Record<string, unknown>;
type Level = 'error' | 'warning' | 'note';

const LEVEL: Record<Severity, Level> = { error: 'error', warning: 'warning', info: 'note' };
/** GitHub's `security-severity` (0-10: >= 7 high, >= 4 medium, else low). */
const SECURITY_SEVERITY: Record<Severity, string> = { error: '8.0', warning: '5.0', info: '2.0' };

/** The policy problems as rules of their own (they are errors: a suppression that covers nothing or names no rule). */
const PROBLEM_RULES: readonly { id: PolicyProblem['code']; title: string; fix: string }[] = [
  { id: 'HAPI-POLICY-01', title: 'Every suppression covers a failing result', fix: 'Remove the suppression, or point it at the resource and rule that fail.' },
  { id: 'HAPI-POLICY-02', title: 'Every suppression names a known rule', fix: 'Use a rule id from docs/policy-rules.md.' },
];

/** `Every S3 bucket has ...` -> `EveryS3BucketHas...` (SARIF reportingDescriptor.name). */
export function ruleName(title: string): string {
  return title
    .replace(/[^A-Za-z0-9 ]+/g, ' ')
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');
}

/** `FSBP S3.8`, `CIS 3.1`, `checkov CKV_AWS_53`, `seed: ...`, `deploy: ...`. */
function controlsOf(r: Rule): string[] {
  const prefix = { fsbp: 'FSBP ', cis: 'CIS ', checkov: 'checkov ', 'seed-checklist': 'seed: ', deploy: 'deploy: ' } as const;
  return r.sources.map((s) => `${prefix[s.kind]}${s.id}`);
}

function descriptor(r: Rule, helpUri: string | undefined): Json {
  const service = r.id.split('-')[1]?.toLowerCase() ?? 'policy';
  return {
    id: r.id,
    name: ruleName(r.title),
    shortDescription: { text: r.title },
    fullDescription: { text: `${r.title}.${r.notes ? ` ${r.notes}` : ''}` },
    help: { text: `Fix: ${r.fix}`, markdown: `**Fix:** ${r.fix}` },
    ...(helpUri ? { helpUri: `${helpUri}#rules` } : {}),
    defaultConfiguration: { level: LEVEL[r.severity] },
    properties: {
      tags: ['security', 'terraform', service, ...new Set(r.sources.map((s) => s.kind))],
      controls: controlsOf(r),
      'security-severity': SECURITY_SEVERITY[r.severity],
      ...(r.relaxedBy?.length ? { relaxedBy: r.relaxedBy } : {}),
    },
  };
}

function problemDescriptor(p: (typeof PROBLEM_RULES)[number], helpUri: string | undefined): Json {
  return {
    id: p.id,
    name: ruleName(p.title),
    shortDescription: { text: p.title },
    fullDescription: { text: `${p.title}: a suppression in an environment file that covers nothing, or names an unknown rule, is an error.` },
    help: { text: `Fix: ${p.fix}` },
    ...(helpUri ? { helpUri: `${helpUri}#rules` } : {}),
    defaultConfiguration: { level: 'error' },
    properties: { tags: ['security', 'policy'], controls: [], 'security-severity': SECURITY_SEVERITY.error },
  };
}

function physical(loc: SourceLocation): Json {
  return { physicalLocation: { artifactLocation: { uri: loc.file, uriBaseId: '%SRCROOT%' }, region: { startLine: loc.line } } };
}

function fingerprint(...parts: string[]): Json {
  return { 'helloapiFinding/v1': createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32) };
}

interface Context {
  readonly e: AuditEvidence;
  readonly ruleIndex: ReadonlyMap<string, number>;
  readonly readText: (file: string) => string;
}

function suppressionsOf(ctx: Context, report: StackReport, x: RuleResult, resultFile: string): Json[] {
  if (x.status === 'relaxed') {
    const file = ctx.e.configs.find((c) => c.stackName === report.stackName)?.source;
    return [{ kind: file === resultFile ? 'inSource' : 'external', status: 'accepted', justification: `relaxation ${x.relaxation}: ${x.reason ?? ''}`, ...(file ? { location: physical({ file, line: 1 }) } : {}) }];
  }
  const s = suppressionOf(report, x);
  if (!s) return [];
  const where = suppressionLocation(ctx.e, s, ctx.readText);
  // inSource: declared in the very file the result points at (a stack-level result); else the environment file is external to it.
  return [{ kind: where?.file === resultFile ? 'inSource' : 'external', status: 'accepted', justification: s.reason, ...(where ? { location: physical(where) } : {}) }];
}

function ruleResult(ctx: Context, report: StackReport, x: RuleResult): Json {
  const loc = locate(ctx.e, report.stackName, x.subject);
  const stackLevel = x.subject === report.stackName;
  const suppressions = x.status === 'fail' ? [] : suppressionsOf(ctx, report, x, loc.file);
  return {
    ruleId: x.rule,
    ruleIndex: ctx.ruleIndex.get(x.rule),
    kind: 'fail',
    // Accepted results (relaxed, suppressed) are `note`s: they carry SARIF suppressions, but whether GitHub code
    // scanning honours those is not documented (advanced-security/dismiss-alerts exists to apply them), and at
    // `error` an accepted relaxation would show as an open alert and fail code scanning's default PR check.
    level: x.status === 'fail' ? LEVEL[x.severity] : 'note',
    message: { text: `${report.stackName}: ${x.subject}: ${x.message}` },
    locations: [
      {
        ...physical(loc),
        logicalLocations: [stackLevel ? { name: report.stackName, kind: 'module' } : { name: x.subject, fullyQualifiedName: `${report.stackName}/${x.subject}`, kind: 'resource' }],
      },
    ],
    // The enclosing constructs' creation sites: the layer file that asked core/bucket.ts for the bucket, ...
    ...(loc.via?.length ? { relatedLocations: loc.via.map((v, i) => ({ id: i + 1, ...physical(v), message: { text: `${v.construct} is created here` } })) } : {}),
    partialFingerprints: fingerprint(x.rule, report.stackName, x.subject),
    ...(x.status === 'fail' ? {} : { suppressions }),
    properties: { stack: report.stackName, status: x.status, locationOrigin: loc.origin, ...(x.relaxation ? { relaxation: x.relaxation } : {}) },
  };
}

function problemResult(ctx: Context, report: StackReport, p: PolicyProblem): Json {
  const loc = suppressionLocation(ctx.e, p.suppression, ctx.readText) ?? locate(ctx.e, report.stackName, report.stackName);
  return {
    ruleId: p.code,
    ruleIndex: ctx.ruleIndex.get(p.code),
    kind: 'fail',
    level: 'error',
    message: { text: `${report.stackName}: ${p.message} (reason given: "${p.suppression.reason}")` },
    locations: [{ ...physical(loc), logicalLocations: [{ name: report.stackName, kind: 'module' }] }],
    partialFingerprints: fingerprint(p.code, report.stackName, p.suppression.rule, p.suppression.resource ?? ''),
    properties: { stack: report.stackName, status: 'fail' },
  };
}

/** The SARIF log of a run. `readText` reads a repository file (for the line of a suppression). */
export function toSarif(e: AuditEvidence, readText: (file: string) => string): Json {
  const rules = [...e.rules.map((r) => descriptor(r, e.rulesDocUrl)), ...PROBLEM_RULES.map((p) => problemDescriptor(p, e.rulesDocUrl))];
  const ruleIndex = new Map(rules.map((r, i) => [String(r.id), i]));
  const ctx: Context = { e, ruleIndex, readText };
  const results: Json[] = [];
  const passes: Record<string, number> = {};
  for (const report of e.run.reports) {
    passes[report.stackName] = report.results.filter((x) => x.status === 'pass').length;
    for (const x of report.results) if (x.status !== 'pass') results.push(ruleResult(ctx, report, x));
    for (const p of report.problems) results.push(problemResult(ctx, report, p));
  }
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: TOOL_NAME, version: e.toolVersion, semanticVersion: e.toolVersion, ...(e.rulesDocUrl ? { informationUri: e.rulesDocUrl } : {}), rules } },
        automationDetails: { id: `${TOOL_NAME}/` },
        invocations: [{ executionSuccessful: true }],
        columnKind: 'utf16CodeUnits',
        results,
        properties: { stacks: e.run.reports.map((r) => r.stackName), passes },
      },
    ],
  };
}
