/**
 * `npm run plan -- <env> [<env> ...] [--offline] [--out plans] [--from-json plan.json]`
 *
 * Plans one or more stacks (an environment name like `dev`, or a full stack
 * name like `helloapi-state`) and writes, per stack, under `plans/<stack>/`:
 *   plan.tfplan  the binary plan (apply it with `terraform apply`)
 *   plan.json    `terraform show -json plan.tfplan`
 *   summary.md   the review summary (also printed to stdout), with the plan digest
 *   digest.json  the plan digest (modules/review/digest.ts): no values, safe to upload
 * plus `plans/summary.md` joining every stack's summary (the PR comment).
 * plan.tfplan and plan.json carry prior-state values (secrets included): keep
 * them on the machine that planned; CI uploads only summary.md and digest.json.
 * When a stack fails, its summary says which step failed with the tail of the
 * error output (credentials masked); `plans/summary.md` is written on every
 * error, including configuration errors.
 *
 * Real mode (default): synthesizes with the configured backends into
 * `.gen/plan/`, runs `terraform init` (S3 backend) and `terraform plan -out`
 * with the normal AWS credential chain (environment, profile, SSO, OIDC role).
 * `--offline`: the offline plan (local provider mirror, empty local state, no
 * AWS calls; every resource shows as a create).
 * `--from-json <file>`: summarize an existing `terraform show -json` output.
 * `--expect-digest <dir>`: the apply side. After planning, each stack's digest
 * must equal `<dir>/<stack>/digest.json` (the reviewed plan's); otherwise the
 * stack's fresh plan.tfplan is deleted, the difference is printed and the
 * exit code is 1.
 *
 * Exit codes: 0 nothing risky; 2 a human must look (a stateful resource is
 * destroyed or replaced); 1 error (synth, init, plan or show failed, or the
 * plan is not the reviewed one).
 */
import * as fs from 'fs';
import * as path from 'path';
import { loadEnvironments } from '../modules/config/load';
import { ConfigError } from '../modules/config/validate';
import { compareDigests, parseDigestFile, planDigestFile } from '../modules/review/digest';
import { AuditSection, EXIT_ERROR, EXIT_OK, planExitCode, renderPlanFailure, renderPlanSummary, summarizePlan, TerraformPlanJson } from '../modules/review/summary';
import { auditSection } from '../modules/review/audit';
import { readSynthesizedStacks } from '../modules/review/stacks';
import { synthesizeAll } from '../modules/stacks/app';
import { pickStacks, planStacks, synthOffline } from './offline-plan';
import { run, terraformBinary } from './terraform';

export interface PlanCliOptions {
  readonly targets: string[];
  readonly offline: boolean;
  readonly outDir: string;
  readonly fromJson?: string;
  readonly audit: boolean;
  /** Folder holding the reviewed `<stack>/digest.json` files the fresh plans must match. */
  readonly expectDigest?: string;
}

export function parseArgs(argv: string[]): PlanCliOptions {
  const targets: string[] = [];
  let offline = false;
  let outDir = 'plans';
  let fromJson: string | undefined;
  let audit = true;
  let expectDigest: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--offline') offline = true;
    else if (a === '--no-audit') audit = false;
    else if (a === '--out') outDir = argv[++i] ?? usage('--out needs a folder');
    else if (a === '--from-json') fromJson = argv[++i] ?? usage('--from-json needs a file');
    else if (a === '--expect-digest') expectDigest = argv[++i] ?? usage('--expect-digest needs the folder of the reviewed plan (its <stack>/digest.json files)');
    else if (a === '--help' || a === '-h') usage();
    else if (a.startsWith('--')) usage(`unknown option ${a}`);
    else targets.push(a);
  }
  if (targets.length === 0 && !fromJson) usage('name at least one environment (dev, staging, prod) or stack');
  if (expectDigest && fromJson) usage('--expect-digest checks fresh plans; it cannot be combined with --from-json');
  return { targets, offline, outDir, fromJson, audit, expectDigest };
}

