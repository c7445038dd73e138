/**
 * `npm run docs [-- --check]`: regenerates what the docs show of the tools' output, from the code that prints it.
 *
 * Whole pages:
 *   docs/architecture/<env>.md   `npm run diagram` (one page per environment; a page of no environment is stale)
 *   docs/policy-rules.md         `npm run audit -- --catalogue docs/policy-rules.md`
 * Samples, between `<!-- BEGIN GENERATED: <command> -->` and `<!-- END GENERATED: <command> -->` in README.md
 * and docs/review.md, each produced by the function the command runs (SAMPLES below; headings nested under
 * the section that shows them, long console lines cut at 150 characters).
 *
 * `--check` writes nothing and exits 1 naming every file that differs; `__tests__/docs/docs.test.ts`
 * fails the same way. Exit 2 when generating fails.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadEnvironments, loadEnvironmentSources } from '../modules/config/load';
import type { EnvironmentConfig } from '../modules/config/types';
import { ConfigError, EnvironmentSource, validateEnvironments } from '../modules/config/validate';
import { renderCatalogue } from '../modules/policy/catalogue';
import { controlMatrix, controlMatrixMarkdown } from '../modules/policy/controls';
import { DEFAULT_PACK } from '../modules/policy/packs';
import { classifyDrift, renderDriftMarkdown } from '../modules/review/drift';
import { renderAudit } from '../modules/review/audit';
import type { SynthJson } from '../modules/review/inventory';
import { readSynthesizedStacks } from '../modules/review/stacks';
import { renderPlanSummary, summarizePlan } from '../modules/review/summary';
import { buildApp } from '../modules/stacks/app';
import { AuditResult, runAudit } from './audit';
import { parseCostArgs, runCost } from './cost';
import { architecturePages } from './diagram';
import { parseArgs as parsePlanArgs, summarizeSavedPlan } from './plan';

/** What the samples are made from: one synthesis of every stack and one `npm run audit` run. */
export interface DocsInputs {
  readonly root: string;
  readonly configs: readonly EnvironmentConfig[];
  readonly stacks: ReadonlyMap<string, SynthJson>;
  readonly audit: AuditResult;
  /** What `npm run audit` printed. */
  readonly auditConsole: string;
}

interface Sample {
  readonly file: string;
  readonly render: (inputs: DocsInputs) => string;
}

const CONSOLE_WIDTH = 150;

/** Shifts the Markdown headings outside code blocks so the first one is at `level` (GitHub renders 6 levels). */
export function nestHeadings(markdown: string, level: number): string {
  let fenced = false;
  const levels: number[] = [];
  for (const l of markdown.split('\n')) {
    if (/^\s*```/.test(l)) fenced = !fenced;
    else if (!fenced && /^#{1,6} /.test(l)) levels.push(l.indexOf(' '));
  }
  const shift = levels.length ? level - levels[0] : 0;
  fenced = false;
  return markdown
    .split('\n')
    .map((l) => {
      if (/^\s*```/.test(l)) fenced = !fenced;
      else if (!fenced && /^#{1,6} /.test(l)) return `${'#'.repeat(Math.min(6, Math.max(1, l.indexOf(' ') + shift)))}${l.slice(l.indexOf(' '))}`;
      return l;
    })
    .join('\n');
}

/** Console lines longer than the sample's width end in " ...". */
function cut(line: string): string {
  return line.length > CONSOLE_WIDTH ? `${line.slice(0, CONSOLE_WIDTH - 4)} ...` : line;
}

/**
 * The README's excerpt of `npm run audit`: the first production environment's block (its header, the first
 * checklist lines, the first result of each cross-account rule) and the closing verdict line of every stack.
 */
