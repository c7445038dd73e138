import * as fs from 'fs';
import * as path from 'path';
import { EnvironmentConfig } from './types';
import { EnvironmentSource, validateEnvironments } from './validate';

/** The folder holding one file per environment (compiled or TypeScript). */
export const DEFAULT_ENVIRONMENTS_DIR = path.resolve(__dirname, '..', '..', 'environments');

/** `$HELLOAPI_ENVIRONMENTS_DIR` when set (benchmarks, tests, other repos), else environments/. */
export function environmentsDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.HELLOAPI_ENVIRONMENTS_DIR ? path.resolve(env.HELLOAPI_ENVIRONMENTS_DIR) : DEFAULT_ENVIRONMENTS_DIR;
}

/**
 * Reads every environment file in `dir` (files starting with `_` are shared
 * helpers, not environments) and validates them all together.
 */
export function loadEnvironmentSources(dir: string = environmentsDir()): EnvironmentSource[] {
  // Compiled runs load .js, jest loads .ts; plain .json environment files work in both.
  const codeExt = __filename.endsWith('.ts') ? '.ts' : '.js';
  const files = fs
    .readdirSync(dir)
    .filter((f) => (f.endsWith(codeExt) || f.endsWith('.json')) && !f.endsWith('.d.ts') && !f.startsWith('_'))
    .sort();
  if (files.length === 0) throw new Error(`no environment files in ${dir}`);
  const custom = dir !== DEFAULT_ENVIRONMENTS_DIR;
  return files.map((f) => {
    const ext = path.extname(f);
    const fileName = path.basename(f, ext);
    const source = custom ? path.join(path.basename(dir), f) : `environments/${fileName}.ts`;
    if (ext === '.json') return { source, fileName, raw: JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as unknown };
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(path.join(dir, f)) as { default?: unknown };
    return { source, fileName, raw: mod.default ?? mod };
  });
}

/** Loads, validates and resolves every environment; throws ConfigError listing all problems. */
export function loadEnvironments(dir?: string): EnvironmentConfig[] {
  return validateEnvironments(loadEnvironmentSources(dir));
}
