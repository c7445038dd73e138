/**
 * Drift reports (.github/workflows/drift.yml): classifies a `terraform show -json` of a plan made against the real
 * state (`terraform plan -detailed-exitcode -lock=false -refresh=true`) into what changed outside Terraform and what
 * the plan would do about it, rendered as the Markdown body of the environment's drift issue.
 *
 * - `resource_drift` (what the refresh found): a resource **changed** outside Terraform (the drifted attribute names;
 *   never values: the issue is readable by everyone with access to the repository) or **deleted** outside it.
 * - `resource_changes` (what an apply would do): create, update, replace, delete, each marked with its cause: the
 *   outside change it reverts, or none (code merged but not applied yet, e.g. a failed or pending deploy).
 * - A drifted resource with no planned change is **accepted**: the configuration ignores the attribute
 *   (`ignore_changes`, e.g. the ECS service's desired_count that auto scaling owns) or already matches it.
 *
 * Status: `error` (the plan failed: exit 1 or `errored`), `drift` (the plan changes something: exit 2), `accepted`
 * (only accepted outside changes: exit 0), `clean` (nothing). The workflow opens or updates the issue on `drift`,
 * closes it on `clean` and `accepted` (the plan is clean: exit 0), and leaves it alone on `error`.
 */
import { tableCell } from '../core/markdown';
import { ChangeKind, changeKind, ClassifiedChange, EXIT_ERROR, EXIT_OK, EXIT_REVIEW, PlanSummary, summarizePlan, TerraformPlanJson } from './summary';

export type DriftStatus = 'clean' | 'accepted' | 'drift' | 'error';
/** What the workflow does with the environment's issue. */
export type IssueAction = 'open' | 'close' | 'none';

export interface OutsideChange {
  readonly address: string;
  readonly type: string;
  /** `changed`: attributes differ from the state; `deleted`: the object is gone. */
  readonly kind: 'changed' | 'deleted';
  /** Drifted top-level attribute names (changed only). */
  readonly attributes: readonly string[];
  /** What the plan does to the resource: `accepted` when nothing. */
  readonly plan: ChangeKind | 'accepted';
}

export interface PlannedChange {
  readonly address: string;
  readonly kind: ChangeKind;
  /**
   * `outside change`: the plan only reverts drift on this address (or recreates what was deleted outside);
   * `outside change and code`: it also changes attributes that did not drift; `code`: nothing drifted here.
   */
  readonly cause: 'outside change' | 'outside change and code' | 'code';
  readonly dataLoss?: string;
  readonly security?: string;
  readonly changedAttributes: readonly string[];
}

export interface DriftReport {
  readonly environment: string;
  readonly stack: string;
  readonly status: DriftStatus;
  /** `terraform plan -detailed-exitcode`'s exit code (0 clean, 1 error, 2 changes). */
  readonly exitCode: number;
  readonly outside: readonly OutsideChange[];
  readonly planned: readonly PlannedChange[];
  /** Output name -> actions, for outputs that change. */
  readonly outputs: Readonly<Record<string, readonly string[]>>;
  /** Why the status is `error`, or a disagreement between the exit code and the plan JSON. */
  readonly problems: readonly string[];
  readonly terraformVersion?: string;
}

/** Planned kinds an apply acts on (no-op, read and forget-only entries are not drift). */
const ACTING: readonly ChangeKind[] = ['create', 'update', 'replace', 'delete', 'move', 'import'];

function outsideChanges(plan: TerraformPlanJson, summary: PlanSummary): OutsideChange[] {
  const planned = new Map(summary.changes.map((c) => [c.address, c.kind]));
  return (plan.resource_drift ?? [])
    .map((d): OutsideChange => {
      const deleted = changeKind(d) === 'delete';
      const attrs = summary.drift.find((x) => x.address === d.address)?.attributes ?? [];
      const kind = planned.get(d.address);
      return { address: d.address, type: d.type, kind: deleted ? 'deleted' : 'changed', attributes: deleted ? [] : attrs, plan: kind && ACTING.includes(kind) ? kind : 'accepted' };
    })
    .sort((a, b) => a.address.localeCompare(b.address));
}

function causeOf(c: ClassifiedChange, outside: readonly OutsideChange[]): PlannedChange['cause'] {
  const o = outside.find((x) => x.address === c.address);
  if (!o) return 'code';
  if (o.kind === 'deleted') return 'outside change';
  return c.changedAttributes.every((a) => o.attributes.includes(a)) ? 'outside change' : 'outside change and code';
}

function plannedChanges(summary: PlanSummary, outside: readonly OutsideChange[]): PlannedChange[] {
  return summary.changes
    .filter((c) => ACTING.includes(c.kind))
    .map((c: ClassifiedChange): PlannedChange => ({
      address: c.address,
      kind: c.kind,
      cause: causeOf(c, outside),
      ...(c.dataLoss ? { dataLoss: c.dataLoss } : {}),
      ...(c.security ? { security: c.security } : {}),
      changedAttributes: c.changedAttributes,
    }));
}

/**
 * Classifies a plan. `plan` is undefined when Terraform produced none (init or plan failed); `exitCode` is the
 * plan's `-detailed-exitcode`.
 */