export function auditConsoleExcerpt(printed: string, stackName: string): string {
  const lines = printed.split('\n');
  const start = lines.indexOf(lines.find((l) => l.startsWith(`== ${stackName} `)) ?? '');
  if (start < 0) throw new Error(`npm run audit printed no block for ${stackName}`);
  let end = start + 1;
  while (end < lines.length && !lines[end].startsWith('== ') && /^( |$)/.test(lines[end])) end++;
  const block = lines.slice(start + 1, end);
  const checklist = block.slice(0, block.indexOf(''));
  const xacc = new Map<string, string>();
  for (const l of block) {
    const rule = /^ {2}\S+ +(HAPI-XACC-\d+) /.exec(l)?.[1];
    if (rule && !xacc.has(rule)) xacc.set(rule, l);
  }
  const verdicts = lines.filter((l) => /^\S/.test(l) && !l.startsWith('== ') && !/^(reports written to|production policy errors)/.test(l));
  return ['```', lines[start], ...checklist.slice(0, 4), '  ...', ...xacc.values(), '  ...', ...verdicts, '```'].map(cut).join('\n');
}

/** Three mistakes for the README's validation sample: a /26 network and a two-digit account ID in dev, a relaxation production refuses. */
const MISTAKES: Record<string, (raw: Record<string, any>) => Record<string, unknown>> = {
  dev: (raw) => ({ ...raw, network: { ...raw.network, cidr: '10.0.0.0/26' }, account: { ...raw.account, id: '12' } }),
  prod: (raw) => ({ ...raw, relaxations: { ...raw.relaxations, singleAzDatabase: { reason: 'a standby doubles the cost' } } }),
};

/** What `npm run synth` prints (main.ts: the ConfigError's message) for the committed environments with MISTAKES. */
export function invalidEnvironmentsSample(sources: readonly EnvironmentSource[] = loadEnvironmentSources()): string {
  const broken = sources.map((s) => {
    const change = s.fileName === undefined ? undefined : MISTAKES[s.fileName];
    return change ? { ...s, raw: change(s.raw as Record<string, unknown>) } : s;
  });
  try {
    validateEnvironments(broken);
  } catch (e) {
    if (e instanceof ConfigError) return ['```', e.message, '```'].join('\n');
    throw e;
  }
  throw new Error(`the environments validated with the sample's mistakes (${Object.keys(MISTAKES).join(', ')})`);
}

/** The "Audit" section of a plan summary of `stackName` (what `npm run plan -- <env>` shows under that heading). */
function planAuditSection(inputs: DocsInputs, stackName: string): string {
  const report = inputs.audit.run.reports.find((r) => r.stackName === stackName);
  if (!report) throw new Error(`the audit has no report for ${stackName}`);
  const summary = renderPlanSummary(summarizePlan({ resource_changes: [] } as never), { title: stackName, mode: 'real', audit: renderAudit(report) });
  const from = summary.indexOf('### Audit\n');
  const to = summary.indexOf('<details><summary>All ');
  if (from < 0 || to < from) throw new Error('the plan summary has no Audit section');
  return summary.slice(from + '### Audit\n'.length, to).trim();
}

function cost(inputs: DocsInputs, argv: string[]): { markdown: string; first: string } {
  const { markdown, estimates } = runCost(parseCostArgs(argv), new Map(inputs.stacks));
  const second = estimates.length > 1 ? markdown.indexOf('\n### Monthly cost estimate: ') : -1;
  return { markdown, first: second < 0 ? markdown : markdown.slice(0, second) };
}