function usage(error?: string): never {
  const text = [
    'usage: npm run plan -- <env|stack> [...] [--offline] [--out plans] [--no-audit] [--expect-digest <reviewed plans folder>]',
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
  /** `sha256:...` of the plan (modules/review/digest.ts); absent when planning failed. */
  readonly digest?: string;
}

/** Summarizes a plan JSON and writes the summary and the digest file next to the plan. */
export function writeSummary(stack: string, planJson: TerraformPlanJson, outDir: string, mode: 'real' | 'offline' | 'fixture', audit: AuditSection): StackPlanOutput {
  const summary = summarizePlan(planJson);
  const digestFile = planDigestFile(stack, planJson);
  const markdown = renderPlanSummary(summary, { title: stack, mode, audit, digest: digestFile.digest });
  const dir = path.join(outDir, stack);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'summary.md'), markdown);
  fs.writeFileSync(path.join(dir, 'digest.json'), `${JSON.stringify(digestFile, null, 1)}\n`);
  return { stack, ok: true, exitCode: planExitCode(summary), markdown, dir, digest: digestFile.digest };
}

/**
 * `--from-json <file> [<name>]`: summarizes a saved `terraform show -json` output (named after the file
 * unless a name is given; with a name, the summary carries that stack's audit unless `--no-audit`).
 */
export function summarizeSavedPlan(file: string, opts: Pick<PlanCliOptions, 'targets' | 'outDir' | 'audit'>): StackPlanOutput {
  const planJson = JSON.parse(fs.readFileSync(file, 'utf8')) as TerraformPlanJson;
  const name = opts.targets[0] ?? path.basename(file, '.json');
  return writeSummary(name, planJson, opts.outDir, 'fixture', opts.audit && opts.targets[0] ? auditSection(name) : { available: false, reason: 'summarizing a saved plan JSON' });
}

/**
 * A stack whose plan failed at `step`: the summary shows the tail of the error (credentials masked). With `outDir`,
 * its folder `<outDir>/<stack>/` is emptied of an earlier run's plan, plan JSON and digest (which would read as this
 * run's) and holds this failure's summary.md.
 */
export function failedStack(stack: string, step: string, error: string, outDir?: string): StackPlanOutput {
  const markdown = renderPlanFailure(stack, step, error);
  if (outDir !== undefined) {
    const dir = path.join(outDir, stack);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'summary.md'), markdown);
  }
  return { stack, ok: false, error: `${step} failed:\n${error.trim()}`, exitCode: EXIT_ERROR, markdown };
}

/**
 * The apply side: every planned stack must have the digest of the reviewed
 * plan in `<reviewedDir>/<stack>/digest.json`, and every reviewed stack must
 * have been planned. A stack that does not match becomes an error and its
 * fresh plan.tfplan is deleted, so no later step can apply it.
 */
