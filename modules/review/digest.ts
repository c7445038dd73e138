/**
 * Plan digests: a fingerprint of what a plan would change, so the apply job can
 * re-plan against current state and apply only when its fresh plan is the one a
 * human reviewed (the saved binary plan is never uploaded: it carries
 * prior-state values, secrets included).
 *
 * The digest is SHA-256 over a canonical JSON of the plan's changes:
 *   - every resource change that is not a plain no-op (moves and imports count):
 *     `address`, `previous_address`, `deposed`, `importing`, `actions` (in
 *     Terraform's order) and the planned `after` value, where every value that
 *     is unknown until apply becomes an "(known after apply)" marker and every
 *     sensitive value becomes a "(sensitive, changes)" / "(sensitive,
 *     unchanged)" marker (so the digest never depends on a secret);
 *   - every output change that is not a no-op, the same way.
 * Everything else is left out: `before` values (prior state), drift, variables,
 * configuration, timestamps, `planned_values`, `prior_state`,
 * `relevant_attributes`, checks, `action_reason`, `replace_paths`, provider
 * names, key order and the order of the change lists.
 *
 * Consequence of the sensitive markers: a sensitive value that changes to a
 * different value than the reviewed one gives the same digest. The review never
 * shows sensitive values either (the summary lists attribute names only), so
 * the digest binds exactly what the reviewer saw, plus every non-sensitive
 * value.
 *
 * The digest file (`plans/<stack>/digest.json`) holds the digest, the stack, and
 * the addresses and actions of the changes (what the summary already shows):
 * no attribute values, so it is safe to upload.
 */
import { createHash } from 'crypto';
import { isObject, TerraformOutputChange, TerraformPlanJson, TerraformResourceChange } from './summary';

export const PLAN_DIGEST_FORMAT = 'helloapi-plan-digest/1';

/** Markers that replace values in the normalized plan (a NUL prefix no Terraform string value carries). */
export const UNKNOWN_MARKER = '\u0000(known after apply)';
export const SENSITIVE_CHANGED_MARKER = '\u0000(sensitive, changes)';
export const SENSITIVE_UNCHANGED_MARKER = '\u0000(sensitive, unchanged)';

export interface NormalizedResourceChange {
  readonly address: string;
  readonly previous_address?: string;
  readonly deposed?: string;
  readonly importing?: unknown;
  readonly actions: readonly string[];
  readonly after: unknown;
}

export interface NormalizedOutputChange {
  readonly name: string;
  readonly actions: readonly string[];
  readonly after: unknown;
}

/** What the digest is computed over. */
export interface NormalizedPlan {
  readonly format: string;
  readonly resources: readonly NormalizedResourceChange[];
  readonly outputs: readonly NormalizedOutputChange[];
}

/** The uploadable digest file: no attribute values. */
export interface PlanDigestFile {
  readonly format: string;
  readonly stack: string;
  /** `sha256:<hex>` of the normalized plan. */
  readonly digest: string;
  /** Resource changes (addresses and actions only), sorted by address. */
  readonly changes: readonly { readonly address: string; readonly actions: readonly string[] }[];
  /** Output changes (names and actions only), sorted by name. */
  readonly outputs: readonly { readonly name: string; readonly actions: readonly string[] }[];
}

