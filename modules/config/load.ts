import * as fs from 'fs';
import * as path from 'path';
import { EnvironmentConfig } from './types';
import { EnvironmentSource, validateEnvironments } from './validate';

/** The folder holding one file per environment (compiled or TypeScript). */
export const DEFAULT_ENVIRONMENTS_DIR = path.resolve(__dirname, '..', '..', 'environments');

/**
 * Reads every environment file in `dir` (files starting with `_` are shared
 * helpers, not environments) and validates them all together.
 */
export function loadEnvironmentSources(dir: string = DEFAULT_ENVIRONMENTS_DIR): EnvironmentSource[] {
  const ext = __filename.endsWith('.ts') ? '.ts' : '.js';
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(ext) && !f.endsWith('.d.ts') && !f.startsWith('_'))
    .sort();
  return files.map((f) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(path.join(dir, f)) as { default?: unknown };
    const fileName = path.basename(f, ext);
    return { source: `environments/${fileName}.ts`, fileName, raw: mod.default ?? mod };
  });
}

/** Loads, validates and resolves every environment; throws ConfigError listing all problems. */
export function loadEnvironments(dir?: string): EnvironmentConfig[] {
  return validateEnvironments(loadEnvironmentSources(dir));
}
