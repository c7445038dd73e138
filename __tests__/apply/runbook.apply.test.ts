/**
 * The apply tier (issue 22): docs/deploy.md's runbook, command by command, against the AWS API emulator, with
 * the real CLIs (npm, npx cdktf, terraform, aws), in a copy of the repository (the runbook writes cdktf.out/ and
 * terraform-bootstrap/). Then, for every stack: its resources are in its account (ARNs), its state object is
 * SSE-KMS with the state key, and a second plan shows no changes; finally the environment stacks are destroyed.
 *
 * jest.global-setup.js decides whether it runs (HELLOAPI_APPLY_TIER): CI=true always (a missing emulator fails);
 * elsewhere when moto is installed (HELLOAPI_APPLY_TIER=off skips it outside CI).
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { loadEnvironments } from '../../modules/config/load';
import { EnvironmentConfig } from '../../modules/config/types';
import { findProviderMirror, writeCliConfig } from '../../scripts/terraform';
import { EgressGuard, startEgressGuard } from '../../scripts/emulator/egress-guard';
import {
  accountCredentials,
  awsCall,
  AwsCredentials,
  deployEnv,
  Emulator,
  niced,
  REPO_ROOT,
  startEmulator,
  tempDir,
  terraformArgs,
  terraformErrors,
  writeProfiles,
} from './harness';
import { adapt, cdktfStackOf, environmentNiceness, forEnvironment, NICE, profileOf, readRunbookFile, RunbookCommand, whenApplying } from './runbook';

const decision = process.env.HELLOAPI_APPLY_TIER ?? 'skip: jest.global-setup.js did not run';
// Runs by default again (it was opt-in from 743ab0a after one failure, "creating VPC Security Group Rule" under
// parallel lanes, whose provider detail was not kept). moto's server handled requests concurrently on backends
// without locks, and its security-group code fails under that (shims_test.py's ConcurrentRequests reproduces a 500);
// scripts/emulator/server.py now serializes requests, and failures print Terraform's errors whole.
const runs = decision === 'run';
if (!runs) {
  // One line, so a skipped tier is never silent.
  // eslint-disable-next-line no-console
  console.log(`apply tier skipped: ${decision}`);
}

interface StackRow {
  stack: string;
  account: string;
  applied?: number;
  total?: number;
  leftOut: number;
  replan?: string;
  destroy?: string;
  seconds: number;
  /** The workspace copy the stack was deployed from (its cdktf.out/). */
  ws: string;
}

/** What the checks read of a synthesized stack (cdk.tf.json). */
type SynthesizedStack = { resource?: Record<string, Record<string, unknown>>; terraform: { backend: { s3?: { bucket: string; key: string } } } };

/** What the checks read of the state object (S3 HeadObject). */
type StateObjectHead = { ServerSideEncryption?: string; SSEKMSKeyId?: string };

const strip = (s: string) => s.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');

/** A failed command's Terraform errors, each whole (the provider's detail included), then its last lines. */
function explain(out: string, lastLines = 40): string {
  const errors = terraformErrors(out);
  const tail = out.split('\n').filter((l) => l.trim()).slice(-lastLines).join('\n');
  return `${errors.length ? `${errors.join('\n\n')}\n--- last ${lastLines} lines ---\n` : ''}${tail}`;
}

/** HELLOAPI_APPLY_LOG_DIR: every command's whole output is also written there, one file per command. */
const logDir = process.env.HELLOAPI_APPLY_LOG_DIR;
let commandCount = 0;

/**
 * Runs a command at CPU priority `nice` (runbook.ts: NICE; it and everything it starts), below the emulator's: every
 * command's requests wait on the emulator.
 */
function sh(
  command: string,
  cwd: string,
  env: NodeJS.ProcessEnv,
  nice: number = NICE.critical,
  onOutput?: (text: string) => void,
  timeoutMs = 15 * 60000,
): Promise<{ code: number; out: string; seconds: number }> {
  const start = Date.now();
  const n = ++commandCount;
  return new Promise((resolve) => {
    const [program, ...args] = niced(nice, ['bash', '-c', command]);
    const child = spawn(program, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    // With HELLOAPI_APPLY_LOG_DIR, the log also has each output line's time since the command started ("[+12.3]").
    let timed = '';
    const take = (stream: { atLineStart: boolean }) => (b: Buffer) => {
      const text = String(b);
      out += text;
      onOutput?.(text);
      if (!logDir) return;
      const at = `[+${((Date.now() - start) / 1000).toFixed(1)}] `;
      // A line gets the time unless it continues the stream's last line (the empty match at the chunk's start).
      timed += text.replace(/(^|\n)(?=.)/g, (m, nl: string, offset: number) => (offset === 0 && nl === '' && !stream.atLineStart ? m : `${nl}${at}`));
      stream.atLineStart = text.endsWith('\n');
    };
    child.stdout.on('data', take({ atLineStart: true }));
    child.stderr.on('data', take({ atLineStart: true }));
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      const r = { code: code ?? 1, out: strip(out), seconds: (Date.now() - start) / 1000 };
      if (logDir) {
        fs.mkdirSync(logDir, { recursive: true });
        const name = `${String(n).padStart(3, '0')}-${command.replace(/[^\w.-]+/g, '_').slice(0, 80)}.log`;
        fs.writeFileSync(path.join(logDir, name), `$ ${command}\n# in ${cwd}, started ${new Date(start).toISOString()}, exit ${r.code}, ${r.seconds.toFixed(1)} s\n${strip(timed)}`);
      }
      resolve(r);
    });
  });
}

