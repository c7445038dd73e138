/**
 * The real cdktf CLI (issue 16, items 2 and 3): `cdktf synth` compiles first, so it always synthesizes the
 * current sources; environments come from environments/ itself (.ts and .json), never from a stale dist/.
 *
 * Everything runs in ONE temporary copy of the project (sources and dist/ copied with their timestamps,
 * node_modules symlinked), never in the repository's own environments/. The steps build on each other, in
 * order: two TypeScript builds in all (one after edits, one with a type error), two cdktf CLI runs.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import dev from '../../environments/dev';
import { bootstrapStatePath } from '../../modules/stacks/state-stack';
import { readTree, tmpOutdir } from '../support/synth';

const root = path.resolve(__dirname, '..', '..');
const PROJECT_FILES = ['main.ts', 'index.ts', 'modules', 'environments', 'scripts', 'tsconfig.json', 'cdktf.json', 'package.json', 'dist'];
const EDIT = "dev.tags = { ...dev.tags, EditedBy: 'cdktf-cli-test' };\n";

let project: string;
let out: string;

/** The environment the CLI and the app get: no telemetry or version check over the network, no ~/.terraform.d writes. */
function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, CHECKPOINT_DISABLE: '1', CDKTF_DISABLE_PLUGIN_CACHE_ENV: '1', ...extra };
  delete env.HELLOAPI_ENVIRONMENTS_DIR;
  delete env.CDKTF_OUTDIR;
  return env;
}

/** `cdktf synth --output <out>` in the project copy; output with the CLI's colours and spinner codes removed. */
function cdktfSynth() {
  const r = spawnSync(path.join(project, 'node_modules', '.bin', 'cdktf'), ['synth', '--output', out], {
    cwd: project,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: childEnv(),
  });
  // eslint-disable-next-line no-control-regex
  return { status: r.status, output: `${r.stdout}${r.stderr}`.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '') };
}

function stacks(): string[] {
  return fs.readdirSync(path.join(out, 'stacks')).sort();
}

function inProject(...parts: string[]): string {
  return path.join(project, ...parts);
}

beforeAll(() => {
  for (const f of ['dist/main.js', 'dist/environments/staging.js']) {
    if (!fs.existsSync(path.join(root, f))) throw new Error(`${f} is missing: run \`npm run build\` (npm test does)`);
  }
  project = tmpOutdir('helloapi-project-');
  for (const f of PROJECT_FILES) fs.cpSync(path.join(root, f), inProject(f), { recursive: true, preserveTimestamps: true });
  fs.symlinkSync(path.join(root, 'node_modules'), inProject('node_modules'), 'dir');
  relocateBuildInfo();
  out = inProject('synth-out');
});

/**
 * Speed only: dist/.tsbuildinfo names node_modules files relative to the repository's dist/ (`../node_modules/`);
 * in the copy the compiler sees them at their real path through the symlink, so it would re-check every file
 * (measured 13.6 s CPU instead of 6.6 s for the first build). Pointing those names at the real path keeps the
 * build incremental. Should TypeScript change this format, the first build is merely slower, never wrong
 * (files are matched by content hash).
 */
function relocateBuildInfo(): void {
  const file = inProject('dist', '.tsbuildinfo');
  const info = JSON.parse(fs.readFileSync(file, 'utf8')) as { fileNames?: string[] };
  if (!Array.isArray(info.fileNames)) return;
  const realModules = path.relative(inProject('dist'), fs.realpathSync(path.join(root, 'node_modules'))).split(path.sep).join('/');
  info.fileNames = info.fileNames.map((n) => (n.startsWith('../node_modules/') ? `${realModules}/${n.slice('../node_modules/'.length)}` : n));
  const { atime, mtime } = fs.statSync(file);
  fs.writeFileSync(file, JSON.stringify(info));
  fs.utimesSync(file, atime, mtime);
}

