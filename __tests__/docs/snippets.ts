/**
 * Type-checks the TypeScript snippets of the Markdown docs the way a consumer
 * compiles them: every ```ts / ```typescript block becomes a module next to
 * package.json that imports `helloapi-infra` and its subpaths by name, so they
 * resolve through package.json "exports" to the published declarations in
 * dist/ (a subpath that is not exported fails, as it would for a consumer),
 * and the peer dependencies from node_modules. One compiler program for all
 * snippets.
 *
 * The snippet conventions (also in CONTRIBUTING.md, "Docs"):
 * - A snippet is the body of a stack's constructor: `this` is the stack
 *   (a `TerraformStack`); its imports are written as a consumer writes them.
 * - It may use the layers of the other READMEs' snippets without declaring
 *   them: `network`, `database`, `edge`, `compute` (the layer constructs) and
 *   `usEast1Provider` (an `AwsProvider` in us-east-1). Nothing else is in scope.
 * - A deliberately partial snippet (a fragment that is not TypeScript on its
 *   own) is fenced ```ts nocheck; keep that rare: the test lists them.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

export const ROOT = path.resolve(__dirname, '..', '..');

/** What every snippet may use without declaring it (see the header). */
export const SNIPPET_CONTEXT = `
declare const network: import('helloapi-infra/network').Network;
declare const database: import('helloapi-infra/database').Database;
declare const edge: import('helloapi-infra/edge').Edge;
declare const compute: import('helloapi-infra/compute').Compute;
declare const usEast1Provider: import('@cdktf/provider-aws/lib/provider').AwsProvider;
`;

export interface CodeBlock {
  readonly file: string;
  /** 1-based line of the block's first content line. */
  readonly line: number;
  readonly lang: string;
  /** The words after the language (`nocheck`). */
  readonly flags: readonly string[];
  readonly text: string;
}

