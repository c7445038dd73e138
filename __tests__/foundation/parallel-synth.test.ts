/**
 * Parallel synthesis (modules/stacks/parallel.ts): same bytes as the serial synth, every
 * environment exactly once, failures of a worker reported with the outdir left untouched.
 * The worker is a compiled script: `npm test` builds dist/ first.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { loadEnvironments } from '../../modules/config/load';
import { EnvironmentConfig } from '../../modules/config/types';
import { synthesizeAll } from '../../modules/stacks/app';
import { PARALLEL_FROM_ENVIRONMENTS, splitForProcesses, synthesizeAllParallel, synthProcesses, SYNTH_WORKERS_ENV } from '../../modules/stacks/parallel';
import { readTree, tmpOutdir } from '../support/synth';

const root = path.resolve(__dirname, '..', '..');
const mainJs = path.join(root, 'dist', 'main.js');
const workerJs = path.join(root, 'dist', 'modules', 'stacks', 'synth-worker.js');

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { writeEnvironments, loadTemplates } = require('../../bench/lib/environments.js') as {
  writeEnvironments(dir: string, templates: unknown[], count: number): string;
  loadTemplates(dir: string): unknown[];
};

describe('how many processes synthesize', () => {
  it('is one below the threshold and one per CPU above it, at most one per 4 environments', () => {
    expect(synthProcesses(3, {}, 8)).toBe(1);
    expect(synthProcesses(PARALLEL_FROM_ENVIRONMENTS - 1, {}, 8)).toBe(1);
    expect(synthProcesses(PARALLEL_FROM_ENVIRONMENTS, {}, 2)).toBe(2);
    expect(synthProcesses(50, {}, 2)).toBe(2);
    expect(synthProcesses(20, {}, 16)).toBe(5);
    expect(synthProcesses(50, {}, 1)).toBe(1);
  });

  it(`follows ${SYNTH_WORKERS_ENV}, and refuses a value that is not a positive integer`, () => {
    expect(synthProcesses(3, { [SYNTH_WORKERS_ENV]: '2' }, 1)).toBe(2);
    expect(synthProcesses(50, { [SYNTH_WORKERS_ENV]: '1' }, 8)).toBe(1);
    expect(synthProcesses(2, { [SYNTH_WORKERS_ENV]: '6' }, 8)).toBe(2);
    expect(() => synthProcesses(50, { [SYNTH_WORKERS_ENV]: 'two' })).toThrow(`${SYNTH_WORKERS_ENV}="two": expected a positive integer (1 synthesizes serially)`);
    expect(() => synthProcesses(50, { [SYNTH_WORKERS_ENV]: '0' })).toThrow(/expected a positive integer/);
  });
});

describe('splitting environments between processes', () => {
  const names = Array.from({ length: 50 }, (_, i) => `e${i}`);

  it('covers every environment once, in order, in contiguous slices', () => {
    for (const processes of [1, 2, 3, 7]) expect(splitForProcesses(names, processes).flat()).toEqual(names);
  });

  it('gives this (already loaded) process more than an even share', () => {
    const [mine, worker] = splitForProcesses(names, 2);
    expect(mine.length).toBeGreaterThan(25);
    expect(mine.length + worker.length).toBe(50);
    expect(splitForProcesses(names.slice(0, 3), 2)).toEqual([names.slice(0, 3)]);
  });
});

describe('parallel synthesis', () => {
  beforeAll(() => {
    for (const f of [mainJs, workerJs]) if (!fs.existsSync(f)) throw new Error(`${path.relative(root, f)} is missing: run \`npm run build\` (npm test does)`);
  });

  let envDir: string;
  beforeAll(() => {
    envDir = writeEnvironments(tmpOutdir('helloapi-envs-'), loadTemplates(path.join(root, 'dist', 'environments')), 9);
  });

  it('writes the same bytes as the serial synth (stacks and manifest), with a worker process doing its share', () => {
    const names = loadEnvironments(envDir).map((c) => c.stackName);
    expect(splitForProcesses(names, 2)[1]?.length).toBeGreaterThan(0);
    // Serial: synthesizeAll in this process. Parallel: the app command itself, as `cdktf synth` runs it.
    const serialDir = tmpOutdir();
    const quiet = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    synthesizeAll(loadEnvironments(envDir), { outdir: serialDir });
    quiet.mockRestore();
    const parallelDir = tmpOutdir();
    const r = spawnSync(process.execPath, [mainJs], { cwd: root, encoding: 'utf8', env: { ...process.env, CDKTF_OUTDIR: parallelDir, HELLOAPI_ENVIRONMENTS_DIR: envDir, [SYNTH_WORKERS_ENV]: '2' } });
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/synthesized 12 stacks into .* \(2 processes\)/);
    const serial = readTree(serialDir);
    const parallel = readTree(parallelDir);
    expect([...parallel.keys()].sort()).toEqual([...serial.keys()].sort());
    expect([...parallel.keys()].filter((k) => k.endsWith('cdk.tf.json'))).toHaveLength(12);
    for (const [file, text] of serial) expect({ file, same: parallel.get(file) === text }).toEqual({ file, same: true });
  });

  it('reports a failing worker with its message and leaves the previous output untouched', async () => {
    const configs = loadEnvironments(envDir);
    const last = configs[configs.length - 1];
    // Validated configs cannot fail like this; a corrupted one makes the worker's part throw.
    const broken: EnvironmentConfig[] = [...configs.slice(0, -1), { ...last, network: { ...last.network, cidr: 'bogus' } }];
    expect(splitForProcesses(broken.map((c) => c.stackName), 2).slice(1).flat()).toContain(last.stackName);
    const outdir = tmpOutdir();
    fs.writeFileSync(path.join(outdir, 'previous.txt'), 'kept');
    const parent = path.dirname(outdir);
    const before = fs.readdirSync(parent).filter((f) => f.startsWith(path.basename(outdir))).sort();
    await expect(synthesizeAllParallel(broken, { outdir, processes: 2, workerScript: workerJs })).rejects.toThrow(new RegExp(`Network ${last.stackName}/network: invalid props[\\s\\S]*cidr = "bogus": "bogus" is not an IPv4 CIDR`));
    expect(fs.readdirSync(outdir)).toEqual(['previous.txt']);
    expect(fs.readdirSync(parent).filter((f) => f.startsWith(path.basename(outdir))).sort()).toEqual(before);
  });
});
