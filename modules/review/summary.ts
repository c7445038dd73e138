/**
 * Plan summaries: reads `terraform show -json <planfile>` and renders the
 * Markdown a reviewer reads before an apply. Destroys and replacements come
 * first, stateful ones flagged as data-loss risks; security-relevant changes
 * are called out; counts by action and by layer; the audit result last.
 */
import { tableCell } from '../core/markdown';
import { dataLossOf, isSecurityType, layerOf, outageOf, SECURITY_ATTRIBUTES, SECURITY_ON_CREATE, SECURITY_ON_DESTROY, SECURITY_TYPES } from './resources';

/** The parts of Terraform's JSON plan representation the summary reads. */
export interface TerraformPlanJson {
  readonly format_version?: string;
  readonly terraform_version?: string;
  /** True when planning failed part-way (Terraform >= 1.5). */
  readonly errored?: boolean;
  readonly resource_changes?: readonly TerraformResourceChange[];
  readonly output_changes?: Readonly<Record<string, TerraformOutputChange>>;
  /** Changes made outside Terraform since the last apply, found by the refresh. */
  readonly resource_drift?: readonly TerraformResourceChange[];
  readonly [key: string]: unknown;
}

/** One output's change in the plan (values as Terraform shows them; sensitive ones are still in `after`). */
export interface TerraformOutputChange {
  readonly actions: readonly string[];
  /** The value before the change. */
  readonly before?: unknown;
  /** The planned value (unknown parts are in `after_unknown`). */
  readonly after?: unknown;
  /** Which parts of `after` are known only after apply. */
  readonly after_unknown?: unknown;
  /** Which parts of `before` are sensitive. */
  readonly before_sensitive?: unknown;
  /** Which parts of `after` are sensitive. */
  readonly after_sensitive?: unknown;
}

export interface TerraformResourceChange {
  readonly address: string;
  readonly previous_address?: string;
  /** Set on changes to a deposed object (a create_before_destroy leftover). */
  readonly deposed?: string;
  readonly module_address?: string;
  readonly mode?: 'managed' | 'data';
  readonly type: string;
  readonly name?: string;
  readonly action_reason?: string;
  readonly change: TerraformOutputChange & {
    readonly replace_paths?: readonly (readonly (string | number)[])[];
    readonly importing?: unknown;
  };
}

/** One planned change, classified. */
export type ChangeKind = 'create' | 'update' | 'replace' | 'delete' | 'move' | 'import' | 'forget' | 'read' | 'no-op';

/** Order in which kinds are listed in tables. */
export const CHANGE_KINDS: readonly ChangeKind[] = ['replace', 'delete', 'create', 'update', 'move', 'import', 'forget', 'read', 'no-op'];

export interface ClassifiedChange {
  readonly address: string;
  readonly type: string;
  readonly layer: string;
  readonly kind: ChangeKind;
  /** Terraform's actions, e.g. `["delete","create"]`. */
  readonly actions: readonly string[];
  /** For replacements: destroy first (`delete,create`) or create first. */
  readonly createBeforeDestroy: boolean;
  /** What is lost when this (stateful) resource is destroyed; undefined when not stateful. */
  readonly dataLoss?: string;
  /** What stops serving when this (running) resource is destroyed or replaced destroy-first (DESTROY_NEEDS_HUMAN). */
  readonly outage?: string;
  /** Why this change is security-relevant; undefined when it is not. */
  readonly security?: string;
  /** Top-level attributes that change (updates and replacements); names only, never values. */
  readonly changedAttributes: readonly string[];
  /** Attributes that force the replacement. */
  readonly replacePaths: readonly string[];
  /** Terraform's reason (`replace_because_cannot_update`, `delete_because_no_resource_config`, ...). */
  readonly reason?: string;
  /** The old address of a moved resource. */
  readonly previousAddress?: string;
}

