/**
 * `npm run audit [-- --out <dir>]`: synthesizes every stack into a temporary
 * folder, runs the policy engine on each, prints the security guide's
 * checklist and every rule result per stack, and writes `<dir>/<stack>.md`,
 * `<dir>/<stack>.json`, `<dir>/summary.md` and `<dir>/summary.json`
 * (default dir: `reports`). `--catalogue <file>` writes the rule catalogue
 * (docs/policy-rules.md) instead. Exits 1 when a production stack has a policy
 * error left (failing error rule, unused or unknown suppression), 2 when the
 * configuration or the synth itself fails.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadEnvironments } from '../modules/config/load';
import { ConfigError } from '../modules/config/validate';
import { checkSynthesized } from '../modules/policy/run';
import { renderCatalogue } from '../modules/policy/catalogue';
import { stackConsole, stackJson, stackMarkdown, summaryMarkdown, verdictOf } from '../modules/policy/report';
import { buildApp } from '../modules/stacks/app';

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function main(): number {
  const catalogue = argValue('--catalogue');
  if (catalogue !== undefined) {
    fs.mkdirSync(path.dirname(path.resolve(catalogue)), { recursive: true });
    fs.writeFileSync(catalogue, renderCatalogue());
    process.stdout.write(`wrote ${catalogue}\n`);
    return 0;
  }
  const outDir = path.resolve(argValue('--out') ?? 'reports');
  let configs;
  try {
    configs = loadEnvironments();
  } catch (e) {
    process.stderr.write(`${e instanceof ConfigError ? e.message : String(e)}\n`);
    return 2;
  }
  const synthDir = fs.mkdtempSync(path.join(os.tmpdir(), 'helloapi-audit-'));
  try {
    // buildApp + synth (not synthesizeAll): the audit reports blocking findings instead of refusing to synthesize.
    buildApp(configs, { outdir: synthDir }).app.synth();
    const run = checkSynthesized(synthDir, configs);
    fs.mkdirSync(outDir, { recursive: true });
    for (const r of run.reports) {
      process.stdout.write(`${stackConsole(r)}\n\n`);
      fs.writeFileSync(path.join(outDir, `${r.stackName}.md`), stackMarkdown(r));
      fs.writeFileSync(path.join(outDir, `${r.stackName}.json`), `${JSON.stringify(stackJson(r), null, 2)}\n`);
    }
    fs.writeFileSync(path.join(outDir, 'summary.md'), summaryMarkdown(run));
    fs.writeFileSync(path.join(outDir, 'summary.json'), `${JSON.stringify({ stacks: run.reports.map((r) => ({ stack: r.stackName, kind: r.kind, production: r.production, verdict: verdictOf(r), errors: r.errorCount, warnings: r.warningCount })) }, null, 2)}\n`);
    const prodErrors = run.reports.filter((r) => r.production && r.errorCount > 0);
    for (const r of run.reports) process.stdout.write(`${r.stackName.padEnd(28)} ${verdictOf(r)}\n`);
    process.stdout.write(`reports written to ${path.relative(process.cwd(), outDir) || '.'}\n`);
    if (prodErrors.length) {
      process.stderr.write(`production policy errors remain in: ${prodErrors.map((r) => `${r.stackName} (${r.errorCount})`).join(', ')}\n`);
      return 1;
    }
    return 0;
  } catch (e) {
    process.stderr.write(`audit failed: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  } finally {
    fs.rmSync(synthDir, { recursive: true, force: true });
  }
}

process.exitCode = main();