/** JSON with object keys sorted at every level (arrays keep their order; undefined members dropped). */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  if (isObject(value)) {
    const keys = Object.keys(value)
      .filter((k) => value[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** True when an `after_unknown` (sub)tree marks anything unknown. */
function hasUnknown(u: unknown): boolean {
  if (u === true) return true;
  if (Array.isArray(u)) return u.some(hasUnknown);
  if (isObject(u)) return Object.values(u).some(hasUnknown);
  return false;
}

/**
 * The planned value with unknown parts replaced by UNKNOWN_MARKER and
 * sensitive parts by a sensitive marker (saying whether the value changes
 * from `before`; the value itself is dropped).
 */
export function normalizeValue(after: unknown, afterUnknown: unknown, afterSensitive: unknown, before: unknown): unknown {
  if (afterUnknown === true) return UNKNOWN_MARKER;
  if (afterSensitive === true) return canonicalJson(before) === canonicalJson(after) ? SENSITIVE_UNCHANGED_MARKER : SENSITIVE_CHANGED_MARKER;
  if (Array.isArray(after) || Array.isArray(afterUnknown)) {
    const a = Array.isArray(after) ? after : [];
    const u = Array.isArray(afterUnknown) ? afterUnknown : [];
    const s = Array.isArray(afterSensitive) ? afterSensitive : [];
    const b = Array.isArray(before) ? before : [];
    return Array.from({ length: Math.max(a.length, u.length) }, (_, i) => normalizeValue(a[i], u[i], s[i], b[i]));
  }
  if (isObject(after) || isObject(afterUnknown)) {
    const a = isObject(after) ? after : {};
    const u = isObject(afterUnknown) ? afterUnknown : {};
    const s = isObject(afterSensitive) ? afterSensitive : {};
    const b = isObject(before) ? before : {};
    const keys = new Set([...Object.keys(a), ...Object.keys(u).filter((k) => hasUnknown(u[k]))]);
    const out: Record<string, unknown> = {};
    for (const k of [...keys].sort()) out[k] = normalizeValue(a[k], u[k], s[k], b[k]);
    return out;
  }
  return after === undefined ? null : after;
}

function isPlainNoOp(rc: TerraformResourceChange): boolean {
  const a = rc.change.actions;
  const moved = rc.previous_address !== undefined && rc.previous_address !== rc.address;
  return a.length === 1 && a[0] === 'no-op' && !moved && !rc.change.importing;
}

function isNoOpOutput(oc: TerraformOutputChange): boolean {
  return oc.actions.length === 1 && oc.actions[0] === 'no-op';
}

function sortKey(rc: { address: string; deposed?: string }): string {
  return `${rc.address}\u0000${rc.deposed ?? ''}`;
}

/** The part of a plan the digest covers (see the module comment). */
export function normalizePlan(plan: TerraformPlanJson): NormalizedPlan {
  const resources: NormalizedResourceChange[] = (plan.resource_changes ?? [])
    .filter((rc) => !isPlainNoOp(rc))
    .map((rc) => ({
      address: rc.address,
      previous_address: rc.previous_address !== undefined && rc.previous_address !== rc.address ? rc.previous_address : undefined,
      deposed: rc.deposed,
      importing: rc.change.importing ?? undefined,
      actions: [...rc.change.actions],
      after: normalizeValue(rc.change.after, rc.change.after_unknown, rc.change.after_sensitive, rc.change.before),
    }))
    .sort((x, y) => (sortKey(x) < sortKey(y) ? -1 : sortKey(x) > sortKey(y) ? 1 : 0));
  const outputs: NormalizedOutputChange[] = Object.entries(plan.output_changes ?? {})
    .filter(([, oc]) => !isNoOpOutput(oc))
    .map(([name, oc]) => ({ name, actions: [...oc.actions], after: normalizeValue(oc.after, oc.after_unknown, oc.after_sensitive, oc.before) }))
    .sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  return { format: PLAN_DIGEST_FORMAT, resources, outputs };
}

/** `sha256:<hex>` of the normalized plan. */
export function planDigest(plan: TerraformPlanJson): string {
  return `sha256:${createHash('sha256').update(canonicalJson(normalizePlan(plan))).digest('hex')}`;
}

/** The digest file for one stack's plan. */
export function planDigestFile(stack: string, plan: TerraformPlanJson): PlanDigestFile {
  const normalized = normalizePlan(plan);
  return {
    format: PLAN_DIGEST_FORMAT,
    stack,
    digest: `sha256:${createHash('sha256').update(canonicalJson(normalized)).digest('hex')}`,
    changes: normalized.resources.map((r) => ({ address: r.deposed ? `${r.address} (deposed ${r.deposed})` : r.address, actions: r.actions })),
    outputs: normalized.outputs.map((o) => ({ name: o.name, actions: o.actions })),
  };
}

/**
 * Reads a digest file; throws one Error naming the file and every bad field
 * (value and what is allowed).
 */
export function parseDigestFile(text: string, file: string): PlanDigestFile {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new Error(`${file}: not JSON (${(e as Error).message})`);
  }
  if (!isObject(data)) throw new Error(`${file}: expected a JSON object with format, stack, digest, changes, outputs`);
  const problems: string[] = [];
  if (data.format !== PLAN_DIGEST_FORMAT) problems.push(`format = ${JSON.stringify(data.format)}: expected "${PLAN_DIGEST_FORMAT}"`);
  if (typeof data.stack !== 'string' || data.stack === '') problems.push(`stack = ${JSON.stringify(data.stack)}: expected the stack name`);
  if (typeof data.digest !== 'string' || !/^sha256:[0-9a-f]{64}$/.test(data.digest)) problems.push(`digest = ${JSON.stringify(data.digest)}: expected sha256:<64 hex digits>`);
  const entries = (field: 'changes' | 'outputs', key: 'address' | 'name') => {
    const list = data[field];
    if (!Array.isArray(list)) {
      problems.push(`${field} = ${JSON.stringify(list)}: expected a list of { ${key}, actions }`);
      return;
    }
    list.forEach((e: unknown, i) => {
      if (!isObject(e) || typeof e[key] !== 'string' || !Array.isArray(e.actions) || !e.actions.every((a) => typeof a === 'string')) {
        problems.push(`${field}.${i} = ${JSON.stringify(e)}: expected { "${key}": string, "actions": string[] }`);
      }
    });
  };
  entries('changes', 'address');
  entries('outputs', 'name');
  if (problems.length > 0) throw new Error(`${file}: invalid plan digest file:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  return data as unknown as PlanDigestFile;
}

export type DigestComparison = { readonly ok: true } | { readonly ok: false; readonly message: string };

/**
 * Compares the reviewed digest with a fresh one. On a difference the message
 * says which stack, both digests, which changes were added, removed or change
 * action (from the value-free change lists), and what to do.
 */
export function compareDigests(reviewed: PlanDigestFile, fresh: PlanDigestFile, maxListed = 20): DigestComparison {
  if (reviewed.stack === fresh.stack && reviewed.format === fresh.format && reviewed.digest === fresh.digest) return { ok: true };
  const lines: string[] = [];
  if (reviewed.stack !== fresh.stack) {
    lines.push(`${fresh.stack}: the reviewed digest is for stack ${reviewed.stack}, not ${fresh.stack}; nothing was applied.`);
  } else {
    lines.push(`${fresh.stack}: the plan made now is not the plan that was reviewed; nothing was applied.`);
  }
  lines.push(`  reviewed: ${reviewed.digest}`, `  now:      ${fresh.digest}`);
  const diffs: string[] = [];
  const listDiff = (kind: string, before: readonly { actions: readonly string[] }[], after: readonly { actions: readonly string[] }[], key: (e: unknown) => string) => {
    const b = new Map(before.map((e) => [key(e), e.actions.join(',')]));
    const a = new Map(after.map((e) => [key(e), e.actions.join(',')]));
    for (const [k, act] of a) {
      if (!b.has(k)) diffs.push(`  + ${kind} ${k} (${act}): not in the reviewed plan`);
      else if (b.get(k) !== act) diffs.push(`  ~ ${kind} ${k}: reviewed ${b.get(k)}, now ${act}`);
    }
    for (const [k, act] of b) if (!a.has(k)) diffs.push(`  - ${kind} ${k} (${act}): in the reviewed plan, not planned now`);
  };
  listDiff('resource', reviewed.changes, fresh.changes, (e) => (e as { address: string }).address);
  listDiff('output', reviewed.outputs, fresh.outputs, (e) => (e as { name: string }).name);
  if (diffs.length === 0 && reviewed.stack === fresh.stack) {
    lines.push('  Same resources and actions; planned attribute values differ (values are not in the digest files: compare the two plan summaries).');
  } else {
    lines.push(...diffs.slice(0, maxListed));
    if (diffs.length > maxListed) lines.push(`  … ${diffs.length - maxListed} more`);
  }
  lines.push('State, a data source or the inputs changed since the review. Re-run the workflow: it plans again and asks for a new review.');
  return { ok: false, message: lines.join('\n') };
}