export interface PlanSummary {
  /** Every resource change except no-op data reads. */
  readonly changes: readonly ClassifiedChange[];
  readonly counts: Readonly<Record<ChangeKind, number>>;
  /** layer -> kind -> count. */
  readonly byLayer: Readonly<Record<string, Readonly<Record<ChangeKind, number>>>>;
  /** Deletions and replacements, stateful ones first. */
  readonly destructive: readonly ClassifiedChange[];
  /** Deletions and replacements of stateful resources: a human must look. */
  readonly dataLossRisks: readonly ClassifiedChange[];
  /** Deletions and destroy-first replacements of serving resources (an ECS service): an outage, a human must look. */
  readonly outages: readonly ClassifiedChange[];
  /** Security-relevant creates, updates, replacements and deletions. */
  readonly security: readonly ClassifiedChange[];
  readonly moved: readonly ClassifiedChange[];
  /** Output name -> actions, for outputs that change. */
  readonly outputChanges: Readonly<Record<string, readonly string[]>>;
  /** Resources changed outside Terraform (the plan puts them back), with the drifted attributes. */
  readonly drift: readonly { readonly address: string; readonly attributes: readonly string[]; readonly deleted: boolean }[];
  readonly terraformVersion?: string;
  /** Planning failed part-way: the plan is incomplete. */
  readonly errored: boolean;
}

/** Exit codes of `npm run plan`. */
export const EXIT_OK = 0;
export const EXIT_ERROR = 1;
export const EXIT_REVIEW = 2;

function emptyCounts(): Record<ChangeKind, number> {
  return { create: 0, update: 0, replace: 0, delete: 0, move: 0, import: 0, forget: 0, read: 0, 'no-op': 0 };
}

/** Classifies Terraform's action list (plus move/import markers) into one kind. */
export function changeKind(rc: TerraformResourceChange): ChangeKind {
  const a = rc.change.actions;
  if (a.includes('delete') && a.includes('create')) return 'replace';
  if (a.includes('create')) return 'create';
  if (a.includes('delete')) return 'delete';
  if (a.includes('update')) return 'update';
  if (a.includes('forget')) return 'forget';
  if (a.includes('read')) return 'read';
  if (rc.change.importing) return 'import';
  if (rc.previous_address && rc.previous_address !== rc.address) return 'move';
  return 'no-op';
}

/** A JSON object (not null, not an array). */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Top-level attributes whose value differs between before and after, or (with
 * `includeUnknown`) becomes unknown ("known after apply").
 */
export function changedAttributes(before: unknown, after: unknown, afterUnknown: unknown, includeUnknown = true): string[] {
  const b = isObject(before) ? before : {};
  const a = isObject(after) ? after : {};
  const u = isObject(afterUnknown) ? afterUnknown : {};
  const keys = new Set([...Object.keys(b), ...Object.keys(a)]);
  const out: string[] = [];
  for (const k of keys) {
    if (k === 'tags_all') continue; // mirrors tags + provider default_tags
    const unknownNow = u[k] === true || (isObject(u[k]) && Object.keys(u[k] as object).length > 0) || (Array.isArray(u[k]) && JSON.stringify(u[k]).includes('true'));
    if (unknownNow && !includeUnknown) continue;
    if (JSON.stringify(b[k] ?? null) !== JSON.stringify(a[k] ?? null) || (unknownNow && b[k] !== undefined && b[k] !== null)) out.push(k);
  }
  return out.sort();
}

function securityReason(type: string, kind: ChangeKind, changed: readonly string[]): string | undefined {
  if (!isSecurityType(type)) return undefined;
  const label = SECURITY_TYPES[type];
  if (kind === 'read' || kind === 'no-op' || kind === 'move' || kind === 'forget' || kind === 'import') return undefined;
  const attrs = SECURITY_ATTRIBUTES[type];
  if (kind === 'update' && attrs) {
    const hit = changed.filter((c) => attrs.includes(c));
    return hit.length > 0 ? `${label}: ${hit.join(', ')}` : undefined;
  }
  // Resources that exist only for a security purpose (rules, policies, ACLs) matter on create too; for the
  // attribute-scoped types, creates of those that open a path and destroys/replacements of those whose loss matters.
  if (attrs) return (kind === 'create' ? SECURITY_ON_CREATE : SECURITY_ON_DESTROY).includes(type) ? label : undefined;
  return label;
}

