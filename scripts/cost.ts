/**
 * `npm run cost -- <env>`                    itemised monthly estimate of one environment
 * `npm run cost -- <env> <other-env>`        both estimates and their difference (e.g. dev prod)
 * `npm run cost -- <env> --base <git-ref>`   the environment now vs at another commit
 * `npm run cost -- <env> --base-json f.json` the environment now vs a saved estimate (--json)
 * Options: --prices <file> (price table, default modules/review/prices.json),
 *          --usage <file> (usage assumptions, default modules/review/usage.json),
 *          --json <file> (save the estimate(s) as JSON), --out <file> (save the Markdown).
 *
 * `--base <ref>` checks the commit out with `git worktree add` into a temp
 * folder, symlinks this checkout's node_modules, compiles it and runs its own
 * app (`node dist/main.js`, which every commit has) to synthesize, then prices
 * both syntheses with the current price table and estimator, so only the
 * infrastructure differs. The worktree is removed afterwards.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadEnvironments } from '../modules/config/load';
import { ConfigError } from '../modules/config/validate';
import { CostEstimate, diffCost, estimateCost, loadPrices, loadUsage, renderCostDiffMarkdown, renderCostMarkdown } from '../modules/review/cost';
import type { SynthJson } from '../modules/review/inventory';
import { matchStacks, readSynthesizedStacks } from '../modules/review/stacks';
import { synthesizeAll } from '../modules/stacks/app';

export interface CostCliOptions {
  readonly envs: string[];
  readonly base?: string;
  readonly baseJson?: string;
  readonly prices?: string;
  readonly usage?: string;
  readonly json?: string;
  readonly out?: string;
}

export function parseCostArgs(argv: string[]): CostCliOptions {
  const envs: string[] = [];
  const o: { -readonly [K in keyof CostCliOptions]?: CostCliOptions[K] } = {};
  const need = (i: number, flag: string) => {
    const v = argv[i];
    if (v === undefined) throw new Error(`${flag} needs a value`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--base') o.base = need(++i, a);
    else if (a === '--base-json') o.baseJson = need(++i, a);
    else if (a === '--prices') o.prices = need(++i, a);
    else if (a === '--usage') o.usage = need(++i, a);
    else if (a === '--json') o.json = need(++i, a);
    else if (a === '--out') o.out = need(++i, a);
    else if (a.startsWith('--')) throw new Error(`unknown option ${a}`);
    else envs.push(a);
  }
  if (envs.length === 0 || envs.length > 2) throw new Error('name one environment, or two to compare (npm run cost -- dev prod)');
  if (envs.length === 2 && (o.base || o.baseJson)) throw new Error('compare two environments or one environment against --base/--base-json, not both');
  return { envs, ...o };
}

/** The environment name of a stack (`helloapi-prod` -> `prod`), for usage assumptions. */
function envName(stack: string): string {
  return stack.replace(/^[^-]+-/, '');
}

function estimateFrom(stacks: Map<string, SynthJson>, env: string, opts: CostCliOptions, label?: string): CostEstimate {
  const [stack] = matchStacks([...stacks.keys()], [env]);
  return estimateCost(label ?? stack, stacks.get(stack)!, loadPrices(opts.prices), loadUsage(envName(stack), opts.usage));
}

function synthHere(): Map<string, SynthJson> {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'helloapi-cost-'));
  try {
    synthesizeAll(loadEnvironments(), { outdir });
    return readSynthesizedStacks(outdir);
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** Synthesizes another commit in a temporary git worktree (see the header). */
export function synthAtCommit(ref: string, repo = process.cwd()): Map<string, SynthJson> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'helloapi-cost-base-'));
  const wt = path.join(tmp, 'worktree');
  const out = path.join(tmp, 'out');
  const git = (args: string[]) => execFileSync('git', args, { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  git(['rev-parse', '--verify', `${ref}^{commit}`]);
  git(['worktree', 'add', '--detach', wt, ref]);
  try {
    fs.symlinkSync(path.join(repo, 'node_modules'), path.join(wt, 'node_modules'), 'dir');
    const env: NodeJS.ProcessEnv = { ...process.env, CDKTF_OUTDIR: out };
    delete env.HELLOAPI_ENVIRONMENTS_DIR;
    execFileSync(process.execPath, [path.join(wt, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], { cwd: wt, stdio: ['ignore', 'pipe', 'pipe'], env });
    execFileSync(process.execPath, [path.join('dist', 'main.js')], { cwd: wt, stdio: ['ignore', 'pipe', 'pipe'], env });
    return readSynthesizedStacks(out);
  } catch (e) {
    const err = e as { stdout?: Buffer | string; stderr?: Buffer | string; message: string };
    throw new Error(`synthesizing ${ref} failed: ${String(err.stdout ?? '')}${String(err.stderr ?? '') || err.message}`.trim());
  } finally {
    try {
      git(['worktree', 'remove', '--force', wt]);
    } catch {
      git(['worktree', 'prune']);
    }
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** Runs the cost command; `head` (the current synthesis of every stack) is synthesized when not given. */
export function runCost(opts: CostCliOptions, head: Map<string, SynthJson> = synthHere()): { markdown: string; estimates: CostEstimate[] } {
  const estimates: CostEstimate[] = [];
  const md: string[] = [];
  if (opts.envs.length === 2) {
    const [a, b] = opts.envs.map((e) => estimateFrom(head, e, opts));
    estimates.push(a, b);
    md.push(renderCostDiffMarkdown(diffCost(a, b)), renderCostMarkdown(a), renderCostMarkdown(b));
  } else if (opts.base || opts.baseJson) {
    const now = estimateFrom(head, opts.envs[0], opts);
    let before: CostEstimate;
    if (opts.baseJson) {
      const saved = JSON.parse(fs.readFileSync(opts.baseJson, 'utf8')) as CostEstimate | CostEstimate[];
      const list = Array.isArray(saved) ? saved : [saved];
      const found = list.find((e) => e.name === now.name) ?? list[0];
      if (!found) throw new Error(`${opts.baseJson} holds no estimate`);
      before = { ...found, name: `${found.name} (saved)` };
    } else {
      before = estimateFrom(synthAtCommit(opts.base!), opts.envs[0], opts, `${now.name}@${opts.base}`);
    }
    estimates.push(before, now);
    md.push(renderCostDiffMarkdown(diffCost(before, now)), renderCostMarkdown(now));
  } else {
    const e = estimateFrom(head, opts.envs[0], opts);
    estimates.push(e);
    md.push(renderCostMarkdown(e));
  }
  return { markdown: md.join('\n'), estimates };
}

function main(argv: string[]): number {
  try {
    const opts = parseCostArgs(argv);
    const { markdown, estimates } = runCost(opts);
    process.stdout.write(`${markdown}\n`);
    if (opts.out) fs.writeFileSync(opts.out, markdown);
    if (opts.json) fs.writeFileSync(opts.json, `${JSON.stringify(estimates.length === 1 ? estimates[0] : estimates, null, 1)}\n`);
    return 0;
  } catch (e) {
    process.stderr.write(`${e instanceof ConfigError ? e.message : `cost failed: ${(e as Error).message}`}\n`);
    return 1;
  }
}

if (require.main === module) process.exit(main(process.argv.slice(2)));
