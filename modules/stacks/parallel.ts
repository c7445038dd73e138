/**
 * Parallel synthesis for apps with many environments: the environment stacks
 * are split between this process and worker processes, each synthesizing its
 * part of the app into its own folder; the parts are merged into one staging folder
 * (stacks and manifest), checked by the policy engine once, and swapped in, as
 * synthesizeAll does. The output is byte-identical to synthesizeAll's (tested).
 *
 * Used from PARALLEL_FROM_ENVIRONMENTS environments on a machine with 2 or
 * more CPUs: a worker is a node process that needs ~0.5 s to load cdktf and the
 * provider classes, and one environment takes ~0.07 s to synthesize; at 50
 * environments 2 processes cut the synth by 12-20% here (bench/README.md).
 * Worker threads were tried first: no clear gain for ~40% more CPU.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fork } from 'child_process';
import { EnvironmentConfig } from '../config/types';
import { checkManifestLayout, cdktfManifestJson, ManifestLayoutError } from '../core/cdktf-adapter';
import { buildApp, BuildOptions, synthesizeAll } from './app';
import { checkStaging, stagingFolder, swapIn } from './staging';

/** Environment variable that sets the number of processes synthesizing (1 = serial). */
export const SYNTH_WORKERS_ENV = 'HELLOAPI_SYNTH_WORKERS';

/** Environments from which parallel synthesis pays for a worker's start-up. */
export const PARALLEL_FROM_ENVIRONMENTS = 16;

/**
 * Processes to synthesize `environments` environments with: `$HELLOAPI_SYNTH_WORKERS` when set
 * (a positive integer), otherwise 1 below PARALLEL_FROM_ENVIRONMENTS and else one per CPU,
 * at most one per 4 environments.
 */
export function synthProcesses(environments: number, env: Record<string, string | undefined> = process.env, cpus: number = os.availableParallelism()): number {
  const configured = env[SYNTH_WORKERS_ENV];
  if (configured !== undefined && configured !== '') {
    if (!/^[1-9][0-9]*$/.test(configured)) throw new Error(`${SYNTH_WORKERS_ENV}=${JSON.stringify(configured)}: expected a positive integer (1 synthesizes serially)`);
    return Math.max(1, Math.min(Number(configured), environments));
  }
  if (environments < PARALLEL_FROM_ENVIRONMENTS) return 1;
  return Math.max(1, Math.min(cpus, Math.floor(environments / 4)));
}

/** What a synthesis worker is given (sent over IPC). */
export interface SynthPart {
  readonly configs: readonly EnvironmentConfig[];
  readonly outdir: string;
  readonly offline: boolean;
  readonly environments: readonly string[];
}

/** Synthesizes one part (environment stacks only) into `part.outdir`; what each worker process runs. */
export function synthesizePart(part: SynthPart): void {
  buildApp(part.configs, { outdir: part.outdir, offline: part.offline, only: { shared: false, environments: part.environments } }).app.synth();
}

export interface ParallelSynthOptions extends BuildOptions {
  /** Processes in all, this one included. */
  readonly processes: number;
  /** The compiled worker script. @default synth-worker.js next to this module */
  readonly workerScript?: string;
}

/**
 * Synthesizes every stack like synthesizeAll, with the environment stacks split across
 * `processes` processes. Resolves to the stack names in manifest order; rejects, leaving
 * `outdir` untouched, when any part fails. When cdktf no longer writes manifest.json as
 * the merge does (cdktf-adapter checkManifestLayout), synthesizes serially instead, with a warning.
 */
export async function synthesizeAllParallel(configs: readonly EnvironmentConfig[], options: ParallelSynthOptions): Promise<string[]> {
  try {
    return await synthesizeInParts(configs, options);
  } catch (e) {
    if (!(e instanceof ManifestLayoutError)) throw e;
    process.stderr.write(`${e.message} Synthesizing serially instead.\n`);
    synthesizeAll(configs, options);
    const manifest = JSON.parse(fs.readFileSync(path.join(path.resolve(options.outdir), 'manifest.json'), 'utf8')) as { stacks: Record<string, unknown> };
    return Object.keys(manifest.stacks);
  }
}

