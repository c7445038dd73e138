/**
 * modules/core/synth-speed.ts: faster synth with identical output.
 * Each test loads cdktf in its own module registry so patches never leak.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

type Cdktf = typeof import('cdktf');
type SynthSpeed = typeof import('../../modules/core/synth-speed');

/** A fresh cdktf (and optionally the patch) in an isolated module registry. */
function load(patch: boolean, env: NodeJS.ProcessEnv = {}): { cdktf: Cdktf; state?: ReturnType<SynthSpeed['enableFastSynth']>; childProcess: typeof import('child_process') } {
  let out!: ReturnType<typeof load>;
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const childProcess = require('child_process') as typeof import('child_process');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const state = patch ? (require('../../modules/core/synth-speed') as SynthSpeed).enableFastSynth(env) : undefined;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    out = { cdktf: require('cdktf') as Cdktf, state, childProcess };
  });
  return out;
}

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'helloapi-synth-speed-'));
}

/** Three stacks, each with a terraform_data resource (one version check each) and cross-resource references. */
function synthSample(cdktf: Cdktf, outdir: string): Record<string, string> {
  const app = new cdktf.App({ outdir, stackTraces: false });
  for (const name of ['a', 'b', 'c']) {
    const stack = new cdktf.TerraformStack(app, name);
    const first = new cdktf.DataResource(stack, 'first', { input: { n: name } });
    const second = new cdktf.DataResource(stack, 'second', { input: first.output, triggersReplace: [first.id] });
    new cdktf.TerraformOutput(stack, 'out', { value: cdktf.Fn.join('-', [second.id, cdktf.Lazy.stringValue({ produce: () => name })]) });
  }
  app.synth();
  const stacks = path.join(outdir, 'stacks');
  return Object.fromEntries(fs.readdirSync(stacks).map((s) => [s, fs.readFileSync(path.join(stacks, s, 'cdk.tf.json'), 'utf8')]));
}

afterEach(() => jest.restoreAllMocks());

describe('enableFastSynth', () => {
  test('tokens no longer capture creation stack traces', () => {
    const plain = load(false).cdktf;
    const fast = load(true);
    const creationStack = (c: Cdktf) => (c.Lazy.anyValue({ produce: () => 1 }) as unknown as { creationStack: string[] }).creationStack;
    expect(creationStack(plain).length).toBeGreaterThan(0);
    expect(creationStack(fast.cdktf)).toEqual([]);
    expect(fast.state).toEqual({ tokenStackTraces: false, versionChecksOnce: true });
  });

  test('HELLOAPI_TOKEN_STACK_TRACES=1 keeps them for debugging', () => {
    const fast = load(true, { HELLOAPI_TOKEN_STACK_TRACES: '1' });
    const token = fast.cdktf.Lazy.anyValue({ produce: () => 1 }) as unknown as { creationStack: string[] };
    expect(token.creationStack.length).toBeGreaterThan(0);
    expect(fast.state?.tokenStackTraces).toBe(true);
  });

  test('`terraform version` runs once per process instead of once per terraform_data resource', () => {
    const fast = load(true);
    const exec = jest.spyOn(fast.childProcess, 'execSync').mockImplementation(() => Buffer.from('Terraform v1.11.4\non linux_amd64\n'));
    synthSample(fast.cdktf, tmp());
    expect(exec.mock.calls.map((c) => c[0])).toEqual(['terraform version']);
    exec.mockRestore(); // child_process is shared by every module registry

    const plain = load(false);
    const execPlain = jest.spyOn(plain.childProcess, 'execSync').mockImplementation(() => Buffer.from('Terraform v1.11.4\n'));
    synthSample(plain.cdktf, tmp());
    expect(execPlain).toHaveBeenCalledTimes(6);
  });

  test('a failing version check still fails every synth that needs it', () => {
    const fast = load(true);
    jest.spyOn(fast.childProcess, 'execSync').mockImplementation(() => Buffer.from('Terraform v1.3.0\n'));
    expect(() => synthSample(fast.cdktf, tmp())).toThrow(/terraform version 1\.3\.0 is lower than the required version >=1\.4/);
    expect(() => synthSample(fast.cdktf, tmp())).toThrow(/lower than the required version/);
  });

  test('is idempotent', () => {
    let first!: ReturnType<SynthSpeed['enableFastSynth']>;
    let second!: ReturnType<SynthSpeed['enableFastSynth']>;
    let exec!: jest.SpyInstance;
    let cdktf!: Cdktf;
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const m = require('../../modules/core/synth-speed') as SynthSpeed;
      first = m.enableFastSynth({});
      second = m.enableFastSynth({});
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      exec = jest.spyOn(require('child_process') as typeof import('child_process'), 'execSync').mockImplementation(() => Buffer.from('Terraform v1.11.4\n'));
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      cdktf = require('cdktf') as Cdktf;
    });
    expect(second).toEqual(first);
    synthSample(cdktf, tmp());
    expect(exec).toHaveBeenCalledTimes(1);
  });

  test('synthesizes byte-identical output', () => {
    const plain = load(false);
    jest.spyOn(plain.childProcess, 'execSync').mockImplementation(() => Buffer.from('Terraform v1.11.4\n'));
    const fast = load(true);
    jest.spyOn(fast.childProcess, 'execSync').mockImplementation(() => Buffer.from('Terraform v1.11.4\n'));
    const a = synthSample(plain.cdktf, tmp());
    const b = synthSample(fast.cdktf, tmp());
    expect(Object.keys(a)).toEqual(['a', 'b', 'c']);
    expect(b).toEqual(a);
  });
});
