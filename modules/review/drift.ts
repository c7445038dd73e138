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
 * - Except a **not reverted** one: a listener rule of a blue/green deployment group's listener whose `action` changed
 *   to anything but a forward between the group's two target groups. Its `action` is ignored (CodeDeploy rewrites it
 *   to blue or green), so the plan is clean, but production routing moved outside the pair: drift a human fixes.
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
  /**
   * What the plan does to the resource: `accepted` when nothing; `not reverted` when nothing although the change is
   * drift (`concern` says why).
   */
  readonly plan: ChangeKind | 'accepted' | 'not reverted';
  /** Why a change the plan does not revert is drift all the same (names, no values). */
  readonly concern?: string;
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
  const pairs = blueGreenPairs(plan);
  const drifted = (plan.resource_drift ?? []).map((d): OutsideChange => {
    const deleted = changeKind(d) === 'delete';
    const attrs = summary.drift.find((x) => x.address === d.address)?.attributes ?? [];
    const kind = planned.get(d.address);
    const base = { address: d.address, type: d.type, kind: deleted ? ('deleted' as const) : ('changed' as const), attributes: deleted ? [] : attrs };
    if (kind && ACTING.includes(kind)) return { ...base, plan: kind };
    const concern = deleted || !attrs.includes('action') ? undefined : routingConcern(d, pairs);
    return concern ? { ...base, plan: 'not reverted', concern } : { ...base, plan: 'accepted' };
  });
  // A wrong action that an apply has since saved into the state is no longer drift (the refresh wrote it, and
  // ignore_changes keeps the plan quiet), yet production still routes outside the pair: every pair-listener rule of
  // the refreshed state is checked, not only the drifted ones (review of session 8).
  const seen = new Set(drifted.map((d) => d.address));
  const settled = stateResources(plan)
    .filter((r) => r.type === 'aws_lb_listener_rule' && !seen.has(r.address))
    .flatMap((r): OutsideChange[] => {
      const concern = routingConcern({ type: r.type, change: { after: r.values } }, pairs);
      return concern ? [{ address: r.address, type: r.type, kind: 'changed', attributes: ['action'], plan: 'not reverted', concern }] : [];
    });
  return [...drifted, ...settled].sort((a, b) => a.address.localeCompare(b.address));
}

/** A resource of the refreshed state (`prior_state` of the plan JSON). */
interface StateResource {
  readonly address: string;
  readonly type: string;
  readonly values: Record<string, any>;
}

/** Every managed resource of the plan's prior state, child modules included. */
function stateResources(plan: TerraformPlanJson): StateResource[] {
  type Module = { resources?: StateResource[]; child_modules?: Module[] };
  const walk = (m: Module | undefined): StateResource[] => (m ? [...(m.resources ?? []), ...(m.child_modules ?? []).flatMap(walk)] : []);
  const prior = plan.prior_state as { values?: { root_module?: Module } } | undefined;
  return walk(prior?.values?.root_module).filter((r) => r.values && typeof r.type === 'string');
}

/** A blue/green deployment group's listeners and target groups (ARN -> address), from the refreshed state. */
interface BlueGreenPair {
  readonly listenerArns: ReadonlySet<string>;
  readonly targetGroups: ReadonlyMap<string, string>;
}

const first = (v: unknown): Record<string, any> => (Array.isArray(v) && v[0] && typeof v[0] === 'object' ? v[0] : {});
const all = (v: unknown): Record<string, any>[] => (Array.isArray(v) ? v.filter((x) => x && typeof x === 'object') : []);

/**
 * The target-group pairs of the state's CodeDeploy deployment groups (`load_balancer_info.target_group_pair_info`):
 * the production and test listeners CodeDeploy reroutes, and the two target groups it shifts between.
 */