/** The fenced code blocks (``` only) of a Markdown text. */
export function codeBlocks(file: string, markdown: string): CodeBlock[] {
  const lines = markdown.split('\n');
  const out: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,})\s*([^`\s]*)\s*(.*)$/.exec(lines[i]);
    if (!open) continue;
    const fence = open[2];
    let j = i + 1;
    while (j < lines.length && !new RegExp(`^\\s*${fence}\\s*$`).test(lines[j])) j++;
    out.push({ file, line: i + 2, lang: open[3].toLowerCase(), flags: open[4].split(/\s+/).filter(Boolean), text: lines.slice(i + 1, j).join('\n') });
    i = j;
  }
  return out;
}

/** The Markdown files whose snippets are checked: every .md of the repository except the generated API report. */
export function markdownFiles(root = ROOT): string[] {
  const skip = new Set(['node_modules', 'dist', '.git', 'cdktf.out', 'api', 'reports', 'plans', 'coverage', '.terraform']);
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.name.startsWith('.') || skip.has(e.name) || e.name.startsWith('cdktf.out')) continue;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.md')) out.push(path.relative(root, p));
    }
  };
  walk(root);
  return out.sort();
}

export const isTypeScript = (b: CodeBlock) => b.lang === 'ts' || b.lang === 'typescript';

/** Every TypeScript block of the docs. */
export function typeScriptBlocks(root = ROOT): CodeBlock[] {
  return markdownFiles(root).flatMap((f) => codeBlocks(f, fs.readFileSync(path.join(root, f), 'utf8')).filter(isTypeScript));
}

interface VirtualSnippet {
  readonly block: CodeBlock;
  readonly fileName: string;
  readonly text: string;
  /** Maps a 0-based line of the virtual file to the 1-based line of the Markdown file. */
  readonly lineOf: (virtualLine: number) => number;
}

/**
 * The module a snippet becomes: its imports first (as written), then the rest
 * of the snippet, line for line, as the body of a function whose `this` is the
 * stack. Import declarations are blanked in the body so lines keep their place.
 */
export function snippetModule(block: CodeBlock, fileName: string): VirtualSnippet {
  const source = ts.createSourceFile(fileName, block.text, ts.ScriptTarget.ES2022, true);
  const imports = source.statements.filter((s) => ts.isImportDeclaration(s) || ts.isImportEqualsDeclaration(s));
  const head: string[] = [];
  const headLines: number[] = [];
  let body = block.text;
  for (const s of imports) {
    const text = s.getText(source);
    const start = source.getLineAndCharacterOfPosition(s.getStart(source)).line;
    text.split('\n').forEach((l, k) => {
      head.push(l);
      headLines.push(start + k);
    });
    body = body.slice(0, s.getStart(source)) + text.replace(/[^\n]/g, ' ') + body.slice(s.getEnd());
  }
  const prelude = [...head, "import type { TerraformStack as SnippetStack__ } from 'cdktf';", ...SNIPPET_CONTEXT.trim().split('\n'), 'export function snippet__(this: SnippetStack__): void {'];
  const text = [...prelude, body, '}', ''].join('\n');
  return {
    block,
    fileName,
    text,
    lineOf: (l) => block.line + (l < head.length ? headLines[l] : l >= prelude.length ? l - prelude.length : 0),
  };
}

/** The compiler options of examples/ts-consumer (node16 resolution: package.json "exports" apply), strict, no emit. */
export const SNIPPET_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.Node16,
  moduleResolution: ts.ModuleResolutionKind.Node16,
  strict: true,
  esModuleInterop: true,
  skipLibCheck: true,
  noEmit: true,
  types: [],
  lib: ['lib.es2022.d.ts'],
};

/**
 * Type-checks the given blocks in one program; returns one line per problem,
 * `<file>:<line>: <message>`, with the line in the Markdown file.
 */
export function checkSnippets(blocks: readonly CodeBlock[], root = ROOT): string[] {
  const dir = path.join(root, '.snippets');
  const snippets = blocks.map((b, i) => snippetModule(b, path.join(dir, `${b.file.replace(/[^A-Za-z0-9]+/g, '_')}_${i}.ts`)));
  const byName = new Map(snippets.map((s) => [s.fileName, s]));
  const host = ts.createCompilerHost(SNIPPET_OPTIONS);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (f) => byName.has(f) || fileExists.call(host, f);
  host.readFile = (f) => byName.get(f)?.text ?? readFile.call(host, f);
  host.getSourceFile = (f, lang, ...rest) => {
    const s = byName.get(f);
    return s ? ts.createSourceFile(f, s.text, lang) : getSourceFile.call(host, f, lang, ...rest);
  };
  const program = ts.createProgram({ rootNames: snippets.map((s) => s.fileName), options: SNIPPET_OPTIONS, host });
  const problems: string[] = [];
  for (const d of [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()]) problems.push(`compiler: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
  for (const s of snippets) {
    const sf = program.getSourceFile(s.fileName)!;
    for (const d of [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)]) {
      const line = d.start === undefined ? 0 : sf.getLineAndCharacterOfPosition(d.start).line;
      problems.push(`${s.block.file}:${s.lineOf(line)}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n  ')}`);
    }
  }
  return problems;
}

/** A `module "<label>" { source = "./terraform-modules/<module>" ... }` block of an HCL snippet. */
export interface HclModuleCall {
  readonly label: string;
  /** The published module's folder name (the last segment of `source`). */
  readonly module: string;
  /** The arguments set in the block (`source`, `providers` and the meta-arguments left out). */
  readonly args: readonly string[];
  /** `module.<label>.<output>` references in the block's values. */
  readonly refs: readonly { readonly label: string; readonly output: string }[];
  /** Whether the block says it leaves inputs out (a comment with `...`). */
  readonly elided: boolean;
}

const META_ARGUMENTS = new Set(['source', 'version', 'providers', 'count', 'for_each', 'depends_on']);

/** Opening minus closing brackets of an HCL line, outside strings and comments. */
function bracketBalance(line: string): number {
  const code = line.replace(/"(?:[^"\\]|\\.)*"/g, '""').replace(/#.*$/, '');
  return (code.match(/[{[(]/g) ?? []).length - (code.match(/[}\])]/g) ?? []).length;
}

