/**
 * jest.global-setup.js / jest.global-teardown.js: a private TMPDIR per run (removed afterwards)
 * and the provider mirror detected once for the Terraform suites. A Terraform-project suite: it needs
 * the provider mirror on this machine.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { findProviderMirror, offlineEnv, REATTACH_FAILED, run, SCHEMA_SERVER_ENV, SchemaServer, startSchemaServer, terraformBinary, writeCliConfig } from '../../scripts/terraform';
import { offlineAwsProviderJson } from '../support/offline-provider';
import { tmpOutdir } from '../support/synth';

/* eslint-disable @typescript-eslint/no-require-imports */
const globalSetup = require('../../jest.global-setup.js') as (config?: { selectProjects?: string[] }) => Promise<void>;
const globalTeardown = require('../../jest.global-teardown.js') as () => Promise<void>;
/* eslint-enable @typescript-eslint/no-require-imports */

const KEYS = ['TMPDIR', 'HELLOAPI_JEST_TMPDIR', 'TF_PROVIDER_MIRROR', 'HELLOAPI_KEEP_TEST_TMP', 'HELLOAPI_TF_SCHEMA_SERVER', 'HELLOAPI_TF_LOCK_WITHOUT_CHECKSUMS'] as const;

describe('jest global setup and teardown', () => {
  const saved: Partial<Record<(typeof KEYS)[number], string>> = {};
  beforeEach(() => {
    for (const k of KEYS) saved[k] = process.env[k];
    delete process.env.TF_PROVIDER_MIRROR;
    delete process.env.HELLOAPI_TF_LOCK_WITHOUT_CHECKSUMS;
  });
  afterEach(() => {
    for (const k of KEYS) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  });

  it('gives the run its own TMPDIR, passes the detected mirror on, and removes the folder afterwards', async () => {
    const before = process.env.TMPDIR;
    await globalSetup({ selectProjects: undefined });
    const runTmp = process.env.HELLOAPI_JEST_TMPDIR!;
    expect(process.env.TMPDIR).toBe(runTmp);
    expect(runTmp).not.toBe(before);
    expect(path.basename(runTmp)).toMatch(/^helloapi-jest-/);
    expect(fs.statSync(runTmp).isDirectory()).toBe(true);
    expect(fs.existsSync(path.join(process.env.TF_PROVIDER_MIRROR!, 'registry.terraform.io/hashicorp/aws/5.100.0'))).toBe(true);
    expect(process.env.HELLOAPI_TF_LOCK_WITHOUT_CHECKSUMS).toBe('1');
    fs.writeFileSync(path.join(runTmp, 'left-by-a-test'), 'x');
    await globalTeardown();
    expect(fs.existsSync(runTmp)).toBe(false);
  });

  it('skips the mirror search when only the unit suites run, and keeps the folder on request', async () => {
    await globalSetup({ selectProjects: ['unit'] });
    expect(process.env.TF_PROVIDER_MIRROR).toBeUndefined();
    expect(process.env.HELLOAPI_TF_LOCK_WITHOUT_CHECKSUMS).toBeUndefined();
    const runTmp = process.env.HELLOAPI_JEST_TMPDIR!;
    process.env.HELLOAPI_KEEP_TEST_TMP = '1';
    await globalTeardown();
    expect(fs.existsSync(runTmp)).toBe(true);
    fs.rmSync(runTmp, { recursive: true, force: true });
  });
});

/** A root with one schema error (an argument the resource does not have) and one valid resource. */
function fixtureRoot(valid: boolean): string {
  const dir = path.join(tmpOutdir('helloapi-schema-server-'), valid ? 'valid' : 'invalid');
  fs.mkdirSync(dir);
  const topic: Record<string, unknown> = { name: 'x', ...(valid ? {} : { not_an_argument: true }) };
  fs.writeFileSync(
    path.join(dir, 'main.tf.json'),
    JSON.stringify({
      terraform: { required_providers: { aws: { source: 'hashicorp/aws', version: '5.100.0' } } },
      provider: { aws: [offlineAwsProviderJson()] },
      resource: { aws_sns_topic: { t: topic } },
    }),
  );
  return dir;
}