export function classifyDrift(environment: string, stack: string, plan: TerraformPlanJson | undefined, exitCode: number): DriftReport {
  const base = { environment, stack, exitCode, outputs: {}, outside: [], planned: [] };
  if (plan === undefined || exitCode === EXIT_ERROR || (exitCode !== EXIT_OK && exitCode !== EXIT_REVIEW)) {
    const why = plan === undefined ? 'no plan JSON: terraform init, plan or show failed' : `terraform plan exited ${exitCode}`;
    return { ...base, status: 'error', problems: [`${why}; see the workflow run's log`], terraformVersion: plan?.terraform_version };
  }
  const summary = summarizePlan(plan);
  if (summary.errored) return { ...base, status: 'error', problems: ['the plan errored part-way (plan JSON `errored: true`)'], terraformVersion: plan.terraform_version };
  const outside = outsideChanges(plan, summary);
  const planned = plannedChanges(summary, outside);
  const outputs = summary.outputChanges;
  const changes = planned.length > 0 || Object.keys(outputs).length > 0;
  const status: DriftStatus = changes ? 'drift' : outside.length ? 'accepted' : 'clean';
  const problems: string[] = [];
  if (changes !== (exitCode === EXIT_REVIEW)) problems.push(`terraform plan exited ${exitCode} but the plan JSON has ${changes ? '' : 'no '}changes`);
  return { environment, stack, status, exitCode, outside, planned, outputs, problems, terraformVersion: plan.terraform_version };
}

/** The issue's action for a status: open/update on drift, close when the plan is clean, nothing on an error. */
export function issueAction(status: DriftStatus): IssueAction {
  return status === 'drift' ? 'open' : status === 'error' ? 'none' : 'close';
}

/** One issue per environment: found by this label, titled and marked per environment. */
export function issueIdentity(environment: string): { label: string; title: string; marker: string } {
  return { label: `drift:${environment}`, title: `Drift: ${environment}`, marker: `<!-- helloapi-drift:${environment} -->` };
}

const code = (s: string) => `\`${s}\``;
const HEADLINE: Record<DriftStatus, string> = {
  clean: '✅ **No drift**: the real infrastructure matches the state and the code.',
  accepted: '✅ **Changed outside Terraform, nothing to revert**: the configuration ignores these attributes (or already matches them).',
  drift: '⚠️ **Drift**: applying the code would change the infrastructure.',
  error: '❌ **The drift check failed**: the state of the infrastructure is unknown.',
};

function outsideTable(outside: readonly OutsideChange[]): string[] {
  if (outside.length === 0) return ['None found by the refresh.'];
  const what = (o: OutsideChange) => (o.kind === 'deleted' ? '**deleted outside Terraform**' : o.attributes.map(code).join(', ') || 'attributes changed');
  const plan = (o: OutsideChange) => (o.plan === 'accepted' ? 'accepted (no planned change)' : o.plan === 'create' ? 'recreate' : `${o.plan} (reverts it)`);
  return ['| Resource | Changed outside Terraform | The plan |', '|---|---|---|', ...outside.map((o) => `| ${code(o.address)} | ${what(o)} | ${plan(o)} |`)];
}

function plannedTable(planned: readonly PlannedChange[]): string[] {
  if (planned.length === 0) return ['None.'];
  const order = ['replace', 'delete', 'create', 'update', 'move', 'import'];
  const sorted = [...planned].sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind) || a.address.localeCompare(b.address));
  const notes = (p: PlannedChange) => [p.dataLoss ? `⚠️ data loss: ${p.dataLoss}` : '', p.security ? `🔒 ${p.security}` : '', p.changedAttributes.length ? p.changedAttributes.map(code).join(', ') : ''].filter(Boolean).join('; ');
  return ['| Change | Resource | Cause | Notes |', '|---|---|---|---|', ...sorted.map((p) => `| ${p.kind} | ${code(p.address)} | ${p.cause === 'code' ? 'code not applied yet' : p.cause} | ${tableCell(notes(p))} |`)];
}

/** The issue body / job summary (no attribute values, only names). */
export function renderDriftMarkdown(r: DriftReport): string {
  const count = (k: ChangeKind) => r.planned.filter((p) => p.kind === k).length;
  const out = [issueIdentity(r.environment).marker, `## Drift: ${r.environment} (${code(r.stack)})`, '', HEADLINE[r.status], ''];
  out.push(`\`terraform plan -detailed-exitcode\` exited ${r.exitCode}${r.terraformVersion ? ` (Terraform ${r.terraformVersion})` : ''}.`);
  for (const p of r.problems) out.push('', `- ${p}`);
  if (r.status === 'error') return out.join('\n') + '\n';
  const deleted = r.outside.filter((o) => o.kind === 'deleted').length;
  out.push('', `Outside Terraform: ${r.outside.length - deleted} changed, ${deleted} deleted. Planned: ${['create', 'update', 'replace', 'delete'].map((k) => `${count(k as ChangeKind)} ${k}`).join(', ')}${count('move') + count('import') ? `, ${count('move')} move, ${count('import')} import` : ''}.`);
  out.push('', '### Changed outside Terraform (refresh)', '', ...outsideTable(r.outside));
  out.push('', '### What an apply would do', '', ...plannedTable(r.planned));
  const outputs = Object.entries(r.outputs);
  if (outputs.length) out.push('', `Outputs that change: ${outputs.map(([n, a]) => `${code(n)} (${a.join(', ')})`).join(', ')}.`);
  if (r.status === 'drift') {
    out.push('', 'To resolve: apply the code (the `apply` workflow) to revert outside changes, or change the code to adopt them; the next scheduled run closes this issue when the plan is clean.');
  }
  return out.join('\n') + '\n';
}