/**
 * A copy of a workspace for a parallel lane, with its cdktf.out/ (step 0's `npm run synth` wrote every stack there)
 * but without Terraform's working files in it (`.terraform/`, state, lock files: another lane or the state stack's
 * checks may be writing those in the source at the same time). Timestamps are kept: the app command's `tsc -b`
 * compares the sources' with dist/'s, and a copy made in folder order (dist/ before modules/) would look out of date
 * and rebuild the whole project in every lane (~15 s of CPU each).
 */
function copyWorkspace(from: string): string {
  const dir = tempDir('helloapi-apply-lane-');
  const terraformFiles = /[\\/](\.terraform|[^\\/]*\.tfstate[^\\/]*|\.terraform\.lock\.hcl)$/;
  for (const e of fs.readdirSync(from)) {
    if (e === 'node_modules') continue;
    fs.cpSync(path.join(from, e), path.join(dir, e), { recursive: true, preserveTimestamps: true, filter: (src) => !terraformFiles.test(src) });
  }
  fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  return dir;
}

/**
 * A copy of the repository (tracked and untracked files that git does not ignore), sharing node_modules, with a copy
 * of dist/. Timestamps are kept, so the built dist/ stays up to date for `tsc -b` (see copyWorkspace).
 */
function copyRepository(): string {
  const dir = tempDir('helloapi-apply-ws-');
  const { execFileSync } = require('child_process') as typeof import('child_process');
  const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd: REPO_ROOT, encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const f of files) {
    const src = path.join(REPO_ROOT, f);
    if (!fs.existsSync(src) || !fs.statSync(src).isFile()) continue;
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.cpSync(src, path.join(dir, f), { preserveTimestamps: true });
  }
  fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  fs.cpSync(path.join(REPO_ROOT, 'dist'), path.join(dir, 'dist'), { recursive: true, preserveTimestamps: true });
  return dir;
}

