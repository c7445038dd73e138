/**
 * `npm run audit [-- --out <dir>] [--format text|sarif|junit|json|matrix]`: synthesizes every stack into a temporary
 * folder, runs the policy engine on each, prints the security guide's
 * checklist and every rule result per stack, and writes `<dir>/<stack>.md`,
 * `<dir>/<stack>.json`, `<dir>/summary.md` and `<dir>/summary.json`
 * (default dir: `reports`). `--format sarif|junit|json|matrix` writes the compliance evidence instead
 * (`<dir>/audit.sarif`, `audit.junit.xml`, `audit.json` or `controls.md`; modules/policy/evidence.ts) and prints
 * one verdict line per stack; `text` (the default) is the output above. An unknown format exits 2. `--catalogue <file>` writes the rule catalogue
 * (docs/policy-rules.md) instead; `--registry` regenerates the rule registry
 * (modules/policy/rules/index.ts and ids.ts) from the rule files. Exits 1 when a production stack has a policy
 * error left (failing error rule, unused or unknown suppression), 2 when the
 * configuration or the synth itself fails.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadEnvironments } from '../modules/config/load';
import { controlMatrix, controlMatrixMarkdown } from '../modules/policy/controls';
import { AuditEvidence, AuditFormat, auditJson, FORMAT_FILES, parseAuditFormat } from '../modules/policy/evidence';
import { toJunit } from '../modules/policy/junit';
import { toSarif } from '../modules/policy/sarif';
import { recordConstructSources, repositoryRoot, ResourceSources, resourceSources } from '../modules/policy/sources';
import { DEFAULT_PACK } from '../modules/policy/packs';
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
  /** `text`: the console output and Markdown/JSON reports; otherwise one evidence file (FORMAT_FILES). @default 'text' */
  readonly format?: AuditFormat;
}

export interface AuditResult {
  readonly run: PolicyRun;
  /** 0, or 1 when a production stack has a policy error left. */
  readonly exitCode: number;
  /** The evidence file written (formats other than `text`). */
  readonly file?: string;
  /** What the evidence file was rendered from (formats other than `text`). */
  readonly evidence?: AuditEvidence;
}

/** The evidence file of a format other than `text`. */
export function renderEvidence(format: Exclude<AuditFormat, 'text'>, e: AuditEvidence, root: string = repositoryRoot()): string {
  const read = (file: string) => (fs.existsSync(path.join(root, file)) ? fs.readFileSync(path.join(root, file), 'utf8') : '');
  if (format === 'sarif') return `${JSON.stringify(toSarif(e, read), null, 2)}\n`;
  if (format === 'junit') return toJunit(e);
  if (format === 'json') return `${JSON.stringify(auditJson(e), null, 2)}\n`;
  return controlMatrixMarkdown(controlMatrix(e.run, e.rules));
}

/** GitHub Actions' docs/policy-rules.md URL for SARIF helpUri, when the run has the variables. */
function rulesDocUrl(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_SHA: sha } = env;
  return server && repo && sha ? `${server}/${repo}/blob/${sha}/docs/policy-rules.md` : undefined;
}

function toolVersion(root: string): string {
  return (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;
}

/** Synthesizes into a temporary folder, evaluates every stack and writes the reports. */
export function runAudit(options: AuditOptions): AuditResult {
  const write = options.write ?? ((t: string) => process.stdout.write(t));
  const format = options.format ?? 'text';
  const synthDir = fs.mkdtempSync(path.join(os.tmpdir(), 'helloapi-audit-'));
  try {
    // buildApp + synth (not synthesizeAll): the audit reports blocking findings instead of refusing to synthesize.
    // The evidence formats also record which source file creates each resource (sources.ts).
    let sources: ResourceSources = new Map();
    if (format === 'text') buildApp(options.configs, { outdir: synthDir }).app.synth();
    else {
      const { value: app, fileOf } = recordConstructSources(() => buildApp(options.configs, { outdir: synthDir }).app);
      app.synth();
      sources = resourceSources(app, fileOf);
    }
    const run = checkSynthesized(synthDir, options.configs);
    fs.mkdirSync(options.outDir, { recursive: true });
    if (format !== 'text') {
      const root = repositoryRoot();
      const evidence: AuditEvidence = { run, configs: options.configs, sources, rules: DEFAULT_PACK.rules, toolVersion: toolVersion(root), rulesDocUrl: rulesDocUrl() };
      const file = path.join(options.outDir, FORMAT_FILES[format]);
      fs.writeFileSync(file, renderEvidence(format, evidence, root));
      for (const r of run.reports) write(`${r.stackName.padEnd(28)} ${verdictOf(r)}\n`);
      write(`${format} written to ${path.relative(process.cwd(), file)}\n`);
      return { run, exitCode: exitCodeOf(run, write), file, evidence };
    }
    const jsons = readSynthesizedStacks(synthDir);
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
    return { run, exitCode: exitCodeOf(run, write) };
  } finally {
    fs.rmSync(synthDir, { recursive: true, force: true });
  }
}

/** 1 when a production stack has a policy error left (said on the console), else 0. */
function exitCodeOf(run: PolicyRun, write: (text: string) => void): number {
  const prodErrors = run.reports.filter((r) => r.production && r.errorCount > 0);
  if (prodErrors.length) write(`production policy errors remain in: ${prodErrors.map((r) => `${r.stackName} (${r.errorCount})`).join(', ')}\n`);
  return prodErrors.length ? 1 : 0;
}

/** The command line (exported for tests): the exit code. */
export function main(argv: readonly string[] = process.argv.slice(2)): number {
  const argValue = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  if (argv.includes('--registry')) {
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
  let format: AuditFormat = 'text';
  const inline = argv.find((a) => a.startsWith('--format='));
  if (argv.includes('--format') || inline) {
    try {
      format = parseAuditFormat(inline ? inline.slice('--format='.length) : argValue('--format'));
    } catch (e) {
      process.stderr.write(`${(e as Error).message}\n`);
      return 2;
    }
  }
  try {
    return runAudit({ configs: loadEnvironments(), outDir: path.resolve(argValue('--out') ?? 'reports'), format }).exitCode;
  } catch (e) {
    process.stderr.write(`${e instanceof ConfigError ? e.message : `audit failed: ${e instanceof Error ? e.message : String(e)}`}\n`);
    return 2;
  }
}

if (require.main === module) process.exitCode = main();
