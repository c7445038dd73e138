/**
 * Problems with the fields of one environment file, before `validateEnvironments` names the file: the shared
 * collector of the schema, layer, environment and access checks.
 */
import { showValue } from '../core/problems';
import type { ParsedEnvironment } from './schema';

/** One thing wrong with one field of one environment file (`ConfigProblem` adds the file). */
export interface FieldProblem {
  /** Dotted path of the field, e.g. `network.cidr`. */
  readonly path: string;
  /** The offending value, as JSON. @default undefined (the field is missing, or its value is not shown) */
  readonly value?: string;
  /** What is wrong and what is allowed. */
  readonly message: string;
}

/** A top-level key of an environment file. */
export type Section = keyof ParsedEnvironment;

/** Adds a problem with the field at `path` whose value is `value`. */
export type Add = (path: string, value: unknown, message: string) => void;

/** A value as short JSON for messages; undefined stays undefined (the field is missing). */
export function show(value: unknown): string | undefined {
  return value === undefined ? undefined : showValue(value);
}

/** The value at a dotted path (`network.availabilityZones.1`) or a key path, undefined when absent. */
export function valueAt(root: unknown, path: string | readonly (string | number)[]): unknown {
  let cur: unknown = root;
  for (const key of typeof path === 'string' ? path.split('.') : path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[key];
  }
  return cur;
}

/** Collects the problems of one file's fields. */
export class FieldProblems {
  readonly all: FieldProblem[] = [];

  /** Adds a problem (`value` shown as JSON; undefined: not shown). */
  readonly add: Add = (path, value, message) => {
    this.all.push({ path, value: show(value), message });
  };

  /** Whether a problem names the field at `path` already. */
  has(path: string): boolean {
    return this.all.some((p) => p.path === path);
  }
}