describe('cdktf synth through the real cdktf CLI', () => {
  it('synthesizes the sources as edited: an edited .ts, a new .json, and no stack for a deleted .ts whose compiled .js is left in dist/', () => {
    const devTs = fs.readFileSync(inProject('environments', 'dev.ts'), 'utf8');
    expect(devTs).toContain('export default dev;');
    fs.writeFileSync(inProject('environments', 'dev.ts'), devTs.replace('export default dev;', `${EDIT}export default dev;`));
    const qa = {
      ...dev,
      name: 'qa',
      network: { ...dev.network, cidr: '10.77.0.0/16' },
      dns: { ...dev.dns, domain: 'api.qa.helloapi.example.com', roleArn: 'arn:aws:iam::333333333333:role/helloapi-dns-qa' },
      state: { ...dev.state, roleArn: 'arn:aws:iam::333333333333:role/helloapi-state-qa' },
      tags: { CostCenter: 'helloapi-qa' },
    };
    fs.writeFileSync(inProject('environments', 'qa.json'), JSON.stringify(qa, null, 2));
    fs.rmSync(inProject('environments', 'staging.ts'));
    // The state stack's bootstrap state (npm run state:bootstrap) lives where no synth writes (issue 16, finding 1).
    const bootstrapState = inProject(bootstrapStatePath('helloapi'));
    fs.mkdirSync(path.dirname(bootstrapState), { recursive: true });
    fs.writeFileSync(bootstrapState, '{"version":4,"serial":7}\n');
    fs.mkdirSync(path.join(out, 'stacks', 'helloapi-state'), { recursive: true });
    fs.writeFileSync(path.join(out, 'stacks', 'helloapi-state', 'stale.txt'), 'replaced by the synth');

    const r = cdktfSynth();
    expect(fs.readFileSync(bootstrapState, 'utf8')).toBe('{"version":4,"serial":7}\n');
    // (What was in the output folder is gone: nothing a user must keep may live there.)
    expect(fs.existsSync(path.join(out, 'stacks', 'helloapi-state', 'stale.txt'))).toBe(false);
    expect(r.output).not.toMatch(/error TS\d+/);
    expect(r.status).toBe(0);
    expect(stacks()).toEqual(expect.arrayContaining(['helloapi-dev', 'helloapi-prod', 'helloapi-qa', 'helloapi-state']));
    // Deleted from environments/, still compiled in dist/: gone from the output all the same.
    expect(fs.existsSync(inProject('dist', 'environments', 'staging.js'))).toBe(true);
    expect(stacks()).not.toContain('helloapi-staging');
    // The .json environment is read from environments/ itself (tsc never copies it to dist/).
    expect(fs.existsSync(inProject('dist', 'environments', 'qa.json'))).toBe(false);
    const devJson = fs.readFileSync(path.join(out, 'stacks', 'helloapi-dev', 'cdk.tf.json'), 'utf8');
    expect(devJson).toMatch(/"EditedBy": "cdktf-cli-test"/);
    expect(fs.readFileSync(path.join(out, 'stacks', 'helloapi-prod', 'cdk.tf.json'), 'utf8')).not.toContain('EditedBy');
    expect(fs.readFileSync(path.join(out, 'stacks', 'helloapi-qa', 'cdk.tf.json'), 'utf8')).toMatch(/"CostCenter": "helloapi-qa"/);
  });

  it('the compiled app alone refuses a stale or missing build and a JSON syntax error, naming each file, all at once, output untouched', () => {
    const before = readTree(out);
    const prodTs = fs.readFileSync(inProject('environments', 'prod.ts'), 'utf8');
    const devTs = fs.readFileSync(inProject('environments', 'dev.ts'), 'utf8');
    const buildInfo = inProject('dist', '.tsbuildinfo');
    const now = Date.now() / 1000;
    // Edited after the last build (no `npm run build`): stale.
    fs.writeFileSync(inProject('environments', 'prod.ts'), `${prodTs}// edited after the build\n`);
    fs.utimesSync(inProject('environments', 'prod.ts'), now, now);
    fs.utimesSync(buildInfo, now - 30, now - 30);
    // Touched, then built: tsc -b rewrites nothing for unchanged content but touches its build info. Fresh.
    fs.utimesSync(inProject('dist', 'environments', 'dev.js'), now - 60, now - 60);
    fs.utimesSync(inProject('environments', 'dev.ts'), now - 40, now - 40);
    // Never built.
    fs.writeFileSync(inProject('environments', 'uat.ts'), devTs.replace("name: 'dev'", "name: 'uat'"));
    fs.writeFileSync(inProject('environments', 'broken.json'), '{\n  "name": "broken",\n  oops\n}\n');

    const r = spawnSync(process.execPath, [inProject('dist', 'main.js')], { cwd: project, encoding: 'utf8', env: childEnv({ CDKTF_OUTDIR: out }) });
    expect(r.stderr).toMatch(/^Invalid environment configuration \(3 problems\):$/m);
    expect(r.stderr).toContain(
      '  environments/prod.ts: (file): its compiled form dist/environments/prod.js is older than the source, which was edited after the last build: run `npm run build`',
    );
    expect(r.stderr).toContain('  environments/uat.ts: (file): its compiled form dist/environments/uat.js is missing: run `npm run build`');
    expect(r.stderr).toMatch(/^ {2}environments\/broken\.json: \(file\): invalid JSON: .*\(line 3,? column 3\)$/m);
    expect(r.status).toBe(1);
    expect(readTree(out)).toEqual(before);

    fs.rmSync(inProject('environments', 'uat.ts'));
    fs.rmSync(inProject('environments', 'broken.json'));
    fs.writeFileSync(inProject('environments', 'prod.ts'), prodTs);
  });

  it('a type error in an environment file: cdktf synth fails with the compiler diagnostic naming the file, the previous output untouched', () => {
    const before = readTree(out);
    expect(before.size).toBeGreaterThan(0);
    const devTs = fs.readFileSync(inProject('environments', 'dev.ts'), 'utf8');
    fs.writeFileSync(inProject('environments', 'dev.ts'), devTs.replace(EDIT, "dev.tags = { ...dev.tags, EditedBy: 42 };\n"));

    const r = cdktfSynth();
    expect(r.status).not.toBe(0);
    expect(r.output).toMatch(/environments\/dev\.ts\(\d+,\d+\): error TS2322: Type 'number' is not assignable to type 'string'/);
    expect(r.output).toContain('the TypeScript build (tsc -b tsconfig.json) failed');
    expect(r.output).toContain('nothing was synthesized');
    expect(r.output).not.toMatch(/synthesized \d+ stacks/);
    expect(readTree(out)).toEqual(before);
  });
});
