/**
 * Running Terraform offline: locating the provider mirror, writing a CLI
 * config that installs only from it, and running init/validate/plan.
 */
import { ChildProcess, execFile, execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/** The provider every stack uses, and the only one available offline. */
export const AWS_PROVIDER = { hostname: 'registry.terraform.io', namespace: 'hashicorp', type: 'aws', version: '5.100.0' };

/** Environment variable naming the filesystem mirror folder (the one holding `registry.terraform.io/`). */
export const MIRROR_ENV = 'TF_PROVIDER_MIRROR';

/**
 * Where {@link findProviderMirror} looks, in order, when TF_PROVIDER_MIRROR is not set: Terraform's implied local
 * mirror directories on Unix (https://developer.hashicorp.com/terraform/cli/config/config-file#implied-local-mirror-directories),
 * then the conventional places for software installed outside the package manager (/opt, /usr/local, /srv), then
 * the whole root filesystem. One `find` walks them in this order and stops at the first provider binary, so a
 * mirror in one of the first places is found without walking the machine (`find / -xdev` took 9 CPU-s and 48 s of
 * wall time on the shared test machine, with 600,000 files under /tmp); a mirror anywhere else is still found.
 */
export function mirrorSearchRoots(env: NodeJS.ProcessEnv = process.env): string[] {
  const home = env.HOME;
  const dataHome = env.XDG_DATA_HOME ?? (home ? path.join(home, '.local', 'share') : undefined);
  const implied = [home && path.join(home, '.terraform.d', 'plugins'), dataHome && path.join(dataHome, 'terraform', 'plugins'), '/usr/local/share/terraform/plugins', '/usr/share/terraform/plugins'];
  return [...implied, '/opt', '/usr/local', '/srv', '/'].filter((d): d is string => typeof d === 'string' && d !== '');
}

/**
 * The provider mirror: `$TF_PROVIDER_MIRROR` if set, otherwise found by
 * searching the machine for the AWS provider binary ({@link mirrorSearchRoots}, in order). Throws with a clear
 * message when there is none.
 */
export function findProviderMirror(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env[MIRROR_ENV];
  if (configured) {
    const dir = path.join(configured, AWS_PROVIDER.hostname, AWS_PROVIDER.namespace, AWS_PROVIDER.type, AWS_PROVIDER.version);
    if (!fs.existsSync(dir)) throw new Error(`${MIRROR_ENV}=${configured} has no ${path.relative(configured, dir)}: point it at the folder that holds registry.terraform.io/`);
    return path.resolve(configured);
  }
  let found = '';
  try {
    const roots = mirrorSearchRoots(env).filter((d) => d === '/' || fs.existsSync(d));
    found = execFileSync('find', [...roots, '-xdev', '-path', `*/${AWS_PROVIDER.namespace}/${AWS_PROVIDER.type}/${AWS_PROVIDER.version}/*`, '-name', 'terraform-provider-aws_v*', '-print', '-quit'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch (e) {
    // find exits non-zero on unreadable folders; whatever it printed still counts.
    found = String((e as { stdout?: string }).stdout ?? '').trim();
  }
  if (!found) {
    throw new Error(
      `No offline mirror of hashicorp/aws ${AWS_PROVIDER.version} found. Set ${MIRROR_ENV} to the folder holding registry.terraform.io/hashicorp/aws/${AWS_PROVIDER.version}/<os_arch>/terraform-provider-aws_v${AWS_PROVIDER.version}_x5`,
    );
  }
  // <mirror>/registry.terraform.io/hashicorp/aws/<version>/<os_arch>/<binary>
  return path.resolve(path.dirname(found), '..', '..', '..', '..', '..');
}

/** The Terraform binary: `$TERRAFORM_BIN` or `terraform` on PATH; throws when missing. */
export function terraformBinary(env: NodeJS.ProcessEnv = process.env): { bin: string; version: string } {
  const bin = env.TERRAFORM_BIN ?? 'terraform';
  try {
    const out = execFileSync(bin, ['version', '-json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], env: { ...env, TF_CLI_CONFIG_FILE: '/dev/null' } });
    return { bin, version: (JSON.parse(out) as { terraform_version: string }).terraform_version };
  } catch {
    throw new Error(`Terraform not found ("${bin}"): install Terraform >= 1.10 or set TERRAFORM_BIN`);
  }
}

/** Writes a Terraform CLI config that installs providers only from the mirror. */
export function writeCliConfig(file: string, mirror: string): void {
  const source = `${AWS_PROVIDER.hostname}/${AWS_PROVIDER.namespace}/${AWS_PROVIDER.type}`;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(
    file,
    [
      'provider_installation {',
      '  filesystem_mirror {',
      `    path    = ${JSON.stringify(mirror)}`,
      `    include = [${JSON.stringify(source)}]`,
      '  }',
      '}',
      'disable_checkpoint = true',
      '',
    ].join('\n'),
  );
}

export interface RunResult {
  readonly ok: boolean;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  /**
   * The command is a `terraform test` in which every provider configuration is a `mock_provider` (Terraform consumes
   * a mocked provider's configuration itself and never calls ConfigureProvider), so it may use the shared schema
   * server like `validate` and `show`: it only reads the schema and validates. Only the caller can know this; an
   * unmocked provider would be configured in the shared process, mixing configurations between concurrent commands.
   * @default false
   */
  readonly providersMocked?: boolean;
}

/**
 * A Terraform command; `validate` and `show` (and `terraform test` with {@link RunOptions.providersMocked}) go to the shared schema server when `env` names one
 * ({@link SCHEMA_SERVER_ENV}, set by the test run), every other command starts its own providers.
 *
 * A shared provider that is gone (it crashed, or was killed, mid-run) never fails a command: when its recorded
 * process no longer exists, or Terraform reports it could not reattach ({@link REATTACH_FAILED}: the provider died
 * between that check and the command), the command runs once more without TF_REATTACH_PROVIDERS, starting its own
 * provider, and `note` (stderr) says so once per process and server. A failure of any other kind is returned as is.
 */
export async function run(
  bin: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  note: (message: string) => void = (m) => process.stderr.write(m),
  options: RunOptions = {},
): Promise<RunResult> {
  if (args[0] === 'init') {
    const init = await execTerraform(bin, args, cwd, env);
    if (init.ok && env[LOCK_WITHOUT_CHECKSUMS_ENV] === '1') dropLockChecksums(cwd);
    return init;
  }
  const shared = env[SCHEMA_SERVER_ENV];
  const schemaOnly = SCHEMA_ONLY_COMMANDS.has(args[0]) || (options.providersMocked === true && args[0] === 'test');
  if (!shared?.startsWith('{') || !schemaOnly) return execTerraform(bin, args, cwd, env);
  if (!deadSchemaServers.has(shared)) {
    const gone = reattachProcessGone(shared);
    if (gone === undefined) {
      const result = await execTerraform(bin, args, cwd, { ...env, TF_REATTACH_PROVIDERS: shared });
      // `terraform test` prints a provider that cannot be reached in its run report on stdout.
      if (result.ok || !REATTACH_FAILED.test(args[0] === 'test' ? result.stderr + result.stdout : result.stderr)) return result;
    }
    deadSchemaServers.add(shared);
    note(
      `note: the shared AWS provider (${SCHEMA_SERVER_ENV}, pid ${reattachPids(shared).join(', ') || 'unknown'}) ${gone ?? 'could not be reattached'}: ` +
        `terraform ${args[0]} and later schema-only commands of this process start their own provider\n`,
    );
  }
  const own: NodeJS.ProcessEnv = { ...env };
  delete own[SCHEMA_SERVER_ENV];
  delete own.TF_REATTACH_PROVIDERS;
  return execTerraform(bin, args, cwd, own);
}

/**
 * Set to `1` by the test run only (jest.global-setup.js; the product never sets it): after a successful
 * `terraform init`, {@link run} removes the provider checksums from that folder's `.terraform.lock.hcl`.
 *
 * Why: before every later command that starts the provider itself (plan, a validate or show without the shared one,
 * test), Terraform checks the installed package against the lock file's checksums, hashing the whole 700 MB package:
 * ~0.45 CPU-s a command (bench/README.md, session 8). A lock entry without checksums skips that check. The test
 * run's folders are temporary, and the package is the local mirror's, which the `init` just hashed and accepted; the
 * version and constraints stay locked.
 */
export const LOCK_WITHOUT_CHECKSUMS_ENV = 'HELLOAPI_TF_LOCK_WITHOUT_CHECKSUMS';

/** Removes every `hashes = [...]` list from `<dir>/.terraform.lock.hcl`, if there is one. */
export function dropLockChecksums(dir: string): void {
  const file = path.join(dir, '.terraform.lock.hcl');
  if (!fs.existsSync(file)) return;
  const text = fs.readFileSync(file, 'utf8');
  const stripped = text.replace(/^[ \t]*hashes[ \t]*=[ \t]*\[[^\]]*\][ \t]*\n/gm, '');
  if (stripped !== text) fs.writeFileSync(file, stripped);
}

function execTerraform(bin: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(bin, args, { cwd, env, maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ ok: !error, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

/**
 * What Terraform prints when TF_REATTACH_PROVIDERS names a provider it cannot reach: go-plugin's "Reattachment
 * process not found" (the process is gone, or its socket no longer answers; measured with Terraform 1.10 and the
 * AWS provider 5.100.0, killed before `validate`), or a broken connection during the command ("connection
 * refused", "error while dialing", "transport is closing", gRPC "Unavailable"); Terraform wraps its messages, so
 * any run of whitespace separates the words.
 */
export const REATTACH_FAILED = /Reattachment\s+process\s+not\s+found|error\s+while\s+dialing|connection\s+refused|transport\s+is\s+closing|code\s+=\s+Unavailable/;

/** The schema servers (TF_REATTACH_PROVIDERS values) found dead by this process: not tried again. */
const deadSchemaServers = new Set<string>();

/** The provider process IDs a TF_REATTACH_PROVIDERS value records. */
function reattachPids(reattach: string): number[] {
  try {
    return Object.values(JSON.parse(reattach) as Record<string, { Pid?: unknown }>)
      .map((p) => p.Pid)
      .filter((pid): pid is number => typeof pid === 'number' && pid > 0);
  } catch {
    return [];
  }
}

/** Why the recorded provider cannot serve (`exited`, an unreadable value), or undefined while every process lives. */
function reattachProcessGone(reattach: string): string | undefined {
  const pids = reattachPids(reattach);
  if (pids.length === 0) return 'is not a readable TF_REATTACH_PROVIDERS value';
  for (const pid of pids) {
    try {
      process.kill(pid, 0);
    } catch (e) {
      // EPERM: the process exists (another user's): leave it to Terraform's own check.
      if ((e as NodeJS.ErrnoException).code === 'ESRCH') return 'has exited';
    }
  }
  return undefined;
}

/**
 * Go garbage-collector target for offline runs, unless the caller sets GOGC. Terraform and the AWS
 * provider (a 700 MB Go binary that builds its whole schema on every start) spend about a fifth of
 * their CPU in GC at Go's default of 100; 400 trades ~200 MB more peak memory per process for that
 * CPU (bench/README.md has the measurement). Only the offline runs get it: real plans keep Go's default.
 */
export const OFFLINE_GOGC = '400';

/** Environment for offline Terraform runs: mirror-only installs, no AWS credentials from the machine. */
export function offlineEnv(cliConfig: string, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { GOGC: OFFLINE_GOGC, ...base, TF_CLI_CONFIG_FILE: cliConfig, TF_IN_AUTOMATION: '1', TF_INPUT: '0', CHECKPOINT_DISABLE: '1' };
  for (const key of Object.keys(env)) {
    if (key.startsWith('AWS_') || key === 'TF_PLUGIN_CACHE_DIR') delete env[key];
  }
  env.AWS_EC2_METADATA_DISABLED = 'true';
  return env;
}

/**
 * One AWS provider process shared by the schema-only commands of a test run (`terraform validate`, `terraform
 * show -json`), through Terraform's provider reattach protocol (TF_REATTACH_PROVIDERS, the mechanism of
 * `terraform-provider-aws -debug`): https://developer.hashicorp.com/terraform/plugin/debugging#running-terraform-with-a-provider-in-debug-mode
 *
 * Why: every Terraform command otherwise starts the 700 MB provider at least twice and has it serialize its
 * whole schema (~2.7 s of CPU per validate or show, measured on the prod stack: 8.0 -> 5.3 s for validate,
 * 5.3 -> 2.5 s for show). Why only those two: they never configure the provider (no ConfigureProvider call:
 * validation and schema reads are stateless), so one process can serve concurrent commands of different
 * stacks. A plan configures one provider instance per alias (region, default tags), which a shared process
 * would mix up between concurrent plans: plans always start their own providers ({@link run}).
 *
 * The value is the JSON Terraform expects in TF_REATTACH_PROVIDERS. Only the test run sets it
 * (jest.global-setup.js); the product's scripts never do.
 */
export const SCHEMA_SERVER_ENV = 'HELLOAPI_TF_SCHEMA_SERVER';

/** Commands that read provider schemas and validate, but never configure a provider. */
const SCHEMA_ONLY_COMMANDS = new Set(['validate', 'show']);

export interface SchemaServer {
  /** The TF_REATTACH_PROVIDERS value (JSON) naming the running provider. */
  readonly reattach: string;
  /** The watchdog shell's process ID (the provider's is in `reattach`). */
  readonly pid: number;
  /** Stops the provider process; resolves once it has exited. */
  stop(): Promise<void>;
}

/** The AWS provider binary inside the mirror for this machine's OS and architecture. */
export function providerBinary(mirror: string): string {
  const os = process.platform === 'win32' ? 'windows' : process.platform;
  const arch = ({ x64: 'amd64', arm64: 'arm64', ia32: '386', arm: 'arm' } as Record<string, string>)[process.arch] ?? process.arch;
  const dir = path.join(mirror, AWS_PROVIDER.hostname, AWS_PROVIDER.namespace, AWS_PROVIDER.type, AWS_PROVIDER.version, `${os}_${arch}`);
  const file = fs.existsSync(dir) ? fs.readdirSync(dir).find((f) => f.startsWith(`terraform-provider-${AWS_PROVIDER.type}_v`)) : undefined;
  if (!file) throw new Error(`no terraform-provider-${AWS_PROVIDER.type} binary in ${dir}`);
  return path.join(dir, file);
}

/**
 * The shell that runs the provider (`$0`) and stops it: it holds a pipe from the caller on its stdin, and when that
 * pipe closes (stop(), or the caller ending in any way, SIGKILL included) it interrupts the provider (the debug
 * server stops on SIGINT and ignores SIGTERM), kills it if it is still there 3 s later, and exits once it is gone.
 * The shell itself ignores INT, TERM and HUP, so a signal to the whole process group cannot skip that cleanup.
 */
const SCHEMA_SERVER_WATCHDOG = [
  'trap "" INT TERM HUP',
  '"$0" -debug < /dev/null & p=$!',
  'cat > /dev/null',
  'kill -INT $p 2> /dev/null',
  'i=0; while kill -0 $p 2> /dev/null && [ $i -lt 30 ]; do sleep 0.1; i=$((i + 1)); done',
  'kill -KILL $p 2> /dev/null',
  'wait $p 2> /dev/null',
  'exit 0',
].join('\n');

/**
 * Starts the provider in debug mode and resolves once it prints its reattach line; rejects (and stops the
 * process) when it exits first or prints nothing within `timeoutMs`. It never keeps the caller alive, and it
 * stops when the caller stops it or exits ({@link SCHEMA_SERVER_WATCHDOG}).
 */
export function startSchemaServer(mirror: string, timeoutMs = 30000): Promise<SchemaServer> {
  const binary = providerBinary(mirror);
  const child: ChildProcess = spawn('/bin/sh', ['-c', SCHEMA_SERVER_WATCHDOG, binary], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, GOGC: process.env.GOGC ?? OFFLINE_GOGC },
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const stop = (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    // Waiting for the exit must keep the caller alive. The process and its pipes are unref'd (they never hold the
    // caller open by themselves), and a pending promise does not either: a caller awaiting this with nothing else
    // to do simply ended, with exit code 0, before the await returned. jest's global teardown awaited it, so every
    // run that started the shared provider exited 0, failed tests included (found 2026-12-05).
    child.ref();
    const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.stdin!.end();
    return exited.then(() => clearTimeout(kill));
  };
  return new Promise((resolve, reject) => {
    let out = '';
    const fail = (why: string) => {
      clearTimeout(timer);
      void stop();
      reject(new Error(`the shared provider (${binary} -debug) ${why}; output:\n${out.slice(-2000)}`));
    };
    const timer = setTimeout(() => fail(`printed no TF_REATTACH_PROVIDERS line within ${timeoutMs} ms`), timeoutMs);
    child.on('error', (e) => fail(`could not start: ${e.message}`));
    const early = (code: number | null, signal: string | null) => fail(`exited (${signal ?? code}) before it was ready`);
    child.on('exit', early);
    child.stderr!.on('data', (d: Buffer) => (out += String(d)));
    child.stdout!.on('data', (d: Buffer) => {
      out += String(d);
      const m = /TF_REATTACH_PROVIDERS='(\{.*?\})'/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      child.removeListener('exit', early);
      out = '';
      // Keep draining its output (a full pipe would block it) without holding the event loop.
      for (const s of [child.stdout!, child.stderr!]) {
        s.removeAllListeners('data');
        s.resume();
      }
      for (const s of [child.stdin!, child.stdout!, child.stderr!]) (s as unknown as { unref?: () => void }).unref?.();
      child.unref();
      resolve({ reattach: m[1], pid: child.pid!, stop });
    });
  });
}