describe('the shared provider for schema-only commands (HELLOAPI_TF_SCHEMA_SERVER)', () => {
  let bin: string;
  let cliConfig: string;
  const saved: Partial<Record<(typeof KEYS)[number], string>> = {};
  beforeEach(() => {
    for (const k of KEYS) saved[k] = process.env[k];
  });
  beforeAll(() => {
    bin = terraformBinary().bin;
    cliConfig = path.join(tmpOutdir('helloapi-schema-server-'), 'tf.rc');
    writeCliConfig(cliConfig, findProviderMirror());
  });
  afterEach(() => {
    for (const k of KEYS) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  });

  it('global setup starts one provider process and names it; validate through it still reports schema errors; teardown stops it', async () => {
    delete process.env[SCHEMA_SERVER_ENV];
    await globalSetup({ selectProjects: ['terraform'] });
    const reattach = process.env[SCHEMA_SERVER_ENV]!;
    const pid = (JSON.parse(reattach) as Record<string, { Pid: number }>)['registry.terraform.io/hashicorp/aws'].Pid;
    expect(() => process.kill(pid, 0)).not.toThrow();
    const dir = fixtureRoot(false);
    const env = offlineEnv(cliConfig);
    expect((await run(bin, ['init', '-input=false', '-no-color'], dir, env)).ok).toBe(true);
    const validate = await run(bin, ['validate', '-no-color'], dir, { ...env, TF_LOG: 'debug' });
    expect(validate.ok).toBe(false);
    expect(validate.stderr).toMatch(/No argument or block type is named "not_an_argument"/);
    // Terraform started no provider of its own: the shared one answered.
    expect(validate.stderr).not.toMatch(/starting plugin/);
    await globalTeardown();
    expect(() => process.kill(pid, 0)).toThrow();
    expect(process.env[SCHEMA_SERVER_ENV]).toBeUndefined();
  });

  it('keeps the caller alive while it stops: a caller with nothing else to do still gets past `await stop()` (a jest run with failed tests exited 0 from its teardown)', async () => {
    const compiled = path.resolve(__dirname, '..', '..', 'dist', 'scripts', 'terraform.js');
    // Nothing but the server keeps this process alive; after the await it sets its own exit code.
    const script = `require(${JSON.stringify(compiled)}).startSchemaServer(${JSON.stringify(findProviderMirror())}).then(async (s) => { await s.stop(); console.log('stopped'); process.exitCode = 3; });`;
    const r = await new Promise<{ code: number | null; out: string }>((resolve) => {
      const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout!.on('data', (d: Buffer) => (out += String(d)));
      child.on('exit', (code) => resolve({ code, out }));
    });
    expect([r.code, r.out.trim()]).toEqual([3, 'stopped']);
  });

  it('stops when the process that started it dies without cleaning up (SIGKILL: no exit handler, no teardown)', async () => {
    const compiled = path.resolve(__dirname, '..', '..', 'dist', 'scripts', 'terraform.js');
    const script = `require(${JSON.stringify(compiled)}).startSchemaServer(${JSON.stringify(findProviderMirror())}).then((s) => { console.log(s.reattach); setInterval(() => {}, 1000); });`;
    const owner = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const line = await new Promise<string>((resolve, reject) => {
      let out = '';
      owner.stdout!.on('data', (d: Buffer) => {
        out += String(d);
        if (out.includes('\n')) resolve(out.split('\n')[0]);
      });
      owner.on('exit', () => reject(new Error(`the owner exited before the provider was ready: ${out}`)));
    });
    const pid = (JSON.parse(line) as Record<string, { Pid: number }>)['registry.terraform.io/hashicorp/aws'].Pid;
    expect(() => process.kill(pid, 0)).not.toThrow();
    owner.kill('SIGKILL');
    const gone = async () => {
      for (let i = 0; i < 100; i++) {
        try {
          process.kill(pid, 0);
        } catch {
          return true;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      return false;
    };
    expect(await gone()).toBe(true);
  });

  it('is used by validate and show only: plan starts its own providers (one per alias, configured)', async () => {
    const dir = fixtureRoot(true);
    // A live process (pid 1) that serves no provider: validate tries the reattach, Terraform cannot connect.
    const dead = JSON.stringify({ 'registry.terraform.io/hashicorp/aws': { Protocol: 'grpc', ProtocolVersion: 5, Pid: 1, Test: true, Addr: { Network: 'unix', String: path.join(dir, 'no-such-socket') } } });
    const env = { ...offlineEnv(cliConfig), [SCHEMA_SERVER_ENV]: dead };
    const notes: string[] = [];
    const note = (m: string) => notes.push(m);
    expect((await run(bin, ['init', '-input=false', '-no-color'], dir, env, note)).ok).toBe(true);
    expect(notes).toEqual([]);
    const plan = await run(bin, ['plan', '-input=false', '-no-color', '-refresh=false', '-lock=false'], dir, env, note);
    expect(plan.stderr).toBe('');
    expect(plan.stdout).toMatch(/Plan: 1 to add/);
    expect(notes).toEqual([]);
    // validate went to the shared provider: it could not reattach, said so, and ran with its own provider.
    const validate = await run(bin, ['validate', '-no-color'], dir, env, note);
    expect(validate.ok).toBe(true);
    expect(notes).toEqual([expect.stringMatching(/^note: the shared AWS provider \(HELLOAPI_TF_SCHEMA_SERVER, pid 1\) could not be reattached: terraform validate and later/)]);
  });

  describe('when the shared provider dies mid-run, validate and show fall back to their own provider', () => {
    /**
     * One started schema server whose provider process was then killed (SIGKILL: no clean shutdown), with a valid
     * root initialised, for both tests below (each started its own before: a provider start, an init and a validate
     * through it, ~7 CPU-s): the second test records a different pid in the reattach value, which this process has
     * not seen dead, so the first test's note does not hide its own.
     */
    let killed: { server: SchemaServer; pid: number; dir: string; env: NodeJS.ProcessEnv };
    beforeAll(async () => {
      const server = await startSchemaServer(findProviderMirror());
      const pid = (JSON.parse(server.reattach) as Record<string, { Pid: number }>)['registry.terraform.io/hashicorp/aws'].Pid;
      const dir = fixtureRoot(true);
      const env = offlineEnv(cliConfig);
      expect((await run(bin, ['init', '-input=false', '-no-color'], dir, env)).ok).toBe(true);
      // Alive and used first: validate through it works.
      expect((await run(bin, ['validate', '-no-color'], dir, { ...env, [SCHEMA_SERVER_ENV]: server.reattach }, () => undefined)).ok).toBe(true);
      process.kill(pid, 'SIGKILL');
      for (let i = 0; i < 100; i++) {
        try {
          process.kill(pid, 0);
        } catch {
          break;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
      killed = { server, pid, dir, env: { ...env, [SCHEMA_SERVER_ENV]: server.reattach } };
    });
    afterAll(() => killed?.server.stop());

    it('validate still succeeds after the provider was killed, once noted on stderr; schema errors are still reported', async () => {
      const { pid, dir, env } = killed;
      const notes: string[] = [];
      const validate = await run(bin, ['validate', '-no-color'], dir, env, (m) => notes.push(m));
      expect(validate.stderr).toBe('');
      expect(validate.ok).toBe(true);
      expect(notes).toEqual([`note: the shared AWS provider (HELLOAPI_TF_SCHEMA_SERVER, pid ${pid}) has exited: terraform validate and later schema-only commands of this process start their own provider\n`]);
      // Later commands go straight to their own provider, without a second note, and still report schema errors
      // (a root with an unknown argument; one killed provider serves both checks: a second one cost ~10 CPU-s).
      const invalid = fixtureRoot(false);
      expect((await run(bin, ['init', '-input=false', '-no-color'], invalid, env)).ok).toBe(true);
      const broken = await run(bin, ['validate', '-no-color'], invalid, env, (m) => notes.push(m));
      expect(broken.ok).toBe(false);
      expect(broken.stderr).toMatch(/No argument or block type is named "not_an_argument"/);
      expect(notes).toHaveLength(1);
    });

    it('retries once without the reattach when Terraform cannot reach a provider whose process still exists', async () => {
      const { dir, env } = killed;
      // The recorded pid names a live process again (the provider died between the check and the command, or its
      // pid was reused): Terraform reports the failed reattach, and the command runs again with its own provider.
      const standIn = spawn('sleep', ['60'], { stdio: 'ignore' });
      const reattach = JSON.parse(env[SCHEMA_SERVER_ENV]!) as Record<string, { Pid: number }>;
      reattach['registry.terraform.io/hashicorp/aws'].Pid = standIn.pid!;
      const notes: string[] = [];
      const validate = await run(bin, ['validate', '-no-color'], dir, { ...env, [SCHEMA_SERVER_ENV]: JSON.stringify(reattach) }, (m) => notes.push(m));
      standIn.kill('SIGKILL');
      expect(validate.ok).toBe(true);
      expect(notes).toEqual([expect.stringMatching(/could not be reattached: terraform validate/)]);
      expect('Error: Failed to load plugin schemas ... Reattachment process\nnot found..').toMatch(REATTACH_FAILED);
    });
  });
});