function savedPlanSummary(inputs: DocsInputs, argv: string[]): string {
  const opts = parsePlanArgs(argv);
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'helloapi-docs-plan-'));
  try {
    return summarizeSavedPlan(path.resolve(inputs.root, opts.fromJson!), { ...opts, outDir: out }).markdown;
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

const PLAN_FIXTURE = ['--from-json', '__tests__/review/fixtures/plan.json', 'review-fixture', '--no-audit'];
const DRIFT_FIXTURE = '__tests__/review/fixtures/drift/changes.json';

/** `npm run drift -- classify` of the drift fixture (exit code 2), without the issue marker. */
function driftSample(inputs: DocsInputs): string {
  const plan = JSON.parse(fs.readFileSync(path.join(inputs.root, DRIFT_FIXTURE), 'utf8')) as Parameters<typeof classifyDrift>[2];
  return renderDriftMarkdown(classifyDrift('dev', 'helloapi-dev', plan, 2)).replace(/^<!-- .* -->\n/, '');
}

/** `npm run audit -- --format matrix`: the heading and counts, then the seed checklist's table (the FSBP and CIS tables are the same shape). */
function matrixSample(inputs: DocsInputs): string {
  const md = controlMatrixMarkdown(controlMatrix(inputs.audit.run, DEFAULT_PACK.rules));
  const head = md.slice(0, md.indexOf('\n## '));
  const seed = md.slice(md.indexOf('\n## seed checklist'));
  return nestHeadings(`${head}${seed}`, 4).trim();
}

/** Every generated sample, by the command its markers name. */
export const SAMPLES: Record<string, Sample> = {
  'npm run synth (dev: a /26 network, a two-digit account ID; prod: a refused relaxation)': { file: 'README.md', render: () => invalidEnvironmentsSample() },
  'npm run audit': {
    file: 'README.md',
    render: (i) => auditConsoleExcerpt(i.auditConsole, i.configs.find((c) => c.production)?.stackName ?? i.configs[0].stackName),
  },
  [`npm run plan -- ${PLAN_FIXTURE.join(' ')}`]: { file: 'docs/review.md', render: (i) => nestHeadings(savedPlanSummary(i, PLAN_FIXTURE), 4).trim() },
  'npm run plan -- prod (its Audit section)': { file: 'docs/review.md', render: (i) => planAuditSection(i, 'helloapi-prod') },
  'npm run diagram -- prod': {
    file: 'docs/review.md',
    render: (i) => nestHeadings(architecturePages(i.configs, i.stacks, ['prod']).get('prod') ?? '', 4).trim(),
  },
  'npm run cost -- prod': { file: 'docs/review.md', render: (i) => nestHeadings(cost(i, ['prod']).markdown, 4).trim() },
  'npm run cost -- account-prod': { file: 'docs/review.md', render: (i) => nestHeadings(cost(i, ['account-prod']).markdown, 4).trim() },
  'npm run cost -- dev prod (the difference)': { file: 'docs/review.md', render: (i) => nestHeadings(cost(i, ['dev', 'prod']).first, 4).trim() },
  [`npm run drift -- classify --environment dev --stack helloapi-dev --exit-code 2 --plan-json ${DRIFT_FIXTURE}`]: { file: 'docs/review.md', render: (i) => nestHeadings(driftSample(i), 4).trim() },
  'npm run audit -- --format matrix (header and the seed checklist)': { file: 'docs/review.md', render: (i) => matrixSample(i) },
};

const MARKER = /^<!-- (BEGIN|END) GENERATED: (.+?) -->$/;

/**
 * `text` with every marked region replaced by what `render` returns for its command. Throws on a marker
 * without its pair or for a command `render` does not know (returns undefined).
 */
export function fillGeneratedRegions(file: string, text: string, render: (command: string) => string | undefined): string {
  const lines = text.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = MARKER.exec(lines[i]);
    if (!m) {
      out.push(lines[i]);
      continue;
    }
    const [, kind, command] = m;
    if (kind === 'END') throw new Error(`${file}:${i + 1}: END GENERATED without BEGIN`);
    const end = lines.findIndex((l, k) => k > i && MARKER.test(l));
    if (end < 0 || lines[end] !== `<!-- END GENERATED: ${command} -->`) throw new Error(`${file}:${i + 1}: "${command}" has no END GENERATED marker before the next marker`);
    const body = render(command);
    if (body === undefined) throw new Error(`${file}:${i + 1}: no generator for "${command}" (scripts/docs.ts SAMPLES)`);
    out.push(lines[i], body, lines[end]);
    i = end;
  }
  return out.join('\n');
}

