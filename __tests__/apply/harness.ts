/**
 * The apply tier's harness (issue 22): the AWS API emulator (moto's server plus the shims in
 * scripts/emulator/), credentials per account, and an environment for the real CLIs (terraform, cdktf, npm,
 * aws) in which nothing leaves the machine.
 *
 * - startEmulator(): `python3 scripts/emulator/server.py --port 0` on loopback; resolves once it prints
 *   `READY <port>`, rejects (with its stderr) if it exits or does not answer within 30 s (120 s when niced); stop()
 *   ends it.
 * - deployEnv(): the child-process environment: HELLOAPI_AWS_ENDPOINT and AWS_ENDPOINT_URL (modules/stacks/emulator.ts:
 *   the emulator's URL for the synth and for the provider, the AWS CLI and boto3), HTTP(S)_PROXY on the egress guard (scripts/emulator/egress-guard.ts: refuses at once and
 *   records the host, so a call to a service without an emulator endpoint fails fast and is named) with NO_PROXY
 *   for the emulator, profiles for the organization's accounts, the provider mirror, and none of the machine's
 *   own AWS_* variables.
 */
import { ChildProcess, execFile, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { INSTALL_HINT, pythonBinary } from '../../scripts/emulator/moto';
import { OFFLINE_GOGC } from '../../scripts/terraform';

export { checkMoto, INSTALL_HINT, MOTO_VERSION } from '../../scripts/emulator/moto';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const EMULATOR_DIR = path.join(REPO_ROOT, 'scripts', 'emulator');
export interface HostedZoneSeed {
  /** Account that creates the zone. */
  readonly accountId: string;
  /** The ID the zone gets (the one the environment files name). */
  readonly zoneId: string;
  readonly name: string;
}

export interface Emulator {
  readonly url: string;
  readonly port: number;
  /** The certificate clients must trust (AWS_CA_BUNDLE) when the emulator serves HTTPS. */
  readonly caBundle?: string;
  /** Everything the server printed so far (request log and errors). */
  log(): string;
  /** The emulator process's own CPU (user + system seconds), once it has stopped. */
  cpuSeconds(): number | undefined;
  /** After stop(): how many attempts (retries, or a first attempt its retry overtook) it answered with the answer already given to their invocation instead of running them again (server.py: Serialized). */
  retriesAnsweredAgain(): number | undefined;
  stop(): Promise<void>;
}

/** `argv` run at CPU priority `nice` (`nice -n N ...`; N > 0 only lowers it), or as it is when `nice` is 0 or unset. */
export function niced(nice: number | undefined, argv: readonly string[]): string[] {
  return nice ? ['nice', '-n', String(nice), ...argv] : [...argv];
}

/** moto settings of the tier (https://docs.getmoto.org/en/latest/docs/configuration/environment_variables.html). */
export const MOTO_SETTINGS: Readonly<Record<string, string>> = {
  // AWS managed policies exist (the stacks attach several).
  MOTO_IAM_LOAD_MANAGED_POLICIES: 'true',
  // Certificates are issued at once (the provider waits for ISSUED).
  MOTO_ACM_VALIDATION_WAIT: '0',
  // Another account's bucket is forbidden, as in AWS without a bucket policy grant.
  MOTO_S3_ALLOW_CROSSACCOUNT_ACCESS: 'false',
};

/** Starts the emulator on a free loopback port. Rejects loudly when it cannot. */
export function startEmulator(
  options: {
    zones?: readonly HostedZoneSeed[];
    env?: NodeJS.ProcessEnv;
    timeoutMs?: number;
    /** Serve HTTPS with a certificate generated into this folder. */
    tls?: string;
    /** Accounts whose S3 Control host (`<account>.127.0.0.1`) the certificate also covers. */
    accounts?: readonly string[];
    /** CPU priority (`nice -n`), for an emulator off the tier's critical path (runbook.ts: NICE). @default unchanged */
    nice?: number;
  } = {},
): Promise<Emulator> {
  const python = pythonBinary(options.env);
  const args = [path.join(EMULATOR_DIR, 'server.py'), '--host', '127.0.0.1', '--port', '0'];
  if (options.tls) args.push('--tls', options.tls, ...(options.accounts ?? []).flatMap((a) => ['--tls-name', `${a}.127.0.0.1`]));
  for (const z of options.zones ?? []) args.push('--zone', `${z.accountId}:${z.zoneId}:${z.name}`);
  const env: NodeJS.ProcessEnv = { ...stripAws(options.env ?? process.env), ...MOTO_SETTINGS, PYTHONUNBUFFERED: '1' };
  const [command, ...commandArgs] = niced(options.nice, [python, ...args]);
  const child = spawn(command, commandArgs, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += String(d)));
  child.stderr!.on('data', (d) => (err += String(d)));
  // A niced emulator starts slowly while the machine is busy (moto's imports are a few CPU-seconds).
  const timeoutMs = options.timeoutMs ?? (options.nice ? 120000 : 30000);
  return new Promise<Emulator>((resolve, reject) => {
    const fail = (why: string) => {
      clearInterval(poll);
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`the AWS API emulator did not start (${python} ${args.join(' ')}): ${why}\n${err.trim()}\n${INSTALL_HINT} if moto is missing`));
    };
    const timer = setTimeout(() => fail(`no READY line within ${timeoutMs / 1000} s`), timeoutMs);
    child.on('error', (e) => fail(e.message));
    child.on('exit', (code, signal) => {
      if (!/READY \d+/.test(out)) fail(`exited with ${code ?? signal}`);
    });
    const poll = setInterval(() => {
      const m = /READY (\d+)/.exec(out);
      if (!m) return;
      clearInterval(poll);
      clearTimeout(timer);
      const port = Number(m[1]);
      const caBundle = options.tls ? path.join(options.tls, 'cert.pem') : undefined;
      const cpuSeconds = () => {
        const m = /EMULATOR CPU user=([\d.]+) sys=([\d.]+)/.exec(err);
        return m ? Number(m[1]) + Number(m[2]) : undefined;
      };
      const retriesAnsweredAgain = () => {
        const m = /retries-answered-again=(\d+)/.exec(err);
        return m ? Number(m[1]) : undefined;
      };
      resolve({ url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`, port, caBundle, log: () => err, cpuSeconds, retriesAnsweredAgain, stop: () => stopChild(child) });
    }, 50);
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
    // 'close': the process has exited and its output is read to the end (the CPU line comes last).
    child.once('close', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** The environment without the machine's AWS settings (credentials, profiles, endpoints, config files). */
export function stripAws(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(env)) {
    if (k.startsWith('AWS_') || /^(https?|no|all)_proxy$/i.test(k) || k === 'HELLOAPI_AWS_ENDPOINT') continue;
    out[k] = v;
  }
  return out;
}

export interface AwsCredentials {
  readonly AccessKeyId: string;
  readonly SecretAccessKey: string;
  readonly SessionToken?: string;
}

export interface CallResult<T = Record<string, unknown>> {
  readonly ok: boolean;
  readonly data: T;
  readonly error?: { code: string; message: string; status?: number };
}

/** One AWS API call against the emulator through boto3 (scripts/emulator/call.py). */
export function awsCall<T = Record<string, unknown>>(
  emulator: Pick<Emulator, 'url'>,
  credentials: AwsCredentials | undefined,
  service: string,
  method: string,
  params: Record<string, unknown> = {},
  region = 'us-east-1',
  caBundle: string | undefined = (emulator as { caBundle?: string }).caBundle,
): Promise<CallResult<T>> {
  const input = JSON.stringify({ endpoint: emulator.url, region, credentials: credentials ?? null, service, method, params });
  return new Promise((resolve, reject) => {
    const child = execFile(
      pythonBinary(),
      [path.join(EMULATOR_DIR, 'call.py')],
      { env: { ...stripAws(process.env), NO_PROXY: '127.0.0.1', no_proxy: '127.0.0.1', ...(caBundle ? { AWS_CA_BUNDLE: caBundle } : {}) }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        let parsed: { error?: CallResult['error'] } & Record<string, unknown>;
        try {
          parsed = JSON.parse(String(stdout));
        } catch {
          reject(new Error(`${service}.${method} via call.py failed: ${error?.message ?? ''}\n${stderr}`));
          return;
        }
        if (parsed.error) resolve({ ok: false, data: parsed as T, error: parsed.error });
        else resolve({ ok: true, data: parsed as T });
      },
    );
    child.stdin!.end(input);
  });
}

/**
 * Credentials in `accountId`: the emulator's STS AssumeRole into the role that stands for the account's deploy
 * principal (in AWS: the operator's or CI's role, created by hand; docs/deploy.md). moto maps the credentials
 * it returns to the role's account.
 */
export async function accountCredentials(emulator: Pick<Emulator, 'url' | 'caBundle'>, accountId: string, roleName = 'OrganizationAccountAccessRole'): Promise<AwsCredentials> {
  const r = await awsCall<{ Credentials: AwsCredentials }>(emulator, undefined, 'sts', 'assume_role', {
    RoleArn: `arn:aws:iam::${accountId}:role/${roleName}`,
    RoleSessionName: 'helloapi-apply-tier',
    DurationSeconds: 43200,
  });
  if (!r.ok) throw new Error(`cannot get credentials in ${accountId}: ${r.error?.code} ${r.error?.message}`);
  const { AccessKeyId, SecretAccessKey, SessionToken } = r.data.Credentials;
  return { AccessKeyId, SecretAccessKey, SessionToken };
}

/** Writes an AWS shared credentials file with one profile per entry, and an empty config file. */
export function writeProfiles(dir: string, profiles: Record<string, AwsCredentials>, region = 'us-east-1'): { credentialsFile: string; configFile: string } {
  fs.mkdirSync(dir, { recursive: true });
  const credentialsFile = path.join(dir, 'credentials');
  const configFile = path.join(dir, 'config');
  const creds = Object.entries(profiles).map(([name, c]) =>
    [`[${name}]`, `aws_access_key_id = ${c.AccessKeyId}`, `aws_secret_access_key = ${c.SecretAccessKey}`, ...(c.SessionToken ? [`aws_session_token = ${c.SessionToken}`] : []), ''].join('\n'),
  );
  fs.writeFileSync(credentialsFile, creds.join('\n'), { mode: 0o600 });
  fs.writeFileSync(configFile, Object.keys(profiles).map((n) => `[${n === 'default' ? 'default' : `profile ${n}`}]\nregion = ${region}\n`).join('\n'));
  return { credentialsFile, configFile };
}

export interface DeployEnvOptions {
  readonly emulator: Pick<Emulator, 'url'>;
  /** The egress guard's port: every request not for 127.0.0.1 goes there (and is refused, unless it is the emulator's). */
  readonly proxyPort: number;
  readonly profiles: { credentialsFile: string; configFile: string };
  /** Terraform CLI config (provider mirror). */
  readonly cliConfigFile: string;
  /** The emulator's certificate when it serves HTTPS (AWS_CA_BUNDLE: provider, S3 backend, aws CLI, boto3). */
  readonly caBundle?: string;
  readonly region?: string;
  readonly base?: NodeJS.ProcessEnv;
}

/** The environment for the real CLIs against the emulator. */
export function deployEnv(o: DeployEnvOptions): NodeJS.ProcessEnv {
  const proxy = `http://127.0.0.1:${o.proxyPort}`;
  const region = o.region ?? 'us-east-1';
  // No plugin cache at all (see CDKTF_DISABLE_PLUGIN_CACHE_ENV below), also not one the caller configured.
  const { TF_PLUGIN_CACHE_DIR: _cache, ...base } = stripAws(o.base ?? process.env);
  return {
    ...base,
    HELLOAPI_AWS_ENDPOINT: o.emulator.url,
    HTTP_PROXY: proxy,
    HTTPS_PROXY: proxy,
    http_proxy: proxy,
    https_proxy: proxy,
    NO_PROXY: '127.0.0.1',
    no_proxy: '127.0.0.1',
    AWS_SHARED_CREDENTIALS_FILE: o.profiles.credentialsFile,
    AWS_CONFIG_FILE: o.profiles.configFile,
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_EC2_METADATA_DISABLED: 'true',
    ...(o.caBundle ? { AWS_CA_BUNDLE: o.caBundle } : {}),
    // The AWS SDKs' endpoint for every service: the provider's (modules/stacks/emulator.ts: HELLOAPI_AWS_ENDPOINT
    // requires it, with the same URL) and the aws CLI's (runbook step 4: secret values; botocore >= 1.31).
    AWS_ENDPOINT_URL: o.emulator.url,
    // Go's GC target for Terraform and the provider, as for offline runs (scripts/terraform.ts: OFFLINE_GOGC, whose
    // comment has the measurement): these runs are tests against the emulator, not real deploys. The caller's GOGC
    // wins.
    GOGC: (o.base ?? process.env).GOGC ?? OFFLINE_GOGC,
    TF_CLI_CONFIG_FILE: o.cliConfigFile,
    // The cdktf CLI points TF_PLUGIN_CACHE_DIR at ~/.terraform.d/plugin-cache unless this is set, and Terraform's
    // plugin cache is not safe for concurrent inits (the lanes run in parallel): two first inits raced there
    // ("failed to create directory .../plugin-cache/.../linux_amd64: file exists"). Each init links the provider
    // from the mirror into its own .terraform instead, as the offline runs do.
    CDKTF_DISABLE_PLUGIN_CACHE_ENV: 'true',
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    CHECKPOINT_DISABLE: '1',
    // npm must not reach the registry either (npx cdktf resolves locally).
    npm_config_offline: 'true',
    npm_config_update_notifier: 'false',
  };
}

/**
 * An environment with Terraform CLI arguments added per command (`TF_CLI_ARGS_<command>`, e.g. `{ apply:
 * '-refresh=false' }`), after any the environment already passes to that command.
 */
export function terraformArgs(env: NodeJS.ProcessEnv, add: Readonly<Record<string, string>>): NodeJS.ProcessEnv {
  const out = { ...env };
  for (const [command, args] of Object.entries(add)) {
    const key = `TF_CLI_ARGS_${command}`;
    out[key] = [out[key], args].filter(Boolean).join(' ');
  }
  return out;
}

/** A private temp folder for one test file. */
export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * Every Terraform `Error:` diagnostic in a command's output, whole: its summary, the resource it is about and the
 * provider's detail (e.g. the API operation, HTTP status and message the emulator answered), so a failure is
 * diagnosable from CI output. Handles Terraform's boxed form (`╷ │ Error: ... ╵`, also behind cdktf's per-stack line
 * prefix and across cdktf's progress lines) and its -no-color form (a block up to the next diagnostic or two blank
 * lines). Identical blocks once.
 */
export function terraformErrors(output: string, maxLines = 80): string[] {
  const lines = output.split('\n');
  const blocks: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const at = lines[i].indexOf('Error: ');
    if (at < 0) continue;
    const margin = lines[i].slice(0, at);
    const bar = margin.indexOf('│');
    const block = [lines[i].slice(at)];
    let j = i + 1;
    if (bar >= 0) {
      // Boxed: the block goes on while lines carry the bar at the same column, up to its end mark (╵). cdktf
      // interleaves its progress line ("1 Stack destroying  0 Stacks done ...") and blank lines; those are skipped.
      for (; j < lines.length && block.length < maxLines; j++) {
        const rest = lines[j].slice(bar);
        if (!rest.startsWith('│')) {
          if (!lines[j].trim() || /^\d+ Stacks? \w+/.test(lines[j].trim())) continue;
          break;
        }
        if (/^│\s*(Error|Warning): /.test(rest)) break;
        block.push(rest.slice(1).replace(/^ /, ''));
      }
    } else {
      // Plain: up to the next diagnostic, a line outside the margin, or two blank lines.
      let blank = 0;
      for (; j < lines.length && block.length < maxLines; j++) {
        const l = lines[j];
        if (!l.trim()) {
          if (++blank === 2) break;
          block.push('');
          continue;
        }
        blank = 0;
        if (!l.startsWith(margin) || /^(Error|Warning): /.test(l.slice(margin.length))) break;
        block.push(l.slice(margin.length));
      }
    }
    i = j - 1;
    const text = block.map((l) => l.trimEnd()).join('\n').trim();
    if (!blocks.includes(text)) blocks.push(text);
  }
  return blocks;
}
