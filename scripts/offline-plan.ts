/**
 * `npm run plan:offline -- [stack-or-env ...]`: synthesizes every stack in
 * offline mode (local state, provider that never calls AWS), then runs
 * `terraform init` from the local provider mirror, `terraform validate` and
 * `terraform plan` against empty state for each, in parallel. Prints one line
 * per stack and exits non-zero on any failure.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadEnvironments } from '../modules/config/load';
import { ConfigError } from '../modules/config/validate';
import { enableFastSynth } from '../modules/core/synth-speed';
import { synthesizeAll } from '../modules/stacks/app';
import { matchStacks } from '../modules/review/stacks';
import { findProviderMirror, offlineEnv, run, terraformBinary, writeCliConfig } from './terraform';

/** The saved plan in each planned stack folder. */
export const PLAN_FILE = 'offline.tfplan';

export interface StackPlanResult {
  readonly stack: string;
  readonly ok: boolean;
  /** The step that failed, if any. */
  readonly failedStep?: 'init' | 'validate' | 'plan' | 'show';
  readonly error?: string;
  /** Resources the plan creates. */
  readonly resourceCount: number;
  /** Addresses of the resources the plan creates, in plan order (from Terraform's plan output). */
  readonly createdAddresses: string[];
  readonly seconds: number;
  /** `terraform show -json` of the plan, when it succeeded. */
  readonly planJson?: PlanJson;
  readonly workdir: string;
}

export interface PlanJson {
  readonly resource_changes?: { address: string; type: string; change: { actions: string[]; after?: unknown } }[];
  readonly [key: string]: unknown;
}

export interface OfflinePlanOptions {
  /** Synthesized stack folders (`<outdir>/stacks/<name>`) to plan. */
  readonly stackDirs: string[];
  /** @default detected with findProviderMirror() */
  readonly mirror?: string;
  /** Parallel Terraform runs. @default 2 */
  readonly concurrency?: number;
  /** Keep the plan JSON in the result. @default false */
  readonly keepPlanJson?: boolean;
  /**
   * Run `terraform validate` before the plan. `terraform plan` walks the same validation graph
   * before planning and fails on anything validate reports (a test proves it), so the separate
   * command only repeats that walk, at ~4 s of CPU per stack. Environment stacks keep it (every
   * environment must pass `terraform validate` itself); test fixtures may turn it off.
   * @default true
   */
  readonly validate?: boolean;
}

/** init + validate + plan for each stack folder, `concurrency` at a time. */
export async function planStacks(options: OfflinePlanOptions): Promise<StackPlanResult[]> {
  const { bin } = terraformBinary();
  const mirror = options.mirror ?? findProviderMirror();
  const cliConfig = path.join(os.tmpdir(), `helloapi-tf-offline-${process.pid}.tfrc`);
  writeCliConfig(cliConfig, mirror);
  const env = offlineEnv(cliConfig);
  const queue = largestFirst(options.stackDirs);
  const results: StackPlanResult[] = [];
  const worker = async () => {
    for (let dir = queue.shift(); dir !== undefined; dir = queue.shift()) {
      results.push(await planOne(bin, dir, env, options.keepPlanJson ?? false, options.validate ?? true));
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 2) }, worker));
  fs.rmSync(cliConfig, { force: true });
  const order = new Map(options.stackDirs.map((d, i) => [path.basename(d), i]));
  return results.sort((a, b) => (order.get(a.stack) ?? 0) - (order.get(b.stack) ?? 0));
}

/**
 * The stack folders, largest configuration (`cdk.tf.json` bytes) first: a plan's time grows with its resources, so
 * the environments start before the small state and account stacks and the parallel runs end together (sorted by
 * name, staging started last and ran alone: bench/README.md, session 8). Stable; a folder without the file counts 0.
 * Results are still returned in the given order.
 */
export function largestFirst(stackDirs: readonly string[]): string[] {
  const size = (dir: string): number => {
    try {
      return fs.statSync(path.join(dir, 'cdk.tf.json')).size;
    } catch {
      return 0;
    }
  };
  const sizes = new Map(stackDirs.map((d) => [d, size(d)]));
  return stackDirs
    .map((d, i) => ({ d, i }))
    .sort((a, b) => sizes.get(b.d)! - sizes.get(a.d)! || a.i - b.i)
    .map(({ d }) => d);
}