/** Classifies one resource change. */
export function classifyChange(rc: TerraformResourceChange): ClassifiedChange {
  const kind = changeKind(rc);
  // A replacement recomputes every computed attribute (id, arn, ...): list only known differences.
  const changed = kind === 'update' || kind === 'replace' ? changedAttributes(rc.change.before, rc.change.after, rc.change.after_unknown, kind === 'update') : [];
  const destroys = kind === 'delete' || kind === 'replace';
  const cbd = kind === 'replace' && rc.change.actions[0] === 'create';
  return {
    address: rc.address,
    type: rc.type,
    layer: layerOf(rc.address),
    kind,
    actions: rc.change.actions,
    createBeforeDestroy: cbd,
    dataLoss: destroys && rc.mode !== 'data' ? dataLossOf(rc.address, rc.type) : undefined,
    outage: destroys && rc.mode !== 'data' ? outageOf(rc.type, cbd) : undefined,
    security: securityReason(rc.type, kind, changed),
    changedAttributes: changed,
    replacePaths: (rc.change.replace_paths ?? []).map((p) => p.join('.')),
    reason: rc.action_reason,
    previousAddress: rc.previous_address && rc.previous_address !== rc.address ? rc.previous_address : undefined,
  };
}

/** Summarizes a plan. Data sources that are only read are counted but not listed. */
export function summarizePlan(plan: TerraformPlanJson): PlanSummary {
  const changes = (plan.resource_changes ?? []).map(classifyChange);
  const counts = emptyCounts();
  const byLayer: Record<string, Record<ChangeKind, number>> = {};
  for (const c of changes) {
    counts[c.kind] += 1;
    (byLayer[c.layer] ??= emptyCounts())[c.kind] += 1;
  }
  const byAddress = (a: ClassifiedChange, b: ClassifiedChange) => a.address.localeCompare(b.address);
  const destructive = changes
    .filter((c) => c.kind === 'delete' || c.kind === 'replace')
    .sort((a, b) => Number(!!(b.dataLoss ?? b.outage)) - Number(!!(a.dataLoss ?? a.outage)) || byAddress(a, b));
  const outputChanges: Record<string, readonly string[]> = {};
  for (const [name, oc] of Object.entries(plan.output_changes ?? {})) {
    if (!(oc.actions.length === 1 && oc.actions[0] === 'no-op')) outputChanges[name] = oc.actions;
  }
  return {
    changes,
    counts,
    byLayer,
    destructive,
    dataLossRisks: destructive.filter((c) => c.dataLoss !== undefined),
    outages: destructive.filter((c) => c.outage !== undefined),
    security: changes.filter((c) => c.security !== undefined).sort(byAddress),
    moved: changes.filter((c) => c.previousAddress !== undefined).sort(byAddress),
    outputChanges,
    drift: (plan.resource_drift ?? [])
      .map((d) => ({
        address: d.address,
        deleted: d.change.actions.includes('delete'),
        attributes: changedAttributes(d.change.before, d.change.after, {}, false),
      }))
      .sort((a, b) => a.address.localeCompare(b.address)),
    terraformVersion: plan.terraform_version,
    errored: plan.errored === true,
  };
}

/**
 * 2 when a human must look (a stateful resource is destroyed or replaced, or a running service is destroyed or
 * replaced destroy-first: an outage), 1 when the plan errored, else 0.
 */
export function planExitCode(summary: PlanSummary): number {
  if (summary.errored) return EXIT_ERROR;
  return summary.dataLossRisks.length > 0 || summary.outages.length > 0 ? EXIT_REVIEW : EXIT_OK;
}

/** The policy audit of the environment, as the summary shows it. */
export type AuditSection =
  | { readonly available: false; readonly reason: string }
  | {
      readonly available: true;
      /** Counts by outcome. */
      readonly errors: number;
      readonly warnings: number;
      readonly passed?: number;
      /** Failures accepted by a declared relaxation or suppression. */
      readonly suppressed?: number;
      /** Markdown body (tables) rendered by the policy engine. */
      readonly markdown: string;
    };

