/**
 * The Deploy runbook (docs/deploy.md) as the apply tier runs it: the commands of its ```bash blocks, in order,
 * each with the section it belongs to, and the organization table (profile -> account). The tier runs exactly
 * these commands, so the runbook cannot drift from what works.
 */
import * as fs from 'fs';

export interface RunbookCommand {
  /** The `## ` heading the block is under, e.g. `3. First deploy of an environment: everything but the service`. */
  readonly section: string;
  /** Section number (`3`), or '' for unnumbered sections. */
  readonly step: string;
  readonly command: string;
}

/** Every command of every ```bash block, in document order. */
export function readRunbook(text: string): RunbookCommand[] {
  const out: RunbookCommand[] = [];
  let section = '';
  let inBash = false;
  for (const line of text.split('\n')) {
    if (!inBash && /^## /.test(line)) section = line.slice(3).trim();
    else if (!inBash && /^```bash\s*$/.test(line)) inBash = true;
    else if (inBash && /^```\s*$/.test(line)) inBash = false;
    else if (inBash && line.trim() && !line.trim().startsWith('#')) {
      out.push({ section, step: /^(\d+)\./.exec(section)?.[1] ?? '', command: line.trim() });
    }
  }
  return out;
}

/** The organization table: profile name -> account ID (rows `| name | 123456789012 | ... | `profile` |`). */
export function readProfiles(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^\|[^|]*\|\s*(\d{12})\s*\|.*\|\s*`([\w-]+)`\s*\|\s*$/.exec(line);
    if (m) out[m[2]] = m[1];
  }
  return out;
}

/** The AWS_PROFILE a command sets, if any. */
export function profileOf(command: string): string | undefined {
  return /(?:^|\s)AWS_PROFILE=([\w-]+)/.exec(command)?.[1];
}

/**
 * The runbook's per-environment steps (3-5, written for the first environment) for another environment, as its
 * step 6 says ("replacing `dev` in the secret names and host names"): stack name, secret prefix, domain and
 * profile replaced.
 */
export function forEnvironment(
  commands: readonly RunbookCommand[],
  from: { stack: string; domain: string; profile: string },
  to: { stack: string; domain: string; profile: string },
): RunbookCommand[] {
  return commands.map((c) => ({
    ...c,
    command: c.command
      .split(from.stack)
      .join(to.stack)
      .split(from.domain)
      .join(to.domain)
      .replace(new RegExp(`AWS_PROFILE=${from.profile}(?=\\s)`, 'g'), `AWS_PROFILE=${to.profile}`),
  }));
}

export function readRunbookFile(file: string): { commands: RunbookCommand[]; profiles: Record<string, string> } {
  const text = fs.readFileSync(file, 'utf8');
  return { commands: readRunbook(text), profiles: readProfiles(text) };
}

/**
 * What the tier changes in a runbook command, each for a reason:
 * - `npm ci` is not run: the copy uses this checkout's node_modules (no registry here).
 * - `npx cdktf deploy|destroy` gets `--skip-provider-lock`: cdktf runs `terraform providers lock` on a stack
 *   folder without a lock file, which asks registry.terraform.io directly (filesystem mirrors do not apply to it),
 *   and nothing may leave the machine.
 * - A cdktf command in a folder where the app has been synthesized already gets `--skip-synth`: step 0's
 *   `npm run synth` is `cdktf synth`, the app run as cdktf.json says (the command an operator's `cdktf deploy`
 *   runs first), and it writes every stack to cdktf.out/ (step 1's state bootstrap synthesizes the same app again
 *   into the same place), which the lanes' copies carry; each deploy's own synth of the same sources would write
 *   the same files again (~8 s of CPU per command, on the critical path of every lane). So no lane runs cdktf
 *   deploy's synth itself: step 0 covers that path.
 * - A `cdktf deploy` of a stack the lane has deployed before (step 5 after step 3) runs without refresh
 *   (`TF_CLI_ARGS_apply=-refresh=false`; cdktf has no flag for it): its resources were created minutes ago by that
 *   deploy, and the tier's second plan of every stack reads every one of them back and must find it as its state
 *   says; a refresh here would read all of them (~40 s of CPU per environment stack) for nothing that plan does not
 *   check.
 */
export function adapt(
  command: string,
  options: {
    /** A cdktf command has already synthesized the app in the folder this command runs in. */
    synthesized?: boolean;
    /** This command deploys a stack that an earlier command in the same folder deployed. */
    redeploy?: boolean;
  } = {},
): { command: string; terraformArgs: Record<string, string> } | undefined {
  if (/^npm ci\b/.test(command)) return undefined;
  const cdktf = cdktfStackOf(command);
  let out = command;
  if (cdktf) {
    const flags = [/--skip-provider-lock/.test(out) ? '' : ' --skip-provider-lock', options.synthesized && !/--skip-synth/.test(out) ? ' --skip-synth' : ''].join('');
    out = out.replace(/(npx cdktf (deploy|destroy) [^\n]*?)(\s*)$/, (_m, c) => `${c}${flags}`);
  }
  return { command: out, terraformArgs: options.redeploy && cdktf?.verb === 'deploy' ? { apply: '-refresh=false' } : {} };
}

/** The stack a `npx cdktf deploy|destroy <stack>` command names. */
export function cdktfStackOf(command: string): { verb: 'deploy' | 'destroy'; stack: string } | undefined {
  const m = /npx cdktf (deploy|destroy) ([\w-]+)/.exec(command);
  return m ? { verb: m[1] as 'deploy' | 'destroy', stack: m[2] } : undefined;
}

/**
 * CPU priority (`nice`) of what the tier runs, on machines with fewer CPUs than runnable work (2 here, five lanes).
 * The emulator is highest: one thread serves every lane's requests one at a time, so a starved emulator slows every
 * lane at once (measured 2026-12-05: the machine is saturated for ~215 s of the tier). Then the lanes whose chain of
 * commands sets the tier's time (the largest environments), then the environments with minutes of slack, then work
 * off the critical path (account baselines and their checks, the state stack's checks, the shim tests). Only ever
 * lowers a priority (`nice -n N`, N >= 0), which needs no privilege.
 */
export const NICE = { emulator: 0, critical: 3, slack: 8, offCriticalPath: 19 } as const;

/**
 * Each environment stack's nice level from its resource count: `slack` under 80% of the largest (dev today: no
 * CloudFront, a shorter chain of fixed waits), `critical` otherwise.
 */
export function environmentNiceness(resources: ReadonlyMap<string, number>): Map<string, number> {
  const largest = Math.max(...resources.values());
  return new Map([...resources].map(([stack, n]) => [stack, n < 0.8 * largest ? NICE.slack : NICE.critical]));
}

/**
 * An output listener for a `cdktf deploy`: calls `onApplying` (once) when Terraform starts creating resources
 * ("<address>: Creating..."), i.e. its validate and plan, the CPU-bound part of a deploy, are done. The text may come
 * in chunks split anywhere.
 */
export function whenApplying(onApplying: () => void): (chunk: string) => void {
  let tail = '';
  let called = false;
  return (chunk: string) => {
    if (called) return;
    tail = (tail + chunk).slice(-4096);
    if (/: Creating\.\.\./.test(tail)) {
      called = true;
      onApplying();
    }
  };
}
