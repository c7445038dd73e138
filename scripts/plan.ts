/**
 * `npm run plan -- <env> [<env> ...] [--offline] [--out plans] [--from-json plan.json]`
 *
 * Plans one or more stacks (an environment name like `dev`, or a full stack
 * name like `helloapi-state`) and writes, per stack, under `plans/<stack>/`:
 *   plan.tfplan  the binary plan (apply it with `terraform apply`)
 *   plan.json    `terraform show -json plan.tfplan`
 *   summary.md   the review summary (also printed to stdout)
 * plus `plans/summary.md` joining every stack's summary (the PR comment).
 *
 * Real mode (default): synthesizes with the configured backends into
 * `.gen/plan/`, runs `terraform init` (S3 backend) and `terraform plan -out`
 * with the normal AWS credential chain (environment, profile, SSO, OIDC role).
 * `--offline`: the offline plan (local provider mirror, empty local state, no
 * AWS calls; every resource shows as a create).
 * `--from-json <file>`: summarize an existing `terraform show -json` output.
 *
 * Exit codes: 0 nothing risky; 2 a human must look (a stateful resource is
 * destroyed or replaced); 1 error (synth, init, plan or show failed).
 */
import * as fs from 'fs';
import * as path from 'path';
import { loadEnvironments } from '../modules/config/load';
import { ConfigError } from '../modules/config/validate';
import { AuditSection, EXIT_ERROR, EXIT_OK, planExitCode, renderPlanSummary, summarizePlan, TerraformPlanJson } from '../modules/review/summary';
import { auditSection } from '../modules/review/audit';
import { matchStacks, readSynthesizedStacks } from '../modules/review/stacks';
import { synthesizeAll } from '../modules/stacks/app';
import { planStacks, synthOffline } from './offline-plan';
import { run, terraformBinary } from './terraform';

export interface PlanCliOptions {
  readonly targets: string[];
  readonly offline: boolean;
  readonly outDir: string;
  readonly fromJson?: string;
  readonly audit: boolean;
}

export function parseArgs(argv: string[]): PlanCliOptions {
  const targets: string[] = [];
  let offline = false;
  let outDir = 'plans';
  let fromJson: string | undefined;
  let audit = true;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--offline') offline = true;
    else if (a === '--no-audit') audit = false;
    else if (a === '--out') outDir = argv[++i] ?? usage('--out needs a folder');
    else if (a === '--from-json') fromJson = argv[++i] ?? usage('--from-json needs a file');
    else if (a === '--help' || a === '-h') usage();
    else if (a.startsWith('--')) usage(`unknown option ${a}`);
    else targets.push(a);
  }
  if (targets.length === 0 && !fromJson) usage('name at least one environment (dev, staging, prod) or stack');
  return { targets, offline, outDir, fromJson, audit };
}

function usage(error?: string): never {
  const text = [
    'usage: npm run plan -- <env|stack> [...] [--offline] [--out plans] [--no-audit]',
    '       npm run plan -- --from-json plan.json [<name>]',
    'exit codes: 0 nothing risky, 2 a human must look (stateful destroy/replace), 1 error',
  ].join('\n');
  if (error) {
    process.stderr.write(`${error}\n${text}\n`);
    process.exit(EXIT_ERROR);
  }
  process.stdout.write(`${text}\n`);
  process.exit(EXIT_OK);
}

export interface StackPlanOutput {
  readonly stack: string;
  readonly ok: boolean;
  readonly error?: string;
  readonly exitCode: number;
  readonly markdown: string;
  readonly dir?: string;
}

/** Summarizes a plan JSON and writes it next to the plan. */
export function writeSummary(stack: string, planJson: TerraformPlanJson, outDir: string, mode: 'real' | 'offline' | 'fixture', audit: AuditSection): StackPlanOutput {
  const summary = summarizePlan(planJson);
  const markdown = renderPlanSummary(summary, { title: stack, mode, audit });
  const dir = path.join(outDir, stack);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'summary.md'), markdown);
  return { stack, ok: true, exitCode: planExitCode(summary), markdown, dir };
}

/** init + plan -out + show -json in a synthesized stack folder with the given environment. */
export async function terraformPlan(
  bin: string,
  dir: string,
  env: NodeJS.ProcessEnv,
  extraPlanArgs: string[] = [],
): Promise<{ ok: true; planJson: TerraformPlanJson; planFile: string } | { ok: false; step: string; error: string }> {
  const init = await run(bin, ['init', '-input=false', '-no-color'], dir, env);
  if (!init.ok) return { ok: false, step: 'init', error: init.stderr || init.stdout };
  const plan = await run(bin, ['plan', '-input=false', '-no-color', '-out=plan.tfplan', ...extraPlanArgs], dir, env);
  if (!plan.ok) return { ok: false, step: 'plan', error: plan.stderr || plan.stdout };
  const show = await run(bin, ['show', '-json', 'plan.tfplan'], dir, env);
  if (!show.ok) return { ok: false, step: 'show', error: show.stderr };
  return { ok: true, planJson: JSON.parse(show.stdout) as TerraformPlanJson, planFile: path.join(dir, 'plan.tfplan') };
}