/** The commands whose markers are in `text`. */
export function markedCommands(text: string): string[] {
  return [...text.matchAll(/^<!-- BEGIN GENERATED: (.+?) -->$/gm)].map((m) => m[1]);
}

/** Synthesizes every stack (as `cdktf synth` does) and runs `npm run audit` once. */
export function docsInputs(root = process.cwd(), configs: readonly EnvironmentConfig[] = loadEnvironments()): DocsInputs {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'helloapi-docs-'));
  try {
    buildApp(configs, { outdir: path.join(tmp, 'synth') }).app.synth();
    const stacks = readSynthesizedStacks(path.join(tmp, 'synth'));
    let auditConsole = '';
    const audit = runAudit({ configs, outDir: path.join(tmp, 'reports'), write: (t) => (auditConsole += t) });
    return { root, configs, stacks, audit, auditConsole };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * Every generated file as it should be (path relative to `root` -> text), and the generated pages that should
 * not exist (an architecture page of no environment).
 */
export function renderDocs(inputs: DocsInputs): { files: Map<string, string>; stale: string[] } {
  const files = new Map<string, string>();
  const archDir = path.join('docs', 'architecture');
  for (const [env, page] of architecturePages(inputs.configs, inputs.stacks)) files.set(path.join(archDir, `${env}.md`), page);
  files.set(path.join('docs', 'policy-rules.md'), renderCatalogue());
  const byFile = new Map<string, string[]>();
  for (const [command, s] of Object.entries(SAMPLES)) byFile.set(s.file, [...(byFile.get(s.file) ?? []), command]);
  for (const [file, commands] of byFile) {
    const text = fs.readFileSync(path.join(inputs.root, file), 'utf8');
    const missing = commands.filter((c) => !markedCommands(text).includes(c));
    if (missing.length) throw new Error(`${file} has no <!-- BEGIN GENERATED: ... --> markers for ${missing.map((c) => `"${c}"`).join(', ')}`);
    files.set(file, fillGeneratedRegions(file, text, (c) => (SAMPLES[c]?.file === file ? SAMPLES[c].render(inputs) : undefined)));
  }
  const existing = fs.existsSync(path.join(inputs.root, archDir)) ? fs.readdirSync(path.join(inputs.root, archDir)).map((f) => path.join(archDir, f)) : [];
  return { files, stale: existing.filter((f) => !files.has(f)) };
}

/** The generated files whose committed text differs, and the stale ones. */
export function docsDrift(root: string, rendered: ReturnType<typeof renderDocs>): string[] {
  const differs = [...rendered.files].filter(([f, text]) => !fs.existsSync(path.join(root, f)) || fs.readFileSync(path.join(root, f), 'utf8') !== text).map(([f]) => f);
  return [...differs, ...rendered.stale.map((f) => `${f} (no such environment: delete it)`)];
}

function main(argv: string[]): number {
  const check = argv.includes('--check');
  try {
    const root = process.cwd();
    const rendered = renderDocs(docsInputs(root));
    const drift = docsDrift(root, rendered);
    if (check) {
      for (const f of drift) process.stdout.write(`out of date: ${f}\n`);
      process.stdout.write(drift.length ? 'run `npm run docs` and commit the result\n' : 'docs up to date\n');
      return drift.length ? 1 : 0;
    }
    for (const [f, text] of rendered.files) {
      if (!drift.includes(f)) continue;
      fs.mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
      fs.writeFileSync(path.join(root, f), text);
      process.stdout.write(`wrote ${f}\n`);
    }
    for (const f of rendered.stale) {
      fs.rmSync(path.join(root, f));
      process.stdout.write(`removed ${f}\n`);
    }
    if (!drift.length) process.stdout.write('docs up to date\n');
    return 0;
  } catch (e) {
    process.stderr.write(`docs failed: ${(e as Error).message}\n`);
    return 2;
  }
}

if (require.main === module) process.exit(main(process.argv.slice(2)));