export interface RenderOptions {
  /** Heading: the stack or environment planned. */
  readonly title: string;
  /** `real` (remote state, AWS credentials) or `offline` (empty local state). */
  readonly mode?: 'real' | 'offline' | 'fixture';
  readonly audit?: AuditSection;
  /** List at most this many rows of the full change list. @default 400 */
  readonly maxListed?: number;
  /** The plan digest (modules/review/digest.ts) the apply job must reproduce. */
  readonly digest?: string;
}

const KIND_ICON: Record<ChangeKind, string> = {
  replace: '🔁',
  delete: '🗑️',
  create: '➕',
  update: '✏️',
  move: '🚚',
  import: '📥',
  forget: '🫥',
  read: '📖',
  'no-op': '·',
};

function code(s: string): string {
  return `\`${s.replace(/`/g, "'")}\``;
}

function replaceWhy(c: ClassifiedChange): string {
  const parts: string[] = [];
  if (c.replacePaths.length > 0) parts.push(`forced by ${c.replacePaths.map(code).join(', ')}`);
  else if (c.changedAttributes.length > 0 && c.kind === 'replace') parts.push(`changes ${c.changedAttributes.map(code).join(', ')}`);
  if (c.reason) parts.push(c.reason.replace(/_/g, ' '));
  if (c.kind === 'replace') parts.push(c.createBeforeDestroy ? 'create before destroy' : 'destroy before create');
  return parts.join('; ') || '—';
}

/** Why a human must look: data-loss risks and outages, counted. */
function reviewReasons(summary: PlanSummary): string {
  return [
    summary.dataLossRisks.length > 0 ? `${summary.dataLossRisks.length} stateful resource(s) destroyed or replaced (data-loss risk)` : '',
    summary.outages.length > 0 ? `${summary.outages.length} running service(s) destroyed or replaced destroy-first (outage)` : '',
  ].filter(Boolean).join('; ');
}

/** The title, the verdict (errored, human review, non-stateful destroys or none), the counts and the digest. */
function renderHeading(summary: PlanSummary, options: RenderOptions): string[] {
  const out: string[] = [];
  const exit = planExitCode(summary);
  const modeNote =
    options.mode === 'offline' ? ' (offline plan against empty state: every resource shows as a create)' : options.mode === 'real' ? ' (remote state)' : '';
  out.push(`## Plan: ${options.title}${modeNote}`, '');
  const c = summary.counts;
  const verdict = summary.errored
    ? '❌ **PLAN ERRORED**: the plan is incomplete; do not apply.'
    : exit === EXIT_REVIEW
      ? `🛑 **HUMAN REVIEW REQUIRED**: ${reviewReasons(summary)}.`
      : summary.destructive.length > 0
        ? `⚠️ ${summary.destructive.length} destroy/replace of non-stateful resources; no data-loss risk.`
        : '✅ No destroys or replacements.';
  out.push(verdict, '');
  out.push(
    `**${c.create} to create, ${c.update} to update, ${c.replace} to replace, ${c.delete} to destroy**` +
      (c.move ? `, ${c.move} moved` : '') +
      (c.import ? `, ${c.import} imported` : '') +
      (c.forget ? `, ${c.forget} forgotten` : '') +
      `; ${summary.security.length} security-relevant. Exit code ${exit}.`,
    '',
  );
  if (options.digest) {
    out.push(`Plan digest: \`${options.digest}\` (the apply job plans again and applies only a plan with this digest).`, '');
  }
  return out;
}

/**
 * A `###` section: `intro` (if any), then a table of `rows` under `header`. With no rows: `None.`, or
 * nothing at all when `omitWhenEmpty`.
 */
function tableSection(heading: string, header: readonly string[], rows: readonly string[], options: { intro?: string; omitWhenEmpty?: boolean } = {}): string[] {
  if (rows.length === 0) return options.omitWhenEmpty ? [] : [heading, '', 'None.', ''];
  return [heading, '', ...(options.intro ? [options.intro, ''] : []), ...header, ...rows, ''];
}

