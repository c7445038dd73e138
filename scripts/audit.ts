/**
 * `npm run audit [-- --out <dir>]`: synthesizes every stack into a temporary
 * folder, runs the policy engine on each, prints the security guide's
 * checklist and every rule result per stack, and writes `<dir>/<stack>.md`,
 * `<dir>/<stack>.json`, `<dir>/summary.md` and `<dir>/summary.json`
 * (default dir: `reports`). `--catalogue <file>` writes the rule catalogue
 * (docs/policy-rules.md) instead; `--registry` regenerates the rule registry
 * (modules/policy/rules/index.ts and ids.ts) from the rule files. Exits 1 when a production stack has a policy
 * error left (failing error rule, unused or unknown suppression), 2 when the
 * configuration or the synth itself fails.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadEnvironments } from '../modules/config/load';
import type { EnvironmentConfig } from '../modules/config/types';
import { ConfigError } from '../modules/config/validate';
import { renderCatalogue } from '../modules/policy/catalogue';
import { writeRegistry } from '../modules/policy/registry';
import { stackConsole, stackJson, stackMarkdown, summaryMarkdown, verdictOf } from '../modules/policy/report';
import { reachabilityMarkdown } from '../modules/policy/reachability';
import { checkSynthesized, PolicyRun, readSynthesizedStacks } from '../modules/policy/run';
import { buildApp } from '../modules/stacks/app';

export interface AuditOptions {
  /** Validated environments. */
  readonly configs: readonly EnvironmentConfig[];
  /** Where the reports go. */
  readonly outDir: string;
  /** Receives the console output. @default process.stdout */
  readonly write?: (text: string) => void;
}

export interface AuditResult {
  readonly run: PolicyRun;
  /** 0, or 1 when a production stack has a policy error left. */
  readonly exitCode: number;
}

/** Synthesizes into a temporary folder, evaluates every stack and writes the reports. */
export function runAudit(options: AuditOptions): AuditResult {
  const write = options.write ?? ((t: string) => process.stdout.write(t));
  const synthDir = fs.mkdtempSync(path.join(os.tmpdir(), 'helloapi-audit-'));
  try {
    // buildApp + synth (not synthesizeAll): the audit reports blocking findings instead of refusing to synthesize.
    buildApp(options.configs, { outdir: synthDir }).app.synth();
    const run = checkSynthesized(synthDir, options.configs);
    const jsons = readSynthesizedStacks(synthDir);
    fs.mkdirSync(options.outDir, { recursive: true });
    for (const r of run.reports) {
      write(`${stackConsole(r)}\n\n`);
      // Environment reports end with the network reachability graph (HAPI-NET-01's evidence).
      const reach = r.kind === 'environment' ? reachabilityMarkdown(jsons.get(r.stackName) ?? {}) : '';
      fs.writeFileSync(path.join(options.outDir, `${r.stackName}.md`), stackMarkdown(r) + (reach ? `\n${reach}` : ''));
      fs.writeFileSync(path.join(options.outDir, `${r.stackName}.json`), `${JSON.stringify(stackJson(r), null, 2)}\n`);
    }
    fs.writeFileSync(path.join(options.outDir, 'summary.md'), summaryMarkdown(run));
    const summary = run.reports.map((r) => ({ stack: r.stackName, kind: r.kind, production: r.production, verdict: verdictOf(r), errors: r.errorCount, warnings: r.warningCount }));
    fs.writeFileSync(path.join(options.outDir, 'summary.json'), `${JSON.stringify({ stacks: summary }, null, 2)}\n`);
    for (const r of run.reports) write(`${r.stackName.padEnd(28)} ${verdictOf(r)}\n`);
    write(`reports written to ${path.relative(process.cwd(), options.outDir) || '.'}\n`);
    const prodErrors = run.reports.filter((r) => r.production && r.errorCount > 0);
    if (prodErrors.length) write(`production policy errors remain in: ${prodErrors.map((r) => `${r.stackName} (${r.errorCount})`).join(', ')}\n`);
    return { run, exitCode: prodErrors.length ? 1 : 0 };
  } finally {
    fs.rmSync(synthDir, { recursive: true, force: true });
  }
}

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function main(): number {
  if (process.argv.includes('--registry')) {
    for (const file of writeRegistry(path.resolve('modules/policy/rules'))) process.stdout.write(`wrote ${path.relative(process.cwd(), file)}\n`);
    return 0;
  }
  const catalogue = argValue('--catalogue');
  if (catalogue !== undefined) {
    fs.mkdirSync(path.dirname(path.resolve(catalogue)), { recursive: true });
    fs.writeFileSync(catalogue, renderCatalogue());
    process.stdout.write(`wrote ${catalogue}\n`);
    return 0;
  }
  try {
    return runAudit({ configs: loadEnvironments(), outDir: path.resolve(argValue('--out') ?? 'reports') }).exitCode;
  } catch (e) {
    process.stderr.write(`${e instanceof ConfigError ? e.message : `audit failed: ${e instanceof Error ? e.message : String(e)}`}\n`);
    return 2;
  }
}

if (require.main === module) process.exitCode = main();