async function planOne(bin: string, dir: string, env: NodeJS.ProcessEnv, keepPlanJson: boolean, validateFirst: boolean): Promise<StackPlanResult> {
  const start = Date.now();
  const stack = path.basename(dir);
  const fail = (failedStep: StackPlanResult['failedStep'], error: string): StackPlanResult => ({
    stack,
    ok: false,
    failedStep,
    error: error.trim(),
    resourceCount: 0,
    createdAddresses: [],
    seconds: (Date.now() - start) / 1000,
    workdir: dir,
  });
  fs.rmSync(path.join(dir, 'terraform.tfstate'), { force: true });
  const init = await run(bin, ['init', '-input=false', '-no-color'], dir, env);
  if (!init.ok) return fail('init', init.stderr || init.stdout);
  if (validateFirst) {
    const validate = await run(bin, ['validate', '-no-color'], dir, env);
    if (!validate.ok) return fail('validate', validate.stderr || validate.stdout);
  }
  const plan = await run(bin, ['plan', '-input=false', '-no-color', '-refresh=false', '-lock=false', `-out=${PLAN_FILE}`], dir, env);
  if (!plan.ok) return fail('plan', plan.stderr || plan.stdout);
  // `terraform show -json` reloads the provider schema (seconds of CPU per stack): the plan output itself
  // names every resource it creates and carries the count, so the JSON is read only when asked for.
  const created = parsePlanOutput(plan.stdout);
  if (!created) return fail('plan', `no plan summary line in the output:\n${plan.stdout}`);
  if (created.addresses.length !== created.count) {
    return fail('plan', `the plan summary says ${created.count} to add but the output names ${created.addresses.length} resources to create:\n${plan.stdout}`);
  }
  const planned = { stack, ok: true, resourceCount: created.count, createdAddresses: created.addresses, workdir: dir };
  if (!keepPlanJson) return { ...planned, seconds: (Date.now() - start) / 1000 };
  const show = await run(bin, ['show', '-json', PLAN_FILE], dir, env);
  if (!show.ok) return fail('show', show.stderr);
  const planJson = JSON.parse(show.stdout) as PlanJson;
  const fromJson = (planJson.resource_changes ?? []).filter((r) => r.change.actions.includes('create')).map((r) => r.address);
  if (fromJson.length !== created.count || [...fromJson].sort().join('\n') !== [...created.addresses].sort().join('\n')) {
    return fail('show', `the plan output and the plan JSON disagree on what is created: output ${created.count} (${created.addresses.length} named), JSON ${fromJson.length}`);
  }
  return { ...planned, seconds: (Date.now() - start) / 1000, planJson };
}

/**
 * The resources a `terraform plan -no-color` output creates: the count from its summary line
 * ("Plan: N to add, ..."; "No changes." is 0) and the address of each "# <address> will be created"
 * entry. Undefined when the output has no summary (the plan did not finish).
 */
export function parsePlanOutput(stdout: string): { count: number; addresses: string[] } | undefined {
  const summary = /^Plan: (\d+) to add/m.exec(stdout);
  if (!summary && !/^No changes\./m.test(stdout)) return undefined;
  const addresses = [...stdout.matchAll(/^ {2}# (.+) will be created$/gm)].map((m) => m[1]);
  return { count: summary ? Number(summary[1]) : 0, addresses };
}

/** Synthesizes offline into `outdir` and returns the stack folders, optionally filtered by stack or environment name. */
export function synthOffline(outdir: string, only: string[] = []): string[] {
  const configs = loadEnvironments();
  synthesizeAll(configs, { outdir, offline: true });
  return pickStacks(path.join(outdir, 'stacks'), only);
}

/** The stack folders of `stacksDir` that `only` names (all when empty): exactly as plan, cost and diagram pick stacks (`prod` is helloapi-prod, never helloapi-account-prod). */
export function pickStacks(stacksDir: string, only: readonly string[] = []): string[] {
  return matchStacks(fs.readdirSync(stacksDir).sort(), only).map((s) => path.join(stacksDir, s));
}

async function main(): Promise<void> {
  enableFastSynth();
  const args = process.argv.slice(2);
  const only = args.filter((a) => !a.startsWith('--'));
  const outdir = path.resolve('.gen', 'offline');
  let dirs: string[];
  try {
    dirs = synthOffline(outdir, only);
  } catch (e) {
    process.stderr.write(`${e instanceof ConfigError ? e.message : `synth failed: ${(e as Error).message}`}\n`);
    process.exit(1);
  }
  const concurrency = Number(process.env.PLAN_CONCURRENCY ?? 2);
  let results: StackPlanResult[];
  try {
    results = await planStacks({ stackDirs: dirs, concurrency });
  } catch (e) {
    process.stderr.write(`offline plan cannot run: ${(e as Error).message}\n`);
    process.exit(1);
  }
  for (const r of results) {
    const status = r.ok ? 'ok  ' : `FAIL (${r.failedStep})`;
    process.stdout.write(`${status} ${r.stack.padEnd(28)} ${String(r.resourceCount).padStart(4)} resources  ${r.seconds.toFixed(1)}s\n`);
    if (!r.ok) process.stdout.write(`${r.error?.split('\n').map((l) => `     ${l}`).join('\n')}\n`);
  }
  const failed = results.filter((r) => !r.ok).length;
  process.stdout.write(`${results.length - failed} passed, ${failed} failed\n`);
  process.exit(failed > 0 ? 1 : 0);
}

if (require.main === module) void main();
