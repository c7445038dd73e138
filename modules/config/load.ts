import * as fs from 'fs';
import * as path from 'path';
import { EnvironmentConfig } from './types';
import { ConfigError, ConfigProblem, EnvironmentSource, validateEnvironments } from './validate';

/** True when this module runs from its TypeScript source (jest), false when compiled into dist/. */
const FROM_SOURCE = __filename.endsWith('.ts');
/** The repository root (this file is modules/config/load.ts, or dist/modules/config/load.js). */
const PROJECT_ROOT = path.resolve(__dirname, ...(FROM_SOURCE ? ['..', '..'] : ['..', '..', '..']));
/** Where tsc writes the compiled project (tsconfig.json `outDir`) and its build record (`tsBuildInfoFile`). */
const DIST_ROOT = path.join(PROJECT_ROOT, 'dist');
const BUILD_INFO = path.join(DIST_ROOT, '.tsbuildinfo');

/**
 * The folder holding one file per environment: the SOURCE folder environments/ (never dist/environments,
 * which tsc leaves stale when a file is deleted and never copies .json into).
 */
export const DEFAULT_ENVIRONMENTS_DIR = path.join(PROJECT_ROOT, 'environments');

/** `$HELLOAPI_ENVIRONMENTS_DIR` when set (benchmarks, tests, other repos), else environments/. */
export function environmentsDir(env: Record<string, string | undefined> = process.env): string {
  return env.HELLOAPI_ENVIRONMENTS_DIR ? path.resolve(env.HELLOAPI_ENVIRONMENTS_DIR) : DEFAULT_ENVIRONMENTS_DIR;
}

/** Environment files read, and the files that could not be read (each a `(file)` problem naming it). */
interface ReadResult {
  readonly sources: EnvironmentSource[];
  readonly problems: ConfigProblem[];
}

function fileProblem(source: string, message: string): ConfigProblem {
  return { source, path: '(file)', message };
}

/** JSON.parse's message, with the line and column when the parser gave only a position (Node 20 does). */
function jsonErrorMessage(e: unknown, text: string): string {
  const message = e instanceof Error ? e.message : String(e);
  const at = /at position (\d+)/.exec(message);
  if (!at || /line \d+/.test(message)) return `invalid JSON: ${message}`;
  const before = text.slice(0, Number(at[1]));
  const line = before.split('\n').length;
  const column = Number(at[1]) - before.lastIndexOf('\n');
  return `invalid JSON: ${message} (line ${line}, column ${column})`;
}

function mtimeMs(file: string): number | undefined {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
}

/**
 * Compiled runs load environments/<f>.ts from dist/environments/<f>.js. The compiled file must exist and
 * have been built from the current source: written after it, or the last build (dist/.tsbuildinfo, which
 * tsc -b touches even when an unchanged file needs no new output) ran after it.
 */
function staleCompiledProblem(sourceFile: string, compiledFile: string, label: string): ConfigProblem | undefined {
  const sourceTime = mtimeMs(sourceFile) ?? 0;
  const compiledTime = mtimeMs(compiledFile);
  const compiledRel = path.relative(PROJECT_ROOT, compiledFile);
  const fix = 'run `npm run build` (`npx cdktf synth` and `npm run synth` compile first)';
  if (compiledTime === undefined) return fileProblem(label, `its compiled form ${compiledRel} is missing: ${fix}`);
  if (compiledTime < sourceTime && (mtimeMs(BUILD_INFO) ?? 0) < sourceTime) {
    return fileProblem(label, `its compiled form ${compiledRel} is older than the source, which was edited after the last build: ${fix}`);
  }
  return undefined;
}

function loadModule(file: string): unknown {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(file) as { default?: unknown };
  return mod.default ?? mod;
}

function readEnvironmentFiles(dir: string): ReadResult {
  const custom = path.resolve(dir) !== DEFAULT_ENVIRONMENTS_DIR;
  // environments/ holds .ts and .json (compiled runs load each .ts from dist/, jest loads it directly). Other
  // folders hold what this process can load: .js and .json in compiled runs, .ts and .json under jest.
  const codeExt = custom && !FROM_SOURCE ? '.js' : '.ts';
  const isCode = (f: string) => f.endsWith(codeExt) && !f.endsWith('.d.ts');
  const all = fs.readdirSync(dir).sort();
  const files = all.filter((f) => (isCode(f) || f.endsWith('.json')) && !f.startsWith('_'));
  if (files.length === 0) throw new Error(`no environment files in ${dir}`);
  const label = (f: string) => (custom ? path.join(path.basename(dir), f) : `environments/${f}`);
  const compiledOf = (f: string) => path.join(DIST_ROOT, 'environments', `${path.basename(f, '.ts')}.js`);
  const fromDist = !custom && !FROM_SOURCE;

  const sources: EnvironmentSource[] = [];
  const problems: ConfigProblem[] = [];
  // Shared helpers (`_*.ts`) are compiled too; a stale one would change an environment without a stale file of its own.
  if (fromDist) {
    for (const f of all.filter((x) => isCode(x) && x.startsWith('_'))) {
      const stale = staleCompiledProblem(path.join(dir, f), compiledOf(f), label(f));
      if (stale) problems.push(stale);
    }
  }
  for (const f of files) {
    const ext = path.extname(f);
    const source = label(f);
    const fileName = path.basename(f, ext);
    const file = path.join(dir, f);
    if (ext === '.json') {
      const text = fs.readFileSync(file, 'utf8');
      try {
        sources.push({ source, fileName, raw: JSON.parse(text) as unknown });
      } catch (e) {
        problems.push(fileProblem(source, jsonErrorMessage(e, text)));
      }
      continue;
    }
    let target = file;
    if (fromDist) {
      target = compiledOf(f);
      const stale = staleCompiledProblem(file, target, source);
      if (stale) {
        problems.push(stale);
        continue;
      }
    }
    try {
      sources.push({ source, fileName, raw: loadModule(target) });
    } catch (e) {
      problems.push(fileProblem(source, `failed to load: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`));
    }
  }
  return { sources, problems };
}

/**
 * Reads every environment file in `dir` (files starting with `_` are shared
 * helpers, not environments). Throws a ConfigError naming every file that
 * cannot be read (invalid JSON, a module that throws, a stale build).
 */
export function loadEnvironmentSources(dir: string = environmentsDir()): EnvironmentSource[] {
  const { sources, problems } = readEnvironmentFiles(dir);
  if (problems.length > 0) throw new ConfigError(problems);
  return sources;
}

/**
 * Loads, validates and resolves every environment; throws ConfigError listing all problems: the files that
 * cannot be read and every validation problem of the others, together.
 */
export function loadEnvironments(dir: string = environmentsDir()): EnvironmentConfig[] {
  const { sources, problems } = readEnvironmentFiles(dir);
  let configs: EnvironmentConfig[] = [];
  try {
    configs = validateEnvironments(sources);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    problems.push(...e.problems);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return configs;
}
