/**
 * `npm run drift -- <command>`: the drift workflow's (.github/workflows/drift.yml) steps that need the code.
 *
 *   environments                  the committed environments, as a JSON array (the workflow's matrix)
 *   stack <env>                   the environment's stack name (`<app>-<env>`: cdktf.out/stacks/<stack>)
 *   classify --environment <env> --stack <stack> --exit-code <n> [--plan-json <file>] [--out drift]
 *                                 classifies the plan (modules/review/drift.ts) and writes <out>/summary.md (the
 *                                 issue body) and <out>/result.json ({ environment, stack, status, action, label,
 *                                 title, marker, counts }); a missing plan JSON file means the plan failed.
 *
 * Exit codes: 0 (also for drift: the workflow decides), 2 bad usage or configuration.
 */
import * as fs from 'fs';
import * as path from 'path';
import { loadEnvironments } from '../modules/config/load';
import { ConfigError } from '../modules/config/validate';
import { classifyDrift, DriftReport, issueAction, issueIdentity, renderDriftMarkdown } from '../modules/review/drift';
import type { TerraformPlanJson } from '../modules/review/summary';

const USAGE = 'usage: npm run drift -- environments | stack <env> | classify --environment <env> --stack <stack> --exit-code <n> [--plan-json <file>] [--out drift]';

class UsageError extends Error {}

function option(argv: readonly string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

/** The `result.json` the workflow's issue step reads. */
export function driftResult(r: DriftReport): Record<string, unknown> {
  const deleted = r.outside.filter((o) => o.kind === 'deleted').length;
  return {
    environment: r.environment,
    stack: r.stack,
    status: r.status,
    action: issueAction(r.status),
    ...issueIdentity(r.environment),
    exitCode: r.exitCode,
    counts: { changedOutside: r.outside.length - deleted, deletedOutside: deleted, planned: r.planned.length },
  };
}

/** `classify`: writes summary.md and result.json; returns the report. */
export function classifyCommand(argv: readonly string[]): DriftReport {
  const environment = option(argv, '--environment');
  const stack = option(argv, '--stack');
  const exit = option(argv, '--exit-code');
  const problems = [
    environment ? '' : '--environment is required',
    stack ? '' : '--stack is required',
    exit !== undefined && /^\d+$/.test(exit) ? '' : `--exit-code must be a number (terraform plan's exit code), got ${exit === undefined ? 'nothing' : `"${exit}"`}`,
  ].filter(Boolean);
  if (problems.length) throw new UsageError(problems.join('; '));
  const file = option(argv, '--plan-json');
  const plan = file && fs.existsSync(file) && fs.statSync(file).size > 0 ? (JSON.parse(fs.readFileSync(file, 'utf8')) as TerraformPlanJson) : undefined;
  const report = classifyDrift(environment!, stack!, plan, Number(exit));
  const out = option(argv, '--out') ?? 'drift';
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, 'summary.md'), renderDriftMarkdown(report));
  fs.writeFileSync(path.join(out, 'result.json'), `${JSON.stringify(driftResult(report), null, 2)}\n`);
  return report;
}

/** The command line; returns the exit code. */
export function main(argv: readonly string[], write: (t: string) => void = (t) => process.stdout.write(t)): number {
  try {
    const [command, arg] = argv;
    if (command === 'environments') {
      write(`${JSON.stringify(loadEnvironments().map((c) => c.name))}\n`);
    } else if (command === 'stack') {
      const configs = loadEnvironments();
      const c = configs.find((x) => x.name === arg);
      if (!c) throw new UsageError(`stack: no environment "${arg ?? ''}"; the environments are ${configs.map((x) => x.name).join(', ')}`);
      write(`${c.stackName}\n`);
    } else if (command === 'classify') {
      write(renderDriftMarkdown(classifyCommand(argv.slice(1))));
    } else {
      throw new UsageError(command ? `unknown command "${command}"` : 'name a command');
    }
    return 0;
  } catch (e) {
    if (!(e instanceof UsageError || e instanceof ConfigError)) throw e;
    process.stderr.write(`${e.message}${e instanceof UsageError ? `\n${USAGE}` : ''}\n`);
    return 2;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
