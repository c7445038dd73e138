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
  readonly seconds: number;
  /** `terraform show -json` of the plan, when it succeeded. */
  readonly planJson?: PlanJson;
  readonly workdir: string;
}

export interface PlanJson {
  readonly resource_changes?: { address: string; type: string; change: { actions: string[] } }[];
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
  const queue = [...options.stackDirs];
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

async function planOne(bin: string, dir: string, env: NodeJS.ProcessEnv, keepPlanJson: boolean, validateFirst: boolean): Promise<StackPlanResult> {
  const start = Date.now();
  const stack = path.basename(dir);
  const fail = (failedStep: StackPlanResult['failedStep'], error: string): StackPlanResult => ({
    stack,
    ok: false,
    failedStep,
    error: error.trim(),
    resourceCount: 0,
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
  if (!keepPlanJson) {
    // `terraform show -json` reloads the provider schema (seconds per stack); the plan's own summary line
    // carries the count. "No changes." means an empty stack.
    const m = /Plan: (\d+) to add/.exec(plan.stdout);
    if (!m && !/No changes\./.test(plan.stdout)) return fail('plan', `no plan summary line in the output:\n${plan.stdout}`);
    return { stack, ok: true, resourceCount: m ? Number(m[1]) : 0, seconds: (Date.now() - start) / 1000, workdir: dir };
  }
  const show = await run(bin, ['show', '-json', PLAN_FILE], dir, env);
  if (!show.ok) return fail('show', show.stderr);
  const planJson = JSON.parse(show.stdout) as PlanJson;
  return { stack, ok: true, resourceCount: createdCount(planJson), seconds: (Date.now() - start) / 1000, planJson, workdir: dir };
}

function createdCount(planJson: PlanJson): number {
  return (planJson.resource_changes ?? []).filter((r) => r.change.actions.includes('create')).length;
}

/**
 * `terraform show -json` of the plan that planStacks saved in a stack folder, for a result planned
 * without keepPlanJson. Throws when there is no plan or Terraform fails.
 */
export async function showPlanJson(result: StackPlanResult, mirror: string = findProviderMirror()): Promise<PlanJson> {
  const { bin } = terraformBinary();
  const cliConfig = path.join(os.tmpdir(), `helloapi-tf-show-${process.pid}-${result.stack}.tfrc`);
  writeCliConfig(cliConfig, mirror);
  try {
    const show = await run(bin, ['show', '-json', PLAN_FILE], result.workdir, offlineEnv(cliConfig));
    if (!show.ok) throw new Error(`terraform show -json ${PLAN_FILE} failed in ${result.workdir}:\n${show.stderr}`);
    return JSON.parse(show.stdout) as PlanJson;
  } finally {
    fs.rmSync(cliConfig, { force: true });
  }
}

/** Synthesizes offline into `outdir` and returns the stack folders, optionally filtered by stack or environment name. */
export function synthOffline(outdir: string, only: string[] = []): string[] {
  const configs = loadEnvironments();
  synthesizeAll(configs, { outdir, offline: true });
  const stacksDir = path.join(outdir, 'stacks');
  const all = fs.readdirSync(stacksDir).sort();
  const wanted = only.length === 0 ? all : all.filter((s) => only.some((o) => s === o || s.endsWith(`-${o}`)));
  const unknown = only.filter((o) => !all.some((s) => s === o || s.endsWith(`-${o}`)));
  if (unknown.length > 0) throw new Error(`unknown stack or environment: ${unknown.join(', ')}; known stacks: ${all.join(', ')}`);
  return wanted.map((s) => path.join(stacksDir, s));
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