if (!runs) describe.skip('the Deploy runbook (docs/deploy.md) against the AWS API emulator', () => it('runs the runbook', () => undefined));
// Everything below reads the environments and the runbook when it is collected: only when the tier runs.
(runs ? describe : () => undefined)('the Deploy runbook (docs/deploy.md) against the AWS API emulator', () => {
  const configs: EnvironmentConfig[] = loadEnvironments();
  const { commands, profiles } = readRunbookFile(path.join(REPO_ROOT, 'docs', 'deploy.md'));
  const rows = new Map<string, StackRow>();
  let emulator: Emulator;
  let guard: EgressGuard;
  let ws: string;
  let env: NodeJS.ProcessEnv;
  const creds: Record<string, AwsCredentials> = {};
  const stateAccount = configs[0].state.backend === 's3' ? (configs[0].state as { accountId?: string }).accountId ?? configs[0].account.id : configs[0].account.id;

  beforeAll(async () => {
    const tls = tempDir('helloapi-apply-tls-');
    const zones = [...new Map(configs.map((c) => [c.dns.hostedZoneId, c])).values()].map((c) => ({
      accountId: (c.dns as { accountId?: string }).accountId ?? c.account.id,
      zoneId: c.dns.hostedZoneId,
      name: c.dns.zoneName,
    }));
    // The emulator starts (a few seconds of Python imports) while the repository is copied.
    const starting = startEmulator({ zones, tls, accounts: Object.values(profiles) });
    try {
      ws = copyRepository();
    } catch (e) {
      await (await starting.catch(() => undefined))?.stop();
      throw e;
    }
    emulator = await starting;
    guard = await startEgressGuard(emulator.port);
    await Promise.all(Object.entries(profiles).map(async ([profile, account]) => (creds[profile] = await accountCredentials(emulator, account))));
    const cliConfigFile = path.join(ws, '.terraformrc');
    writeCliConfig(cliConfigFile, findProviderMirror());
    env = deployEnv({
      emulator,
      proxyPort: guard.port,
      profiles: writeProfiles(path.join(ws, '.aws'), creds),
      cliConfigFile,
      caBundle: path.join(tls, 'cert.pem'),
    });
  }, 120000);

  afterAll(async () => {
    // Lanes (if their test timed out), checks and destroys run in the background of the tests that await them: none
    // may outlive the emulator.
    lanesEnded();
    await Promise.allSettled([lanes]);
    await Promise.allSettled([...checks.values(), ...destroys.values()]);
    await emulator?.stop();
    await guard?.close();
    const table = [
      '| stack | account | applied | total | left out (gap) | replan | destroy | wall time (s) |',
      '|---|---|---|---|---|---|---|---|',
      ...[...rows.values()].map((r) => `| ${r.stack} | ${r.account} | ${r.applied ?? '-'} | ${r.total ?? '-'} | ${r.leftOut} | ${r.replan ?? '-'} | ${r.destroy ?? '-'} | ${r.seconds.toFixed(0)} |`),
      '',
      `emulator CPU: ${emulator?.cpuSeconds()?.toFixed(0) ?? '?'} s; retries (or overtaken first attempts) it answered with an earlier answer instead of running them again (server.py): ${emulator?.retriesAnsweredAgain() ?? '?'}`,
    ].join('\n');
    // eslint-disable-next-line no-console
    console.log(`apply tier results:\n${table}`);
    if (process.env.HELLOAPI_APPLY_REPORT) fs.writeFileSync(process.env.HELLOAPI_APPLY_REPORT, `${table}\n`);
  });

  const first = configs[0];
  const profileOfAccount = (account: string) => Object.entries(profiles).find(([, a]) => a === account)?.[0] ?? '';
  const perEnvironment = commands.filter((c) => ['3', '4', '5'].includes(c.step));
  // Steps 0-1 run in order before the lanes; step 2 (the account baselines) runs in the lanes below. (Until
  // 2026-12-04 this took every step below 3, so each baseline was deployed twice: serially here, then again in its
  // lane, ~3 minutes of serial time.)
  const before = commands.filter((c) => c.step !== '' && Number(c.step) < 2);
  const envSteps = configs.map((c) =>
    c === first
      ? perEnvironment
      : forEnvironment(
          perEnvironment,
          { stack: first.stackName, domain: first.dns.domain, profile: profileOfAccount(first.account.id) },
          { stack: c.stackName, domain: c.dns.domain, profile: profileOfAccount(c.account.id) },
        ),
  );

  it('the runbook has the steps the tier expects (numbered sections 0-5, profiles for every account)', () => {
    expect(before.map((c) => c.step)).toEqual(expect.arrayContaining(['0', '1']));
    expect(commands.filter((c) => c.step === '2').length).toBeGreaterThan(0);
    expect(perEnvironment.map((c) => c.step)).toEqual(expect.arrayContaining(['3', '4', '5']));
    for (const c of configs) expect(Object.values(profiles)).toContain(c.account.id);
    expect(Object.values(profiles)).toContain(stateAccount);
  });

  /** CPU priority of each command (runbook.ts: NICE, environmentNiceness). */
  const isEnvironment = (stack: string): boolean => configs.some((x) => x.stackName === stack);
  const resourcesOf = (stack: string): number => {
    const file = path.join(ws, 'cdktf.out', 'stacks', stack, 'cdk.tf.json');
    if (!fs.existsSync(file)) throw new Error(`${file} is missing: runbook step 0 (npm run synth) did not write ${stack}`);
    return resourceCount(JSON.parse(fs.readFileSync(file, 'utf8')));
  };
  let laneNice: Map<string, number> | undefined;
  const stackNice = (stack: string): number => {
    if (!isEnvironment(stack)) return NICE.offCriticalPath;
    laneNice ??= environmentNiceness(new Map(configs.map((c) => [c.stackName, resourcesOf(c.stackName)])));
    return laneNice.get(stack) ?? NICE.critical;
  };
  const niceness = (c: RunbookCommand): number => {
    if (c.step === '2') return NICE.offCriticalPath;
    const stack = cdktfStackOf(c.command)?.stack ?? configs.find((x) => c.command.includes(`${x.stackName}/`))?.stackName;
    return stack && Number(c.step) >= 3 ? stackNice(stack) : NICE.critical;
  };

  /** Per folder: a cdktf command has synthesized the app there; the stacks deployed from there. */
  const synthesizedIn = new Set<string>();
  const deployedFrom = new Set<string>();

  /** Runs one runbook command in `dir`; returns a problem (or undefined) and books the time on its stack's row. */
  async function runCommand(c: RunbookCommand, dir: string, onOutput?: (text: string) => void): Promise<string | undefined> {
    const cdktf = cdktfStackOf(c.command);
    const adapted = adapt(c.command, { synthesized: synthesizedIn.has(dir), redeploy: cdktf?.verb === 'deploy' && deployedFrom.has(`${dir}\n${cdktf.stack}`) });
    if (adapted === undefined) return undefined;
    const { command } = adapted;
    const r = await sh(command, dir, terraformArgs(env, adapted.terraformArgs), niceness(c), onOutput);
    // `npm run synth` is `cdktf synth`: the app as cdktf.json runs it, every stack written to cdktf.out/.
    if (cdktf || (/^npm run synth\s*$/.test(command) && r.code === 0)) synthesizedIn.add(dir);
    if (cdktf?.verb === 'deploy') deployedFrom.add(`${dir}\n${cdktf.stack}`);
    const stack = cdktf?.stack ?? (/state:bootstrap/.test(command) ? `${first.app}-state` : undefined);
    if (stack) {
      const row = rows.get(stack) ?? { stack, account: profiles[profileOf(command) ?? ''] ?? '', leftOut: 0, seconds: 0, ws: dir };
      row.seconds += r.seconds;
      rows.set(stack, row);
    }
    const failure = () => explain(r.out);
    if (c.step === '3') {
      // First deploy: stops before the service, naming the secrets to set, and does not report success.
      if (r.code === 0) return `${command}: succeeded, but the first deploy must stop before the service (secrets without values)`;
      if (!/has no value yet/.test(r.out)) return `${command}: failed without naming the secrets to set:\n${failure()}`;
      // ... and nothing else failed: every error is the secrets gate (a postcondition naming a secret without a
      // value) or cdktf's summary of the failed apply. Any other error is reported whole.
      const others = terraformErrors(r.out).filter(
        (e) => !(/^Error: Resource postcondition failed/.test(e) && /has no value yet/.test(e.replace(/\s+/g, ' '))) && !/^Error: (non-zero exit code|terraform apply failed)/.test(e),
      );
      return others.length ? `${command}: failed with more than the secrets gate:\n${others.join('\n\n')}` : undefined;
    }
    if (r.code !== 0) return `${command} exited ${r.code} after ${r.seconds.toFixed(0)} s:\n${failure()}`;
    // Step 1 creates the hosted zone: it must get the ID the environment files name (the emulator is seeded with
    // it, as an operator writes the printed ID into dns.hostedZoneId).
    if (/route53 create-hosted-zone/.test(command)) {
      const printed = r.out.trim().split('\n').pop() ?? '';
      const expected = [...new Set(configs.map((x) => `/hostedzone/${x.dns.hostedZoneId}`))];
      if (!expected.includes(printed)) return `${command} printed ${printed}, but the environment files name ${expected.join(', ')}`;
    }
    return undefined;
  }

  /**
   * What follows a stack's deploy, started as soon as that stack's own runbook commands are done (issue 22's
   * budget: no stack waits for the slowest lane): the checks and second plan of the test "every stack" below, then,
   * for an environment stack, its destroy. Each test awaits its part. The promises never reject (problems are
   * values), so a stack whose checks are not awaited yet cannot end the run with an unhandled rejection.
   */
  const checks = new Map<string, Promise<string[]>>();
  const destroys = new Map<string, Promise<Destroyed>>();
  /**
   * Resolved when every lane's runbook commands have ended (or the lanes test is over, however it ended). The
   * stacks that are not environments (state, account baselines) are checked only then: off the critical path, and
   * their second plan then also catches an environment's apply changing what they manage (same account).
   */
  let lanesEnded: () => void = () => undefined;
  const lanesDone = new Promise<void>((resolve) => (lanesEnded = resolve));
  let lanes: Promise<unknown> = Promise.resolve();
  function followUp(stack: string): void {
    const start = isEnvironment(stack) ? Promise.resolve() : lanesDone;
    const check = start.then(() => checkStack(stack)).catch((e: Error) => [`${stack}: ${e.stack ?? e.message}`]);
    checks.set(stack, check);
    const c = configs.find((x) => x.stackName === stack);
    // An environment is destroyed only after its second plan has read it back (a destroy would change it).
    if (c) destroys.set(stack, check.then(() => destroyStack(stack, c)).catch((e: Error) => ({ error: e.stack ?? e.message }) as Destroyed));
  }

  it.each(before.map((c, i) => [i + 1, c.step, c.command, c] as const))(
    'runbook command %i (step %s): %s',
    async (_i, _step, _command, c) => {
      const problem = await runCommand(c, ws);
      const refused = [...new Set(guard.refused.splice(0))];
      expect([problem ?? 'ok', refused]).toEqual(['ok', []]);
      // The state stack is complete once it is bootstrapped (its state moved into its own bucket).
      if (/state:bootstrap/.test(c.command)) followUp(`${first.app}-state`);
    },
    20 * 60000,
  );

  it(
    'runbook steps 2-6: each account baseline and each environment (steps 3-5 in order) in its own lane, lanes in parallel',
    async () => {
      // Independent stacks (each its own state object and account resources); each lane has its own copy of the
      // repository, so their `cdktf deploy` synths do not overwrite each other's cdktf.out/.
      // Environments first (the largest ones' lanes set the tier's time), then the account baselines.
      const laneList: { name: string; commands: RunbookCommand[]; critical: boolean; deferred: boolean }[] = [
        ...configs.map((c, i) => {
          const critical = stackNice(c.stackName) === NICE.critical;
          return { name: c.stackName, commands: envSteps[i], critical, deferred: !critical };
        }),
        ...commands.filter((c) => c.step === '2').map((c) => ({ name: c.command, commands: [c], critical: false, deferred: true })),
      ].sort((a, b) => Number(b.critical) - Number(a.critical) || Number(a.deferred) - Number(b.deferred));
      const problems: string[] = [];
      const queue = [...laneList];
      // The other lanes (dev, the account baselines) start once every critical lane's first deploy is applying
      // (Terraform printed "Creating...": its validate and plan, the CPU-bound part, are done) or has ended, at most
      // DEFER_MS after the critical lanes: their planning then falls into the minutes the critical lanes spend waiting
      // on the provider's fixed delays (bench/README.md, session 9: a7 and a9 with dev deferred, a8 without).
      const DEFER_MS = 90000;
      const applying = laneList.filter((l) => l.critical).map(() => {
        let done: () => void = () => undefined;
        const p = new Promise<void>((resolve) => (done = resolve));
        return { p, done };
      });
      const criticalApplying = Promise.race([Promise.all(applying.map((a) => a.p)), new Promise<void>((resolve) => setTimeout(resolve, DEFER_MS).unref())]);
      // Every lane at once by default: most of a lane's time is the provider waiting on fixed delays.
      const width = Math.max(1, Number(process.env.HELLOAPI_APPLY_LANES ?? laneList.length));
      let criticalIndex = 0;
      lanes = Promise.all(
        Array.from({ length: Math.min(width, laneList.length) }, async () => {
          for (let lane = queue.shift(); lane; lane = queue.shift()) {
            const signal = lane.critical ? applying[criticalIndex++] : undefined;
            if (lane.deferred) await criticalApplying;
            const dir = copyWorkspace(ws);
            if (synthesizedIn.has(ws)) synthesizedIn.add(dir);
            let ok = true;
            const deploys = lane.commands.map((c) => cdktfStackOf(c.command)?.verb === 'deploy');
            try {
              for (const [i, c] of lane.commands.entries()) {
                const onOutput = signal && i === deploys.indexOf(true) ? whenApplying(signal.done) : undefined;
                const problem = await runCommand(c, dir, onOutput);
                if (problem) {
                  problems.push(problem);
                  ok = false;
                  break;
                }
                if (deploys[i]) signal?.done();
              }
            } finally {
              signal?.done();
            }
            const stacks = [...new Set(lane.commands.map((c) => cdktfStackOf(c.command)?.stack).filter((s): s is string => !!s))];
            if (ok) stacks.forEach(followUp);
          }
        }),
      ).finally(lanesEnded);
      await lanes;
      const refused = [...new Set(guard.refused.splice(0))];
      expect([problems, refused]).toEqual([[], []]);
    },
    40 * 60000,
  );

  const stateKeyArn = (() => {
    let arn: Promise<string> | undefined;
    return () =>
      (arn ??= awsCall<{ KeyMetadata: { Arn: string } }>(emulator, creds[profileOfAccount(stateAccount)], 'kms', 'describe_key', { KeyId: `alias/${first.app}-state/terraform-state` }, 'us-east-1', emulator.caBundle).then(
        (r) => r.data?.KeyMetadata?.Arn ?? `(the state key: ${r.error?.code ?? 'not found'})`,
      ));
  })();

  /** The checks of one deployed stack: its resources, their accounts, its state object's encryption, a second plan. */
  async function checkStack(stack: string): Promise<string[]> {
    const row = rows.get(stack)!;
    const problems: string[] = [];
    const dir = path.join(row.ws, 'cdktf.out', 'stacks', row.stack);
    const profile = profileOfAccount(row.account);
    const e = { ...env, AWS_PROFILE: profile };
    const nice = stackNice(stack);
    const init = await sh('terraform init -input=false -no-color', dir, e, nice);
    if (init.code !== 0) return [`${row.stack}: terraform init: ${explain(init.out)}`];
    const synthesized = JSON.parse(fs.readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8')) as SynthesizedStack;
    const s3 = synthesized.terraform.backend.s3;
    // The state, the second plan and the state object's encryption at once: reading the state takes no lock and
    // starts no provider (`terraform state pull`, unlike `terraform show -json`); the plan is the one that locks.
    const pulling = sh('terraform state pull', dir, e, nice);
    const planning = sh('terraform plan -input=false -no-color -detailed-exitcode', dir, e, nice);
    // Never rejects (problems are values): it is awaited only after the state and the plan.
    const heading = s3
      ? awsCall<StateObjectHead>(emulator, creds[profileOfAccount(stateAccount)], 's3', 'head_object', { Bucket: s3.bucket, Key: s3.key }, 'us-east-1', emulator.caBundle).catch(
          (e: Error) => ({ ok: false as const, data: {} as StateObjectHead, error: { code: 'call failed', message: e.message } }),
        )
      : undefined;
    try {
      return await checkState(row, synthesized, { pulling, planning, heading }, problems);
    } finally {
      // Nothing of this stack's checks outlives them (the emulator stops after the checks), also when one throws.
      await Promise.allSettled([pulling, planning, heading]);
    }
  }

  /** The rest of checkStack, once its commands are started. */
  async function checkState(
    row: StackRow,
    synthesized: SynthesizedStack,
    running: {
      pulling: ReturnType<typeof sh>;
      planning: ReturnType<typeof sh>;
      heading?: ReturnType<typeof awsCall<StateObjectHead>>;
    },
    problems: string[],
  ): Promise<string[]> {
    const { pulling, planning, heading } = running;
    const s3 = synthesized.terraform.backend.s3;
    const pulled = await pulling;
    const state = JSON.parse(pulled.out.slice(pulled.out.indexOf('{'))) as {
      resources?: { mode: string; type: string; name: string; instances: { attributes: Record<string, unknown> }[] }[];
    };
    const resources = (state.resources ?? []).flatMap((r) =>
      r.instances.map((i) => ({ address: `${r.mode === 'data' ? 'data.' : ''}${r.type}.${r.name}`, mode: r.mode, values: i.attributes })),
    );
    // Resources (not instances: a for_each counts once), applied vs synthesized.
    row.applied = new Set(resources.filter((r) => r.mode !== 'data').map((r) => r.address)).size;
    row.total = resourceCount(synthesized);
    if (row.applied !== row.total) problems.push(`${row.stack}: ${row.applied} of ${row.total} resources applied`);
    for (const r of resources) {
      const arn = r.values.arn;
      if (typeof arn !== 'string') continue;
      const account = arn.split(':')[4];
      if (account && account !== row.account) problems.push(`${row.stack}: ${r.address} is in account ${account} (${arn}), expected ${row.account}`);
    }
    const plan = await planning;
    row.replan = plan.code === 0 ? 'no changes' : plan.code === 2 ? 'CHANGES' : 'error';
    if (plan.code !== 0) {
      const changes = plan.out.split('\n').filter((l) => /#|Plan:|^\s+[~+-] /.test(l)).slice(0, 80).join('\n');
      problems.push(`${row.stack}: second plan exit ${plan.code}:\n${[changes, ...terraformErrors(plan.out)].filter(Boolean).join('\n\n')}`);
    }
    if (s3 && heading) {
      const head = await heading;
      if (!head.ok) problems.push(`${row.stack}: HeadObject ${s3.bucket}/${s3.key}: ${head.error?.code}${head.error?.message ? ` (${head.error.message})` : ''}`);
      else {
        // moto echoes the key id the backend sent (the alias ARN); AWS returns the key ARN. Resolve either.
        const key = await awsCall<{ KeyMetadata: { Arn: string } }>(emulator, creds[profileOfAccount(stateAccount)], 'kms', 'describe_key', { KeyId: head.data.SSEKMSKeyId ?? 'none' }, 'us-east-1', emulator.caBundle);
        const expected = await stateKeyArn();
        if (head.data.ServerSideEncryption !== 'aws:kms' || key.data.KeyMetadata?.Arn !== expected) {
          problems.push(`${row.stack}: state object ${s3.key} is ${head.data.ServerSideEncryption} with ${head.data.SSEKMSKeyId}, expected aws:kms with ${expected}`);
        }
      }
    }
    return problems;
  }

  it('every stack: resources in its account, state SSE-KMS with the state key, second plan without changes', async () => {
    expect(await stateKeyArn()).toMatch(/^arn:aws:kms:us-east-1:\d{12}:key\//);
    // Each stack's checks started when its deploy was done (followUp); a stack deployed without them is a problem.
    const unchecked = [...rows.keys()].filter((s) => !checks.has(s)).map((s) => `${s}: not checked (its runbook commands failed)`);
    const problems = (await Promise.all(checks.values())).flat();
    expect([...unchecked, ...problems].sort()).toEqual([]);
  }, 20 * 60000);

  interface Destroyed {
    protectedAddresses: string[];
    kept: Set<string>;
    /** `npx cdktf destroy <stack>`: of the whole stack, or (when something is protected) of what the targeted destroy left. */
    whole: { code: number; out: string };
    /**
     * The targeted destroy of everything no protected resource needs (when something is protected): what was left
     * after it (`before` the whole-stack destroy) and at the end.
     */
    targeted?: { code: number; out: string; targets: string[]; left: string[]; before: string[] };
    /** Set when the destroy could not be run at all. */
    error?: string;
  }

  /**
   * Destroys one environment stack the way an operator would (see the test below for what is expected). With
   * resources protected on purpose: first Terraform's `-target` destroy of everything no protected resource needs,
   * then `cdktf destroy` of the stack, which the guard must refuse, naming the protected resources. (Until
   * 2026-12-05 the refused whole-stack destroy came first: the same refusal, decided at plan time, but planned over
   * every resource of the stack; planned over what is left it costs a fraction.)
   */
  async function destroyStack(stack: string, c: EnvironmentConfig): Promise<Destroyed> {
    const row = rows.get(stack)!;
    const dir = path.join(row.ws, 'cdktf.out', 'stacks', stack);
    const json = JSON.parse(fs.readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8')) as { resource: Record<string, Record<string, Record<string, unknown>>> };
    const { protectedAddresses, kept } = protectedClosure(json.resource);
    const e = { ...env, AWS_PROFILE: profileOfAccount(c.account.id) };
    // No refresh in the destroy commands: the second plan (the checks above, awaited before this) has just read every
    // resource of the stack back and found it as its state says, and nothing has changed since; each refresh would
    // read all of them again (the largest part of a destroy's CPU here). `cdktf destroy` has no flag for it, so
    // Terraform's own TF_CLI_ARGS_destroy passes it. The refusal by prevent_destroy is decided at plan time, refresh
    // or not. The lane's deploy synthesized the app in row.ws (adapt: --skip-synth).
    const cdktfDestroy = () => {
      const a = adapt(`npx cdktf destroy ${stack} --auto-approve`, { synthesized: synthesizedIn.has(row.ws) })!;
      return sh(a.command, row.ws, terraformArgs(e, { ...a.terraformArgs, destroy: '-refresh=false' }), stackNice(stack));
    };
    if (protectedAddresses.length === 0) {
      const whole = await cdktfDestroy();
      row.seconds += whole.seconds;
      return { protectedAddresses, kept, whole };
    }
    const targets = Object.entries(json.resource).flatMap(([t, byName]) => Object.keys(byName).map((n) => `${t}.${n}`)).filter((a) => !kept.has(a));
    // 30 operations at once, as the runbook deploys (docs/deploy.md, step 3: the provider's own waits, e.g. ~5 s for
    // each VPC endpoint and 25 s for the queue policy, would otherwise fill Terraform's default 10 slots).
    const d = await sh(`terraform destroy -auto-approve -refresh=false -parallelism=30 -input=false -no-color ${targets.map((t) => `-target=${t}`).join(' ')}`, dir, e, stackNice(stack));
    row.seconds += d.seconds;
    // What is left before the whole-stack destroy (`terraform state list` starts no provider): the refusal must leave
    // exactly that.
    const before = stateList((await sh('terraform state list', dir, e)).out);
    let whole = await cdktfDestroy();
    row.seconds += whole.seconds;
    if (whole.code !== 0 && !/Instance cannot be\s+destroyed/.test(whole.out)) {
      // cdktf 0.21 can exit before it has printed Terraform's last stderr lines (seen 2026-12-05 under load: the
      // destroy plan, then only "Invoking Terraform CLI failed with exit code 1"). Only then, Terraform's own words:
      // the same refusal from a destroy plan (decided at plan time), appended to what cdktf printed.
      const refusal = await sh('terraform plan -destroy -refresh=false -input=false -no-color', dir, e);
      row.seconds += refusal.seconds;
      whole = { ...whole, out: `${whole.out}\n${refusal.out}` };
    }
    const left = stateList((await sh('terraform state list', dir, e)).out);
    return { protectedAddresses, kept, whole, targeted: { code: d.code, out: d.out, targets, left, before } };
  }

  it.each(configs.map((c) => [c.stackName] as const))(
    'destroy %s: everything but the resources protected on purpose (prevent_destroy still refuses those)',
    async (stack) => {
      const pending = destroys.get(stack);
      expect([stack, pending ? 'deployed' : 'not deployed (its runbook commands failed)']).toEqual([stack, 'deployed']);
      const { protectedAddresses, kept, whole, targeted, error } = await pending!;
      expect([stack, error ?? 'ok']).toEqual([stack, 'ok']);
      const row = rows.get(stack)!;
      if (protectedAddresses.length === 0) {
        expect([stack, whole.code, whole.code === 0 ? '' : explain(whole.out)]).toEqual([stack, 0, '']);
        row.destroy = 'all destroyed';
        return;
      }
      // Everything that no protected resource needs is destroyed with Terraform's -target.
      expect([stack, targeted!.code, targeted!.code === 0 ? '' : explain(targeted!.out)]).toEqual([stack, 0, '']);
      expect(targeted!.left.filter((a) => !kept.has(a))).toEqual([]);
      // The guard: the whole-stack destroy is refused, and destroys nothing (Terraform refuses at plan time).
      expect(targeted!.left).toEqual(targeted!.before);
      // Terraform names each protected resource in an error of its own, read from `cdktf destroy`'s output whole
      // (terraformErrors: cdktf adds the construct path after the address, prefixes lines and prints its progress
      // line in between; Terraform wraps the lines, hence the whitespace normalization).
      expect([stack, whole.code === 0 ? 'destroy succeeded' : 'refused']).toEqual([stack, 'refused']);
      const words = terraformErrors(whole.out).join('\n').replace(/\s+/g, ' ');
      expect(words).toMatch(/Error: Instance cannot be destroyed/);
      // Terraform names the protected resources whose destroy it reached: one that only a refused resource
      // depends on (the database's key behind the database) is skipped, not named.
      const refused = [
        ...new Set([...words.matchAll(/Resource (\S+) (?:\([^)]*\) )?has lifecycle\.prevent_destroy set/g)].map((m) => m[1].replace(/\[.*\]$/, ''))),
      ].sort();
      expect(refused.length).toBeGreaterThan(0);
      expect(refused.filter((a) => !protectedAddresses.includes(a))).toEqual([]);
      // ... and every protected resource is still there.
      expect(protectedAddresses.filter((a) => !targeted!.left.includes(a))).toEqual([]);
      row.destroy = `refused for ${protectedAddresses.length} protected; ${targeted!.targets.length} destroyed, ${new Set(targeted!.left).size} kept`;
      // eslint-disable-next-line no-console
      console.log(`${stack}: protected on purpose (prevent_destroy): ${protectedAddresses.join(', ')}; kept with them: ${[...kept].filter((k) => !protectedAddresses.includes(k)).join(', ') || 'nothing else'}`);
    },
    20 * 60000,
  );

  it('nothing left the machine while the stacks were checked and destroyed (in the background of the tests above)', async () => {
    await Promise.allSettled([...checks.values(), ...destroys.values()]);
    expect([...new Set(guard.refused.splice(0))]).toEqual([]);
  });
});

/** A synthesized stack's resources (not instances: a for_each counts once). */
function resourceCount(stack: { resource?: Record<string, object> }): number {
  return Object.values(stack.resource ?? {}).reduce((n, byName) => n + Object.keys(byName).length, 0);
}

/** The resources a `terraform state list` lists (data sources stay in state after a destroy: only resources count). */
function stateList(out: string): string[] {
  return out.split('\n').filter((a) => a && !a.startsWith('data.')).map((a) => a.replace(/\[.*\]$/, ''));
}

/**
 * The resources with prevent_destroy, and everything they need (the references and depends_on of a stack's
 * resources, transitively): destroying any of those would destroy a protected resource too.
 */
function protectedClosure(resources: Record<string, Record<string, Record<string, unknown>>>): { protectedAddresses: string[]; kept: Set<string> } {
  const deps = new Map<string, Set<string>>();
  const protectedAddresses: string[] = [];
  for (const [type, byName] of Object.entries(resources)) {
    for (const [name, body] of Object.entries(byName)) {
      const address = `${type}.${name}`;
      const text = JSON.stringify(body);
      const refs = new Set([...text.matchAll(/\$\{(aws_[a-z0-9_]+\.[A-Za-z0-9_-]+|terraform_data\.[A-Za-z0-9_-]+)/g)].map((m) => m[1]));
      for (const dep of (body.depends_on as string[] | undefined) ?? []) refs.add(dep);
      refs.delete(address);
      deps.set(address, refs);
      if ((body.lifecycle as { prevent_destroy?: boolean } | undefined)?.prevent_destroy === true) protectedAddresses.push(address);
    }
  }
  const kept = new Set<string>();
  const visit = (a: string) => {
    if (kept.has(a)) return;
    kept.add(a);
    for (const d of deps.get(a) ?? []) visit(d);
  };
  protectedAddresses.forEach(visit);
  return { protectedAddresses: protectedAddresses.sort(), kept };
}
