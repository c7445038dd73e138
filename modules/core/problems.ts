/**
 * One way for a construct to refuse its props (issue 18): a layer collects every problem with its props, each
 * naming the prop, the value and what is allowed, and throws them together as one `PropsError` naming the
 * construct. The environment validator (modules/config/validate.ts) calls the same rule functions and maps each
 * problem's prop to its environment-file field, so a fact is checked in one place.
 */

/** One problem with one prop. */
export interface PropProblem {
  /** The prop, dotted for nested ones, e.g. `scaling.minCount`. */
  readonly prop: string;
  /** The offending value (shown as JSON). @default undefined (the prop is missing) */
  readonly value?: unknown;
  /** What is wrong and what is allowed. */
  readonly message: string;
}

/** Collects the problems of one set of props. */
export class Problems {
  private readonly list: PropProblem[] = [];

  /** Adds a problem with `prop` (whose value is `value`). */
  add(prop: string, value: unknown, message: string): this {
    this.list.push({ prop, value, message });
    return this;
  }

  /** Adds every problem of another collector (or list), their props prefixed with `prefix.` when given. */
  addAll(problems: Problems | readonly PropProblem[], prefix?: string): this {
    for (const p of problems instanceof Problems ? problems.all : problems) {
      this.list.push(prefix ? { ...p, prop: `${prefix}.${p.prop}` } : p);
    }
    return this;
  }

  /** The problems collected so far, in the order they were added. */
  get all(): readonly PropProblem[] {
    return this.list;
  }

  /** Whether no problem has been collected. */
  get empty(): boolean {
    return this.list.length === 0;
  }

  /** Throws a PropsError for `construct` when there is any problem. */
  throwIfAny(construct: string): void {
    if (this.list.length) throw new PropsError(construct, this.list);
  }
}

/** A construct's props were refused: every problem at once. */
export class PropsError extends Error {
  constructor(
    /** The construct (its kind and path, e.g. `Compute helloapi-dev/compute`). */
    readonly construct: string,
    /** Every problem with the props, each naming the prop, the value and what is allowed. */
    readonly problems: readonly PropProblem[],
  ) {
    super(formatPropProblems(construct, problems));
    this.name = 'PropsError';
  }
}

/** Values as an English list for messages: `a`, `a or b`, `a, b or c`. */
export function orList(values: readonly (string | number)[]): string {
  return values.length < 2 ? values.join('') : `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`;
}

/** A value as a short JSON string for messages. */
export function showValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  let s: string;
  try {
    s = JSON.stringify(value) ?? String(value);
  } catch {
    s = String(value);
  }
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

export function formatPropProblems(construct: string, problems: readonly PropProblem[]): string {
  const lines = problems.map((p) => `  ${p.prop}${p.value !== undefined ? ` = ${showValue(p.value)}` : ''}: ${p.message}`);
  return `${construct}: invalid props (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${lines.join('\n')}`;
}
