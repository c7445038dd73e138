/**
 * Validates every environment file and resolves it, or reports every problem of every file at once. One home per
 * fact: the schema (schema.ts) checks types and shape, each layer checks its own props (layer-rules.ts runs the
 * layers' pure `<layer>PropsProblems` on the props this environment gives them), and the validator adds only what
 * a layer cannot know: environment and relaxation rules (environment-rules.ts), cross-account roles
 * (access-rules.ts) and checks across environments (cross-environment.ts).
 */
import { accessProblems } from './access-rules';
import { crossEnvironmentProblems } from './cross-environment';
import { environmentProblems } from './environment-rules';
import { FieldProblem, FieldProblems, Section } from './field-problems';
import { layerProblems } from './layer-rules';
import { resolve } from './resolve';
import { environmentSchema, ParsedEnvironment } from './schema';
import { parseSections, schemaProblems } from './schema-problems';
import { EnvironmentConfig } from './types';

export { SHARED_STATE_FIELDS, StateLocation, stateKmsKeyAlias, stateLocation } from './resolve';

/** One thing wrong with one environment file. */
export interface ConfigProblem {
  /** Where the environment came from, e.g. `environments/prod.ts`. */
  readonly source: string;
  /** Dotted path of the field, e.g. `network.cidr`. */
  readonly path: string;
  /** The offending value, as JSON. @default undefined (the field is missing, or its value is not shown: a webhook URL) */
  readonly value?: string;
  /** What is wrong and what is allowed. */
  readonly message: string;
}

export class ConfigError extends Error {
  constructor(
    /** Every problem found, each with its source, field path, value and what is allowed (the message lists them all). */
    readonly problems: readonly ConfigProblem[],
  ) {
    super(formatProblems(problems));
    this.name = 'ConfigError';
  }
}

export function formatProblems(problems: readonly ConfigProblem[]): string {
  const lines = problems.map((p) => `  ${p.source}: ${p.path || '(root)'}${p.value !== undefined ? ` = ${p.value}` : ''}: ${p.message}`);
  return `Invalid environment configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${lines.join('\n')}`;
}

export interface EnvironmentSource {
  /** Where it came from, for messages (e.g. `environments/prod.ts`). */
  readonly source: string;
  /** The file's base name without extension; must equal `name`. @default undefined (no file-name check) */
  readonly fileName?: string;
  /** The raw object the file exports. */
  readonly raw: unknown;
}

/**
 * Checks that go beyond one field's type, run on whatever parsed: each group runs only when the sections it reads
 * parsed, so a schema problem elsewhere hides nothing.
 */
function fieldProblems(env: Partial<ParsedEnvironment>, sections: ReadonlySet<Section>, fileName: string | undefined): FieldProblem[] {
  const problems = new FieldProblems();
  const has = (...s: Section[]) => s.every((x) => sections.has(x));
  // Every group reads the relaxations (which weaken a default, or are refused in production).
  if (!has('relaxations')) return problems.all;
  const parsed = env as ParsedEnvironment;
  layerProblems(env, sections, problems.add);
  environmentProblems(parsed, has, fileName, problems);
  accessProblems(parsed, problems.add, has);
  return problems.all;
}

/** One file: its problems, or its resolved environment. */
function validateOne({ source, fileName, raw }: EnvironmentSource): { problems: ConfigProblem[]; config?: EnvironmentConfig } {
  const named = (list: readonly FieldProblem[]): ConfigProblem[] => list.map((p) => ({ source, ...p }));
  const parsed = environmentSchema.safeParse(raw);
  if (!parsed.success) {
    // Still run the other checks on every section that parsed on its own.
    const { env, sections } = parseSections(raw);
    return { problems: named([...schemaProblems(raw, parsed.error), ...fieldProblems(env, sections, fileName)]) };
  }
  const problems = named(fieldProblems(parsed.data, new Set(Object.keys(environmentSchema.shape) as Section[]), fileName));
  return problems.length > 0 ? { problems } : { problems, config: resolve(parsed.data, source) };
}

/**
 * Validates every environment and returns them resolved, or throws a
 * ConfigError listing every problem in every file at once.
 */
export function validateEnvironments(sources: readonly EnvironmentSource[]): EnvironmentConfig[] {
  const problems: ConfigProblem[] = [];
  const configs: EnvironmentConfig[] = [];
  for (const source of sources) {
    const one = validateOne(source);
    problems.push(...one.problems);
    if (one.config) configs.push(one.config);
  }
  problems.push(...crossEnvironmentProblems(configs));
  if (problems.length > 0) throw new ConfigError(problems);
  return configs;
}
