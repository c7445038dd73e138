/**
 * Compliance evidence: what the machine-readable audit formats (`npm run audit -- --format sarif|junit|json|matrix`)
 * are rendered from, where each result points in the repository, and the `json` format itself.
 *
 * A result about a resource points at the source file that creates the resource (sources.ts); a result about a
 * whole stack, a resource the construct tree does not know, and a policy problem (a suppression that covers nothing)
 * point at the environment file. A suppression points at the environment file that declares it.
 */
import type { EnvironmentConfig } from '../config/types';
import { ControlRow, controlMatrix } from './controls';
import { stackJson, verdictOf } from './report';
import type { PolicyRun } from './run';
import type { ResourceSource, ResourceSources, SourceLocation } from './sources';
import type { Rule, RuleResult, StackReport, Suppression } from './types';

/** The formats `--format` accepts; `text` is the default console output and reports folder. */
export const AUDIT_FORMATS = ['text', 'sarif', 'junit', 'json', 'matrix'] as const;
export type AuditFormat = (typeof AUDIT_FORMATS)[number];

/** The file each format writes into the reports folder. */
export const FORMAT_FILES: Record<Exclude<AuditFormat, 'text'>, string> = { sarif: 'audit.sarif', junit: 'audit.junit.xml', json: 'audit.json', matrix: 'controls.md' };

/** `--format <value>`: the format, or an error naming the value and the allowed ones. */
export function parseAuditFormat(value: string | undefined): AuditFormat {
  if (value !== undefined && (AUDIT_FORMATS as readonly string[]).includes(value)) return value as AuditFormat;
  const shown = value === undefined ? 'no value' : `"${value}"`;
  throw new Error(`--format: ${shown} is not a format; allowed: ${AUDIT_FORMATS.join(', ')}`);
}

export interface AuditEvidence {
  readonly run: PolicyRun;
  readonly configs: readonly EnvironmentConfig[];
  /** The creating source of each resource, per stack (sources.ts). */
  readonly sources: ResourceSources;
  readonly rules: readonly Rule[];
  /** package.json version. */
  readonly toolVersion: string;
  /**
   * Absolute URL of docs/policy-rules.md (SARIF `helpUri`), e.g. from GITHUB_SERVER_URL/GITHUB_REPOSITORY/GITHUB_SHA.
   * @default none: rules carry no helpUri
   */
  readonly rulesDocUrl?: string;
}

/** Where a result points (with `via`, the enclosing constructs' creation sites, for a resource). */
export interface EvidenceLocation extends ResourceSource {
  /** `construct`: the file creating the resource; `environment`: the environment file. */
  readonly origin: 'construct' | 'environment';
}

/** The environment file of a stack: its own for an environment stack, else the first environment it serves. */
export function environmentFileOf(e: AuditEvidence, stackName: string): string {
  const own = e.configs.find((c) => c.stackName === stackName);
  if (own) return own.source;
  const served = e.configs.find((c) => stackName === `${c.app}-state` || stackName === `${c.app}-account-${c.account.baseline}`);
  return (served ?? e.configs[0])?.source ?? 'environments';
}

/** The result's location: the resource's creating source, else the environment file. */
export function locate(e: AuditEvidence, stackName: string, subject: string): EvidenceLocation {
  const src = e.sources.get(stackName)?.get(subject);
  return src ? { ...src, origin: 'construct' } : { file: environmentFileOf(e, stackName), line: 1, origin: 'environment' };
}

/** The environment file declaring a suppression (by identity, as run.ts collected it), with the line naming its rule. */
export function suppressionLocation(e: AuditEvidence, s: Suppression, readText: (file: string) => string): SourceLocation | undefined {
  const c = e.configs.find((x) => (x.policy.suppressions as readonly Suppression[]).includes(s));
  if (!c) return undefined;
  const lines = readText(c.source).split('\n');
  const i = lines.findIndex((l) => l.includes(s.rule));
  return { file: c.source, line: i >= 0 ? i + 1 : 1 };
}

/** The suppression that turned a result into `suppressed` (the engine's first match). */
export function suppressionOf(report: StackReport, result: RuleResult): Suppression | undefined {
  if (result.status !== 'suppressed') return undefined;
  return report.suppressions.find((s) => s.rule === result.rule && (s.resource === undefined || s.resource === result.subject));
}

/** The `json` format (documented in docs/review.md, "Compliance evidence"). */
export interface AuditJson {
  readonly format: 'helloapi-audit/v1';
  readonly tool: { readonly name: string; readonly version: string };
  readonly summary: readonly { stack: string; kind: string; production: boolean; verdict: string; errors: number; warnings: number }[];
  /** Each stack's report (as `<stack>.json` of the text format), every result with its `location`. */
  readonly stacks: readonly Record<string, unknown>[];
  readonly controls: readonly ControlRow[];
}

export const TOOL_NAME = 'helloapi-policy';

/** The `json` format. */
export function auditJson(e: AuditEvidence): AuditJson {
  return {
    format: 'helloapi-audit/v1',
    tool: { name: TOOL_NAME, version: e.toolVersion },
    summary: e.run.reports.map((r) => ({ stack: r.stackName, kind: r.kind, production: r.production, verdict: verdictOf(r), errors: r.errorCount, warnings: r.warningCount })),
    stacks: e.run.reports.map((r) => ({ ...stackJson(r), environmentFile: environmentFileOf(e, r.stackName), results: r.results.map((x) => ({ ...x, location: locate(e, r.stackName, x.subject) })) })),
    controls: controlMatrix(e.run, e.rules),
  };
}