export function verifyDigests(results: StackPlanOutput[], reviewedDir: string, outDir: string): StackPlanOutput[] {
  const reviewedStacks = fs.existsSync(reviewedDir)
    ? fs.readdirSync(reviewedDir).filter((d) => fs.existsSync(path.join(reviewedDir, d, 'digest.json')))
    : [];
  const planned = new Set(results.map((r) => r.stack));
  const out = results.map((r): StackPlanOutput => {
    if (!r.ok) return r;
    const file = path.join(reviewedDir, r.stack, 'digest.json');
    let problem: string | undefined;
    if (!fs.existsSync(file)) {
      problem = `${r.stack}: no reviewed digest at ${file}; nothing was applied. Apply only a plan that was planned and reviewed in the same run.`;
    } else {
      try {
        const reviewed = parseDigestFile(fs.readFileSync(file, 'utf8'), file);
        const fresh = parseDigestFile(fs.readFileSync(path.join(outDir, r.stack, 'digest.json'), 'utf8'), path.join(outDir, r.stack, 'digest.json'));
        const cmp = compareDigests(reviewed, fresh);
        if (!cmp.ok) problem = cmp.message;
      } catch (e) {
        problem = `${(e as Error).message}\nnothing was applied.`;
      }
    }
    if (!problem) return { ...r, markdown: `${r.markdown}\n✅ Same plan as the reviewed one (${r.digest}).\n` };
    fs.rmSync(path.join(outDir, r.stack, 'plan.tfplan'), { force: true });
    return { ...r, ok: false, exitCode: EXIT_ERROR, error: problem, markdown: `${r.markdown}\n❌ **Not the reviewed plan**: not applied.\n\n\`\`\`\n${problem}\n\`\`\`\n` };
  });
  for (const s of reviewedStacks) {
    if (!planned.has(s)) {
      out.push({ stack: s, ok: false, exitCode: EXIT_ERROR, error: `${s}: reviewed (${path.join(reviewedDir, s, 'digest.json')}) but not planned now; nothing was applied.`, markdown: `## Plan: ${s}\n\n❌ Reviewed but not planned now.\n` });
    }
  }
  return out;
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
      results.push(failedStack(stack, r.step, r.error, opts.outDir));
      continue;
    }
    save(opts.outDir, stack, r.planFile, r.planJson);
    results.push(writeSummary(stack, r.planJson, opts.outDir, 'real', opts.audit ? auditSection(stack, synthesized, configs) : { available: false, reason: 'skipped (--no-audit)' }));
  }
  return results;
}

async function planOffline(opts: PlanCliOptions): Promise<StackPlanOutput[]> {
  const dirs = synthOffline(path.resolve('.gen', 'plan-offline'), opts.targets);
  const results: StackPlanOutput[] = [];
  const planned = await planStacks({ stackDirs: dirs, concurrency: Number(process.env.PLAN_CONCURRENCY ?? 1), keepPlanJson: true });
  for (const r of planned) {
    if (!r.ok || !r.planJson) {
      results.push(failedStack(r.stack, String(r.failedStep ?? 'plan'), r.error ?? '', opts.outDir));
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
      results = [summarizeSavedPlan(opts.fromJson, opts)];
    } else {
      results = opts.offline ? await planOffline(opts) : await planReal(opts);
    }
    if (opts.expectDigest) results = verifyDigests(results, opts.expectDigest, opts.outDir);
  } catch (e) {
    const message = e instanceof ConfigError ? e.message : `plan failed: ${(e as Error).message}`;
    process.stderr.write(`${message}\n`);
    // The PR comment shows this summary: say what failed even when no stack was planned.
    fs.mkdirSync(opts.outDir, { recursive: true });
    fs.writeFileSync(path.join(opts.outDir, 'summary.md'), renderPlanFailure(opts.targets.join(', ') || opts.fromJson || 'plan', e instanceof ConfigError ? 'configuration' : 'plan', message));
    return EXIT_ERROR;
  }
  const joined = results.map((r) => r.markdown).join('\n---\n\n');
  fs.mkdirSync(opts.outDir, { recursive: true });
  fs.writeFileSync(path.join(opts.outDir, 'summary.md'), joined);
  process.stdout.write(`${joined}\n`);
  for (const r of results) {
    if (r.ok) continue;
    process.stderr.write(`${r.error?.startsWith(`${r.stack}: `) ? r.error : `${r.stack}: ${r.error}`}\n`);
    // A workflow annotation, so the reason shows on the run page, not only in the log.
    if (process.env.GITHUB_ACTIONS === 'true') process.stderr.write(`::error title=${r.stack}::${(r.error ?? '').split('\n')[0]}\n`);
  }
  const code = results.some((r) => r.exitCode === EXIT_ERROR) ? EXIT_ERROR : Math.max(EXIT_OK, ...results.map((r) => r.exitCode));
  process.stderr.write(`summaries written to ${path.join(opts.outDir, 'summary.md')}; exit ${code}\n`);
  return code;
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => process.exit(code));
}