async function synthesizeInParts(configs: readonly EnvironmentConfig[], options: ParallelSynthOptions): Promise<string[]> {
  const outdir = path.resolve(options.outdir);
  const staging = stagingFolder(outdir);
  const offline = options.offline ?? false;
  const processes = Math.max(1, Math.min(options.processes, configs.length));
  // Contiguous slices keep each part's environments in config order; this process also builds the shared stacks.
  const names = configs.map((c) => c.stackName);
  const slices = splitForProcesses(names, processes);
  const partDirs = slices.map((_, i) => (i === 0 ? staging : `${staging}-part${i}`));
  const cleanUp = () => partDirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true }));
  cleanUp();
  fs.mkdirSync(path.dirname(outdir), { recursive: true });
  const script = options.workerScript ?? path.join(__dirname, 'synth-worker.js');
  try {
    const workers = slices.slice(1).map((environments, i) => runWorker(script, { configs, outdir: partDirs[i + 1], offline, environments }));
    // Workers run while this process synthesizes its own part (synchronously, inside a promise so that
    // its failure is reported like theirs); every part settles before reporting, so nothing keeps writing.
    const mine = (async () => buildApp(configs, { outdir: staging, offline, only: { shared: true, environments: slices[0] } }).app.synth())();
    const settled = await Promise.allSettled([mine, ...workers]);
    const failures = settled.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => (r.reason instanceof Error ? r.reason.message : String(r.reason)));
    if (failures.length > 0) throw new Error(failures.join('\n'));
    const order = mergeParts(staging, partDirs.slice(1));
    checkStaging(staging, configs);
    swapIn(staging, outdir);
    return order;
  } finally {
    cleanUp();
  }
}

/** Environments this process synthesizes while a worker process starts (measured: ~0.5 s at ~0.07 s each). */
const WORKER_START_ENVIRONMENTS = 7;

/**
 * Contiguous slices of `names`, one per process. Each worker starts ~0.5 s late (a new node process
 * loading cdktf), so this process, already loaded, takes WORKER_START_ENVIRONMENTS more than an even share.
 */
export function splitForProcesses(names: readonly string[], processes: number): string[][] {
  const n = Math.max(1, Math.min(processes, names.length));
  const even = names.length / n;
  const head = Math.min(names.length, Math.ceil(even + ((n - 1) / n) * WORKER_START_ENVIRONMENTS));
  const restSize = n > 1 ? Math.ceil((names.length - head) / (n - 1)) : 0;
  const slices = [names.slice(0, head)];
  for (let from = head; from < names.length; from += restSize) slices.push(names.slice(from, from + restSize));
  return slices;
}

function runWorker(script: string, part: SynthPart): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = fork(script, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'advanced' });
    let reported = false;
    child.on('message', (m: { ok: boolean; error?: string }) => {
      reported = true;
      if (m.ok) resolve();
      else reject(new Error(m.error));
    });
    child.on('error', (e) => reject(e));
    child.on('exit', (code) => {
      if (!reported) reject(new Error(`synthesis worker for ${part.environments.join(', ')} exited with code ${code} before reporting`));
    });
    child.send(part);
  });
}

/**
 * Moves each part's stack folders into `staging` and adds its stacks to staging's manifest,
 * written the way cdktf writes it (cdktfManifestJson; checked on staging's manifest before anything
 * moves). Returns the stack names in order.
 */
function mergeParts(staging: string, parts: readonly string[]): string[] {
  const manifestFile = path.join(staging, 'manifest.json');
  const text = fs.readFileSync(manifestFile, 'utf8');
  checkManifestLayout(text, manifestFile);
  const manifest = JSON.parse(text) as { stacks: Record<string, unknown> };
  for (const part of parts) {
    const partManifest = JSON.parse(fs.readFileSync(path.join(part, 'manifest.json'), 'utf8')) as { stacks: Record<string, unknown> };
    for (const [name, entry] of Object.entries(partManifest.stacks)) {
      if (manifest.stacks[name]) throw new Error(`stack ${name} was synthesized twice`);
      fs.renameSync(path.join(part, 'stacks', name), path.join(staging, 'stacks', name));
      manifest.stacks[name] = entry;
    }
  }
  fs.writeFileSync(manifestFile, cdktfManifestJson(manifest));
  return Object.keys(manifest.stacks);
}