/** Destroys and replacements, data-loss risks flagged, with why each is replaced. */
function renderDestroys(summary: PlanSummary): string[] {
  return tableSection(
    `### 🛑 Destroys and replacements (${summary.destructive.length})`,
    ['| | Action | Address | Data-loss risk | Why |', '|---|---|---|---|---|'],
    summary.destructive.map(
      (d) =>
        `| ${d.dataLoss || d.outage ? '🛑' : '⚠️'} | **${d.kind.toUpperCase()}** | ${code(d.address)} | ${d.dataLoss ? `**YES**: ${tableCell(d.dataLoss)}` : 'no'}` +
        `${d.outage ? `; **OUTAGE**: ${tableCell(d.outage)}` : ''} | ${tableCell(replaceWhy(d))} |`,
    ),
  );
}

/** Security-relevant changes with what makes them so and the attributes that change. */
function renderSecurityChanges(summary: PlanSummary): string[] {
  return tableSection(
    `### 🔐 Security-relevant changes (${summary.security.length})`,
    ['| Action | Address | What | Attributes |', '|---|---|---|---|'],
    summary.security.map((s) => `| ${KIND_ICON[s.kind]} ${s.kind} | ${code(s.address)} | ${tableCell(s.security ?? '')} | ${s.changedAttributes.map(code).join(', ') || '—'} |`),
  );
}

/** Resources changed outside Terraform (only when there are any). */
function renderDrift(summary: PlanSummary): string[] {
  return tableSection(
    `### 🌪️ Drift: changed outside Terraform (${summary.drift.length})`,
    ['| Address | Drifted attributes |', '|---|---|'],
    summary.drift.map((d) => `| ${code(d.address)} | ${d.deleted ? '**deleted outside Terraform**' : d.attributes.map(code).join(', ') || '—'} |`),
    { intro: 'The refresh found these differ from the last apply; the plan above puts them back unless the code is changed to match.', omitWhenEmpty: true },
  );
}

/** Moved resources, old and new address (only when there are any). */
function renderMoves(summary: PlanSummary): string[] {
  return tableSection(
    `### 🚚 Moved (${summary.moved.length})`,
    ['| From | To |', '|---|---|'],
    summary.moved.map((m) => `| ${code(m.previousAddress ?? '')} | ${code(m.address)} |`),
    { omitWhenEmpty: true },
  );
}

/** Changes by layer and kind (the kinds that occur, or the four main ones), with totals. */
function renderLayerCounts(summary: PlanSummary): string[] {
  const c = summary.counts;
  const kinds = CHANGE_KINDS.filter((k) => k !== 'no-op' && k !== 'read' && Object.values(summary.byLayer).some((l) => l[k] > 0));
  const shownKinds: ChangeKind[] = kinds.length > 0 ? kinds : ['create', 'update', 'replace', 'delete'];
  const out: string[] = ['### Counts by layer', '', `| Layer | ${shownKinds.join(' | ')} | unchanged |`, `|---|${shownKinds.map(() => '---:').join('|')}|---:|`];
  for (const layer of Object.keys(summary.byLayer).sort()) {
    const l = summary.byLayer[layer];
    out.push(`| ${layer} | ${shownKinds.map((k) => l[k]).join(' | ')} | ${l['no-op']} |`);
  }
  out.push(`| **total** | ${shownKinds.map((k) => `**${c[k]}**`).join(' | ')} | ${c['no-op']} |`, '');
  return out;
}

/** The policy audit: its counts and tables, or why it is not available. */
function renderAuditResult(section: AuditSection | undefined): string[] {
  const audit = section ?? { available: false, reason: 'no audit was run for this summary' };
  const out: string[] = ['### Audit', ''];
  if (!audit.available) out.push(`audit: not available (${audit.reason}).`, '');
  else {
    out.push(
      `${audit.errors > 0 ? '❌' : '✅'} ${audit.errors} error(s), ${audit.warnings} warning(s)` +
        (audit.passed !== undefined ? `, ${audit.passed} passed` : '') +
        (audit.suppressed !== undefined ? `, ${audit.suppressed} relaxed or suppressed (accepted, with reasons)` : '') +
        '.',
      '',
      audit.markdown.trim(),
      '',
    );
  }
  return out;
}

