/**
 * `npm run state:bootstrap [-- --auto-approve]`: the first deploy of `<app>-state`, in one resumable command.
 *
 * The state stack keeps its own state in the bucket it creates, which does not exist before its first apply.
 * So, with credentials of the state account:
 *   1. synthesize; if the stack's S3 backend already works (the bucket exists), there is nothing to bootstrap;
 *   2. otherwise apply the stack with a local state file OUTSIDE cdktf.out/ (`terraform-bootstrap/<app>-state.tfstate`,
 *      which no synth touches), through a backend override file written into the stack folder for this run only;
 *   3. migrate that state into the bucket (`terraform init -migrate-state -force-copy`), check that the remote state
 *      lists the same resources, and keep the local file as `<file>.migrated` (a backup; delete it when satisfied).
 * Re-running after a failure resumes: an existing local bootstrap state is applied again (no changes) and migrated.
 * It refuses, changing nothing, when the bucket already holds the stack's state and a local bootstrap file exists
 * too (an old file must never overwrite newer remote state), and when the bucket exists with no state and there is
 * no local file to resume from.
 * Afterwards `npx cdktf deploy <app>-state` works like any other stack.
 */
import { spawnSync, SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { loadEnvironments } from '../modules/config/load';
import { ConfigError } from '../modules/config/validate';
import { enableFastSynth } from '../modules/core/synth-speed';
import { synthesizeAll } from '../modules/stacks/app';
import { bootstrapStatePath, stateStackKey } from '../modules/stacks/state-stack';

/** The override file this command writes (and removes) in the state stack's folder. */
export const BOOTSTRAP_OVERRIDE = 'zz_bootstrap_override.tf.json';

function terraform(args: string[], cwd: string, interactive = false): SpawnSyncReturns<string> {
  const bin = process.env.TERRAFORM_BINARY ?? 'terraform';
  return spawnSync(bin, args, { cwd, encoding: 'utf8', stdio: interactive ? 'inherit' : ['ignore', 'pipe', 'pipe'], env: process.env });
}

function say(line: string): void {
  process.stdout.write(`state:bootstrap: ${line}\n`);
}

function fail(step: string, r: SpawnSyncReturns<string>): never {
  const text = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim();
  throw new Error(`${step} failed (exit ${r.status ?? r.signal})${text ? `:\n${text.split('\n').slice(-25).join('\n')}` : ''}`);
}

/** Resource addresses in a state (`terraform state list`). */
function stateList(dir: string): string[] {
  const r = terraform(['state', 'list'], dir);
  if (r.status !== 0) fail('terraform state list', r);
  return r.stdout.split('\n').filter(Boolean).sort();
}

/** Bootstraps one `<app>-state` stack folder; returns what it did. */
export function bootstrapStateStack(stackDir: string, app: string, projectRoot: string, autoApprove: boolean): 'already-bootstrapped' | 'bootstrapped' {
  const localState = path.resolve(projectRoot, bootstrapStatePath(app));
  const override = path.join(stackDir, BOOTSTRAP_OVERRIDE);
  fs.rmSync(override, { force: true });
  const rel = path.relative(projectRoot, localState);
  const hasLocal = fs.existsSync(localState);
  // Probe the stack's own S3 backend first: does the bucket exist, and does it already hold this stack's state?
  const probe = terraform(['init', '-input=false', '-reconfigure'], stackDir);
  if (probe.status === 0) {
    const remote = stateList(stackDir);
    if (remote.length > 0 && hasLocal) {
      // Never let an old local file overwrite newer remote state (-force-copy would).
      throw new Error(
        `${app}-state already keeps its state in its bucket (${remote.length} resources under ${stateStackKey(app)}), and a local bootstrap state ${rel} exists too: ` +
          `it is left from an earlier bootstrap or another machine. Nothing was changed. Compare it with \`terraform state pull\`, then move it away (e.g. to ${rel}.stale) and run again.`,
      );
    }
    if (remote.length > 0) {
      say(`${app}-state: its state is already in its bucket (${stateStackKey(app)}, ${remote.length} resources); nothing to bootstrap. Deploy changes with npx cdktf deploy ${app}-state.`);
      return 'already-bootstrapped';
    }
    if (!hasLocal) {
      throw new Error(
        `the state bucket of ${app}-state exists but holds no state under ${stateStackKey(app)}, and there is no local bootstrap state ${rel}: ` +
          `the bucket was created outside this command, or the bootstrap state was lost. Nothing was changed. Import the stack's resources (terraform import) or remove the bucket, then run again.`,
      );
    }
    say(`${app}-state: resuming from the local bootstrap state ${rel} (the bucket exists, its state key is still empty)`);
  } else {
    const text = `${probe.stdout}${probe.stderr}`;
    if (!/NoSuchBucket|S3 bucket "[^"]*" does not exist/.test(text)) fail(`terraform init of ${app}-state (S3 backend)`, probe);
    say(hasLocal ? `${app}-state: resuming from the local bootstrap state ${rel}` : `${app}-state: the state bucket does not exist yet; applying with local state in ${rel}`);
  }
  fs.mkdirSync(path.dirname(localState), { recursive: true });
  fs.writeFileSync(override, `${JSON.stringify({ terraform: { backend: { local: { path: localState } } } }, null, 2)}\n`);
  let local: string[];
  try {
    const init = terraform(['init', '-input=false', '-reconfigure'], stackDir);
    if (init.status !== 0) fail('terraform init (local bootstrap state)', init);
    const apply = terraform(['apply', ...(autoApprove ? ['-auto-approve', '-input=false'] : [])], stackDir, true);
    if (apply.status !== 0) throw new Error(`terraform apply of ${app}-state failed (exit ${apply.status}); the local state is kept in ${localState}: fix the cause and run npm run state:bootstrap again`);
    local = stateList(stackDir);
  } finally {
    fs.rmSync(override, { force: true });
  }
  say(`${app}-state: applied (${local.length} resources); migrating its state into the bucket`);
  const migrate = terraform(['init', '-input=false', '-migrate-state', '-force-copy'], stackDir);
  if (migrate.status !== 0) fail(`terraform init -migrate-state (the local state is kept in ${localState}; run npm run state:bootstrap again)`, migrate);
  const remote = stateList(stackDir);
  if (JSON.stringify(remote) !== JSON.stringify(local)) {
    throw new Error(`the migrated state lists ${remote.length} resources, the local one ${local.length}; the local state is kept in ${localState}`);
  }
  fs.renameSync(localState, `${localState}.migrated`);
  say(`${app}-state: state now in its bucket (key ${stateStackKey(app)}, ${remote.length} resources); local copy kept as ${path.relative(projectRoot, localState)}.migrated`);
  return 'bootstrapped';
}

function main(): void {
  enableFastSynth();
  const autoApprove = process.argv.includes('--auto-approve');
  const outdir = process.env.CDKTF_OUTDIR ?? 'cdktf.out';
  const projectRoot = process.cwd();
  try {
    const built = synthesizeAll(loadEnvironments(), { outdir });
    if (built.stateStacks.length === 0) {
      say('no environment uses the s3 backend: there is no state stack to bootstrap');
      return;
    }
    for (const stack of built.stateStacks) {
      const app = stack.node.id.replace(/-state$/, '');
      bootstrapStateStack(path.resolve(outdir, 'stacks', stack.node.id), app, projectRoot, autoApprove);
    }
  } catch (e) {
    process.stderr.write(`${e instanceof ConfigError ? '' : 'state:bootstrap: '}${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  }
}

if (require.main === module) main();