/**
 * The calls of our published modules in an HCL snippet: blocks whose `source` ends in `terraform-modules/<module>`.
 * The snippets are simple (one argument per line; braces balanced per line), which is all this reads.
 */
export function hclModuleCalls(text: string): HclModuleCall[] {
  const calls: HclModuleCall[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^\s*module\s+"([^"]+)"\s*\{\s*$/.exec(lines[i]);
    if (!open) continue;
    // The block's lines up to its closing brace, and those that start at its top level (not inside a value).
    const body: string[] = [];
    const topLevel: string[] = [];
    let depth = 1;
    while (++i < lines.length) {
      const before = depth;
      depth += bracketBalance(lines[i]);
      if (depth <= 0) break;
      body.push(lines[i]);
      if (before === 1) topLevel.push(lines[i]);
    }
    const assigned = topLevel.map((l) => /^\s*([A-Za-z_][A-Za-z0-9_-]*)\s*=/.exec(l)?.[1]).filter((a): a is string => a !== undefined);
    const source = /^\s*source\s*=\s*"([^"]*)"/m.exec(body.join('\n'))?.[1] ?? '';
    const module = /terraform-modules\/([a-z0-9-]+)\/?$/.exec(source)?.[1];
    if (module === undefined) continue;
    const values = body.map((l) => l.replace(/#.*$/, '')).join('\n');
    calls.push({
      label: open[1],
      module,
      args: assigned.filter((a) => !META_ARGUMENTS.has(a)),
      refs: [...values.matchAll(/\bmodule\.([A-Za-z_][A-Za-z0-9_-]*)\.([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => ({ label: m[1], output: m[2] })),
      elided: body.some((l) => /#.*\.\.\./.test(l)),
    });
  }
  return calls;
}

/** The ```hcl / ```terraform blocks of the Markdown docs. */
export function hclBlocks(root = ROOT): CodeBlock[] {
  return markdownFiles(root).flatMap((f) => codeBlocks(f, fs.readFileSync(path.join(root, f), 'utf8'))).filter((b) => b.lang === 'hcl' || b.lang === 'terraform' || b.lang === 'tf');
}

/** The emitted modules a snippet can call: folder name -> variables (required or not) and outputs. */
export type EmittedModules = Record<string, { readonly variable?: Record<string, { default?: unknown; nullable?: boolean }>; readonly output?: Record<string, unknown> }>;

/**
 * Every problem of the HCL snippets' calls of our modules: an argument the module has no variable for, a reference to
 * an output the called module does not have, a required variable missing from a block that does not say it elides
 * inputs (`# ...`), a module that does not exist. Each names the file and line.
 */
export function hclSnippetProblems(blocks: readonly CodeBlock[], modules: EmittedModules): string[] {
  const problems: string[] = [];
  for (const block of blocks) {
    const calls = hclModuleCalls(block.text);
    const byLabel = new Map(calls.map((c) => [c.label, c]));
    for (const call of calls) {
      const at = `${block.file}:${block.line} module "${call.label}"`;
      const m = modules[call.module];
      if (!m) {
        problems.push(`${at}: no published module ${call.module} (modules: ${Object.keys(modules).join(', ')})`);
        continue;
      }
      const variables = m.variable ?? {};
      for (const a of call.args) if (!(a in variables)) problems.push(`${at}: ${call.module} has no variable ${a}`);
      if (!call.elided) {
        const required = Object.entries(variables).filter(([, v]) => v.default === undefined && v.nullable !== true).map(([n]) => n);
        for (const r of required) if (!call.args.includes(r)) problems.push(`${at}: required variable ${r} of ${call.module} is not set (or say "# ..." that inputs are left out)`);
      }
      for (const ref of call.refs) {
        const target = byLabel.get(ref.label);
        if (target === undefined) continue;
        const outputs = modules[target.module]?.output ?? {};
        if (!(ref.output in outputs)) problems.push(`${at}: module.${ref.label}.${ref.output}: ${target.module} has no output ${ref.output}`);
      }
    }
  }
  return problems;
}