/** Every change but no-ops and reads, by address, at most `max` rows, folded. */
function renderChangeList(summary: PlanSummary, max: number): string[] {
  const listed = summary.changes.filter((ch) => ch.kind !== 'no-op' && ch.kind !== 'read');
  const out: string[] = [`<details><summary>All ${listed.length} changes</summary>`, '', '| Action | Address | Changed attributes |', '|---|---|---|'];
  for (const ch of [...listed].sort((a, b) => a.address.localeCompare(b.address)).slice(0, max)) {
    out.push(`| ${KIND_ICON[ch.kind]} ${ch.kind} | ${code(ch.address)} | ${ch.changedAttributes.map(code).join(', ') || '—'} |`);
  }
  if (listed.length > max) out.push(`| … | ${listed.length - max} more | |`);
  out.push('', '</details>', '');
  return out;
}

/** Outputs that change, and the Terraform version with the exit codes. */
function renderFooter(summary: PlanSummary): string[] {
  const out: string[] = [];
  const outputs = Object.entries(summary.outputChanges);
  if (outputs.length > 0) out.push(`Outputs changing: ${outputs.map(([n, a]) => `${code(n)} (${a.join('/')})`).join(', ')}.`, '');
  if (summary.terraformVersion) out.push(`<sub>Terraform ${summary.terraformVersion}. Exit codes: 0 nothing risky, 2 a human must look (stateful destroy/replace), 1 error.</sub>`, '');
  return out;
}

/** Renders the summary as Markdown (GitHub-flavoured; suitable for a PR comment). */
export function renderPlanSummary(summary: PlanSummary, options: RenderOptions): string {
  return [
    ...renderHeading(summary, options),
    ...renderDestroys(summary),
    ...renderSecurityChanges(summary),
    ...renderDrift(summary),
    ...renderMoves(summary),
    ...renderLayerCounts(summary),
    ...renderAuditResult(options.audit),
    ...renderChangeList(summary, options.maxListed ?? 400),
    ...renderFooter(summary),
  ].join('\n');
}

/**
 * Masks what could be a credential in tool output before it is shown outside
 * the job log (GitHub masks registered secrets in logs, not in PR comments):
 * AWS access key ids, `secret = ...`-style assignments, presigned-URL and
 * Authorization credentials, GitHub tokens, and any run of 40+ token
 * characters (base64, hex).
 */
export function redactSecrets(text: string): string {
  return text
    .replace(/\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g, '[redacted access key id]')
    .replace(/((?:aws_)?(?:secret_access_key|session_token|security_token|secret|password|token)["']?\s*[=:]\s*["']?)[^\s"',]+/gi, '$1[redacted]')
    .replace(/(X-Amz-(?:Security-Token|Signature|Credential)=)[^&\s]+/gi, '$1[redacted]')
    .replace(/(Authorization:\s*)\S.*$/gim, '$1[redacted]')
    .replace(/\bgh[pousr]_[A-Za-z0-9]{20,}\b/g, '[redacted token]')
    .replace(/[A-Za-z0-9+/_=-]{40,}/g, '[redacted]');
}

/** The last lines of an error output (ANSI colours removed, credentials masked), at most maxChars. */
export function errorTail(text: string, maxLines = 40, maxChars = 4000): string {
  // eslint-disable-next-line no-control-regex
  const lines = redactSecrets(text.replace(/\u001b\[[0-9;]*[A-Za-z]/g, ''))
    .replace(/\s+$/, '')
    .split('\n');
  let tail = lines.slice(-maxLines).join('\n');
  if (tail.length > maxChars) tail = `…${tail.slice(tail.length - maxChars)}`;
  const omitted = lines.length > maxLines ? `(last ${maxLines} of ${lines.length} lines)\n` : '';
  return `${omitted}${tail}`;
}

/** The summary of a plan that failed: the step and the tail of its error output (see errorTail). */
export function renderPlanFailure(title: string, step: string, error: string): string {
  const tail = errorTail(error).replace(/```/g, "'''");
  return [`## Plan: ${title}`, '', `❌ **${step} failed**: no plan, nothing to apply. Exit code ${EXIT_ERROR}.`, '', '```', tail, '```', ''].join('\n');
}
