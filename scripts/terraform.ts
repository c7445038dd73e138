/**
 * Running Terraform offline: locating the provider mirror, writing a CLI
 * config that installs only from it, and running init/validate/plan.
 */
import { execFile, execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/** The provider every stack uses, and the only one available offline. */
export const AWS_PROVIDER = { hostname: 'registry.terraform.io', namespace: 'hashicorp', type: 'aws', version: '5.100.0' };

/** Environment variable naming the filesystem mirror folder (the one holding `registry.terraform.io/`). */
export const MIRROR_ENV = 'TF_PROVIDER_MIRROR';

/**
 * The provider mirror: `$TF_PROVIDER_MIRROR` if set, otherwise found by
 * searching the machine for the AWS provider binary. Throws with a clear
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
    found = execFileSync('find', ['/', '-xdev', '-path', `*/${AWS_PROVIDER.namespace}/${AWS_PROVIDER.type}/${AWS_PROVIDER.version}/*`, '-name', 'terraform-provider-aws_v*', '-print', '-quit'], {
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

export function run(bin: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(bin, args, { cwd, env, maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ ok: !error, stdout: String(stdout), stderr: String(stderr) });
    });
  });
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
