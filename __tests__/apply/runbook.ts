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