function blueGreenPairs(plan: TerraformPlanJson): BlueGreenPair[] {
  const state = stateResources(plan);
  const groups = state.filter((r) => r.type === 'aws_lb_target_group');
  return state
    .filter((r) => r.type === 'aws_codedeploy_deployment_group')
    .map((g) => first(first(g.values.load_balancer_info).target_group_pair_info))
    .filter((pair) => all(pair.target_group).length > 0)
    .map((pair) => {
      const names = all(pair.target_group).map((t) => t.name);
      const listeners = [...all(pair.prod_traffic_route), ...all(pair.test_traffic_route)].flatMap((r) => (Array.isArray(r.listener_arns) ? r.listener_arns : []));
      const tgs = groups.filter((t) => names.includes(t.values.name) && typeof t.values.arn === 'string');
      return { listenerArns: new Set<string>(listeners), targetGroups: new Map(tgs.map((t) => [t.values.arn as string, t.address])) };
    });
}

/**
 * Why a listener rule's refreshed `action` is drift although the plan ignores it: the rule is on a blue/green
 * deployment group's listener and no longer forwards only to the group's two target groups (another target group,
 * a fixed response, a redirect, no target). CodeDeploy's own rewrites (one of the two, or weighted between them) are
 * not drift. Undefined for every other resource.
 */
function routingConcern(d: { type: string; change: { after?: unknown } }, pairs: readonly BlueGreenPair[]): string | undefined {
  if (d.type !== 'aws_lb_listener_rule') return undefined;
  const after = (d.change.after ?? {}) as Record<string, any>;
  const pair = pairs.find((p) => typeof after.listener_arn === 'string' && p.listenerArns.has(after.listener_arn));
  if (!pair) return undefined;
  const actions = all(after.action);
  const kinds = [...new Set(actions.map((a) => String(a.type)).filter((t) => t !== 'forward'))];
  const targets = actions
    .filter((a) => a.type === 'forward')
    .flatMap((a) => [a.target_group_arn, ...all(first(a.forward).target_group).map((t) => t.arn)])
    .filter((arn): arn is string => typeof arn === 'string' && arn !== '');
  const outside = targets.filter((arn) => !pair.targetGroups.has(arn)).length;
  if (kinds.length === 0 && targets.length > 0 && outside === 0) return undefined;
  const what = kinds.length ? `answers with ${kinds.join(', ')}` : targets.length === 0 ? 'forwards to no target group' : `forwards to ${outside} target group(s) outside the pair`;
  return `${what}, not a forward between the blue/green target groups ${[...pair.targetGroups.values()].join(' and ')}; the configuration ignores action (CodeDeploy's), so no apply reverts it`;
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
  const notReverted = outside.some((o) => o.plan === 'not reverted');
  const status: DriftStatus = changes || notReverted ? 'drift' : outside.length ? 'accepted' : 'clean';
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
  drift: '⚠️ **Drift**: applying the code would change the infrastructure, or production routing changed in a way no apply reverts (below).',
  error: '❌ **The drift check failed**: the state of the infrastructure is unknown.',
};

function outsideTable(outside: readonly OutsideChange[]): string[] {
  if (outside.length === 0) return ['None found by the refresh.'];
  const what = (o: OutsideChange) => (o.kind === 'deleted' ? '**deleted outside Terraform**' : o.attributes.map(code).join(', ') || 'attributes changed');
  const plan = (o: OutsideChange) =>
    o.plan === 'accepted' ? 'accepted (no planned change)' : o.plan === 'not reverted' ? `⚠️ **not reverted**: ${tableCell(o.concern ?? '')}` : o.plan === 'create' ? 'recreate' : `${o.plan} (reverts it)`;
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
  if (r.status === 'drift' && (r.planned.length > 0 || outputs.length > 0)) {
    out.push('', 'To resolve: apply the code (the `apply` workflow) to revert outside changes, or change the code to adopt them; the next scheduled run closes this issue when the plan is clean.');
  }
  if (r.outside.some((o) => o.plan === 'not reverted')) {
    out.push('', 'Not reverted by an apply: point each such rule back at the target group production is on, by hand (`aws elbv2 modify-rule`; modules/compute/README.md, "Adding host names to a blue/green environment"); the next scheduled run closes this issue once it forwards between the two target groups again.');
  }
  return out.join('\n') + '\n';
}