function pickStacks(stacksDir: string, only: string[]): string[] {
  return matchStacks(fs.readdirSync(stacksDir).sort(), only).map((s) => path.join(stacksDir, s));
}

function save(outDir: string, stack: string, planFile: string, planJson: TerraformPlanJson): void {
  const dir = path.join(outDir, stack);
  fs.mkdirSync(dir, { recursive: true });
  fs.copyFileSync(planFile, path.join(dir, 'plan.tfplan'));
  fs.writeFileSync(path.join(dir, 'plan.json'), `${JSON.stringify(planJson, null, 1)}\n`);
}

async function planReal(opts: PlanCliOptions): Promise<StackPlanOutput[]> {
  const outdir = path.resolve('.gen', 'plan');
  const configs = loadEnvironments();
  synthesizeAll(configs, { outdir, offline: false });
  const synthesized = readSynthesizedStacks(outdir);
  const dirs = pickStacks(path.join(outdir, 'stacks'), opts.targets);
  const { bin } = terraformBinary();
  const env: NodeJS.ProcessEnv = { ...process.env, TF_IN_AUTOMATION: '1', TF_INPUT: '0', CHECKPOINT_DISABLE: '1' };
  const results: StackPlanOutput[] = [];
  for (const dir of dirs) {
    const stack = path.basename(dir);
    process.stderr.write(`planning ${stack} (remote state, AWS credentials from the default chain)...\n`);
    const r = await terraformPlan(bin, dir, env, ['-lock-timeout=5m']);
    if (!r.ok) {
      results.push({ stack, ok: false, error: `${r.step} failed:\n${r.error.trim()}`, exitCode: EXIT_ERROR, markdown: `## Plan: ${stack}\n\n❌ ${r.step} failed.\n\n\`\`\`\n${r.error.trim()}\n\`\`\`\n` });
      continue;
    }
    save(opts.outDir, stack, r.planFile, r.planJson);
    results.push(writeSummary(stack, r.planJson, opts.outDir, 'real', opts.audit ? auditSection(stack, synthesized, configs) : { available: false, reason: 'skipped (--no-audit)' }));
  }
  return results;
}

async function planOffline(opts: PlanCliOptions): Promise<StackPlanOutput[]> {
  // synthOffline matches by suffix (`prod` would also take `helloapi-account-prod`): synthesize all, pick exactly.
  const all = synthOffline(path.resolve('.gen', 'plan-offline'));
  const wanted = new Set(matchStacks(all.map((d) => path.basename(d)), opts.targets));
  const dirs = all.filter((d) => wanted.has(path.basename(d)));
  const results: StackPlanOutput[] = [];
  const planned = await planStacks({ stackDirs: dirs, concurrency: Number(process.env.PLAN_CONCURRENCY ?? 1), keepPlanJson: true });
  for (const r of planned) {
    if (!r.ok || !r.planJson) {
      results.push({ stack: r.stack, ok: false, error: `${r.failedStep} failed:\n${r.error ?? ''}`, exitCode: EXIT_ERROR, markdown: `## Plan: ${r.stack}\n\n❌ ${r.failedStep} failed.\n\n\`\`\`\n${r.error ?? ''}\n\`\`\`\n` });
      continue;
    }
    const planJson = r.planJson as TerraformPlanJson;
    save(opts.outDir, r.stack, path.join(r.workdir, 'offline.tfplan'), planJson);
    // The audit runs on the normal synthesis (not the offline one), like `npm run audit`.
    results.push(writeSummary(r.stack, planJson, opts.outDir, 'offline', opts.audit ? auditSection(r.stack) : { available: false, reason: 'skipped (--no-audit)' }));
  }
  return results;
}

export async function main(argv: string[]): Promise<number> {
  const opts = parseArgs(argv);
  let results: StackPlanOutput[];
  try {
    if (opts.fromJson) {
      const planJson = JSON.parse(fs.readFileSync(opts.fromJson, 'utf8')) as TerraformPlanJson;
      const name = opts.targets[0] ?? path.basename(opts.fromJson, '.json');
      results = [writeSummary(name, planJson, opts.outDir, 'fixture', opts.audit && opts.targets[0] ? auditSection(name) : { available: false, reason: 'summarizing a saved plan JSON' })];
    } else {
      results = opts.offline ? await planOffline(opts) : await planReal(opts);
    }
  } catch (e) {
    process.stderr.write(`${e instanceof ConfigError ? e.message : `plan failed: ${(e as Error).message}`}\n`);
    return EXIT_ERROR;
  }
  const joined = results.map((r) => r.markdown).join('\n---\n\n');
  fs.mkdirSync(opts.outDir, { recursive: true });
  fs.writeFileSync(path.join(opts.outDir, 'summary.md'), joined);
  process.stdout.write(`${joined}\n`);
  for (const r of results) if (!r.ok) process.stderr.write(`${r.stack}: ${r.error}\n`);
  const code = results.some((r) => r.exitCode === EXIT_ERROR) ? EXIT_ERROR : Math.max(EXIT_OK, ...results.map((r) => r.exitCode));
  process.stderr.write(`summaries written to ${path.join(opts.outDir, 'summary.md')}; exit ${code}\n`);
  return code;
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => process.exit(code));
}
