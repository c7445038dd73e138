/**
 * Variables of the published Terraform modules (modules/<layer>/terraform-module.ts): the ones every module
 * shares, and HCL validation conditions written from the same constants the layers check (core/limits.ts,
 * core/patterns.ts, the layers' exported rule tables), so a rule has one home and the module cannot drift from it.
 */
import { LOG_RETENTION_DAYS } from './limits';
import { ACCOUNT_ID_PATTERN, AWS_PARTITIONS, NAME_PREFIX_PATTERN, REGION_PATTERN } from './patterns';
import { orList } from './problems';
import type { ModuleVariableSpec } from './terraform-module';

/** One validation block of a module variable. */
export type ModuleValidation = NonNullable<ModuleVariableSpec['validation']>[number];

/** An HCL list literal: `[1, 3, 5]`, `["a", "b"]`. */
export function hclList(values: readonly (string | number)[]): string {
  return `[${values.map((v) => JSON.stringify(v)).join(', ')}]`;
}

/**
 * An HCL string literal of a regular expression. Terraform's regex() speaks RE2: the pattern must mean the same in
 * JavaScript and RE2 (no lookaround, no backreferences), which the shared patterns are written to.
 */
export function hclPattern(pattern: string): string {
  if (/[$%]\{/.test(pattern)) throw new Error(`pattern ${pattern} would be read as an HCL template ("\${" or "%{")`);
  return JSON.stringify(pattern);
}

/** `can(regex("<pattern>", <expression>))`, e.g. over each element `u` of a list in a `for` expression. */
export function regexCondition(expression: string, pattern: string): string {
  return `can(regex(${hclPattern(pattern)}, ${expression}))`;
}

/** `can(regex("<pattern>", var.<name>))`. */
export function matchesCondition(name: string, pattern: string): string {
  return regexCondition(`var.${name}`, pattern);
}

/** `contains([...], var.<name>)`. */
export function oneOfCondition(name: string, values: readonly (string | number)[]): string {
  return `contains(${hclList(values)}, var.${name})`;
}

/** `var.<name> >= min && var.<name> <= max && floor(var.<name>) == var.<name>` (either bound may be absent). */
export function wholeNumberCondition(name: string, range: { readonly min?: number; readonly max?: number }): string {
  const v = `var.${name}`;
  return [range.min !== undefined ? `${v} >= ${range.min}` : undefined, range.max !== undefined ? `${v} <= ${range.max}` : undefined, `floor(${v}) == ${v}`]
    .filter((c) => c !== undefined)
    .join(' && ');
}

/** A whole number within `range`: `<name> must be a whole number 20-65536.` (or `>= 1` without a maximum). */
export function wholeNumberValidation(name: string, range: { readonly min: number; readonly max?: number }): ModuleValidation {
  return {
    condition: wholeNumberCondition(name, range),
    errorMessage: `${name} must be a whole number ${range.max !== undefined ? `${range.min}-${range.max}` : `>= ${range.min}`}.`,
    invalid: range.min - 1,
  };
}

/** `name`: the prefix of every physical name (NAME_PREFIX_PATTERN, no `--`), with a per-module length limit. */
export function nameVariable(maxLength: number): ModuleVariableSpec {
  const example = 'myapp-prod';
  return {
    name: 'name',
    type: 'string',
    description: `Prefix for every physical name, e.g. \`${example}\`: lowercase letters, digits and single hyphens, at most ${maxLength} characters.`,
    validation: [
      {
        condition: `${matchesCondition('name', NAME_PREFIX_PATTERN)} && !strcontains(var.name, "--") && length(var.name) <= ${maxLength}`,
        errorMessage: `name must be lowercase letters, digits and single hyphens, at most ${maxLength} characters.`,
        invalid: 'My--App',
      },
    ],
  };
}

/** `account_id`: 12 digits. */
export const accountIdVariable: ModuleVariableSpec = {
  name: 'account_id',
  type: 'string',
  description: 'The 12-digit AWS account ID the resources live in (used in ARNs and policy conditions; no lookup at plan time).',
  validation: [
    {
      condition: matchesCondition('account_id', ACCOUNT_ID_PATTERN),
      errorMessage: 'account_id must be 12 digits.',
      invalid: '1234',
    },
  ],
};

/** `region`: the region of the `aws` provider passed to the module. */
export const regionVariable: ModuleVariableSpec = {
  name: 'region',
  type: 'string',
  description: 'The region of the `aws` provider you pass to the module, e.g. `eu-west-1` (used in ARNs, service and endpoint names; no lookup at plan time).',
  validation: [
    {
      condition: matchesCondition('region', REGION_PATTERN),
      errorMessage: 'region must be an AWS region name such as eu-west-1.',
      invalid: 'Europe',
    },
  ],
};

/** `partition`. */
export const partitionVariable: ModuleVariableSpec = {
  name: 'partition',
  type: 'string',
  description: `AWS partition of the account (${AWS_PARTITIONS.map((p) => `\`${p}\``).join(', ')}).`,
  default: 'aws',
  validation: [
    {
      condition: oneOfCondition('partition', AWS_PARTITIONS),
      errorMessage: `partition must be ${orList(AWS_PARTITIONS)}.`,
      invalid: 'aws-iso',
    },
  ],
};

/** `tags`: merged into the tags of every taggable resource of the module (the layer merges it with `withOwnTags`). */
export const tagsVariable: ModuleVariableSpec = {
  name: 'tags',
  type: 'map(string)',
  description: "Tags added to the module's taggable resources (on top of the provider's default_tags); the module's own `Name`/`Tier` tags win.",
  default: {},
};

/** The variables every published module takes, in this order: the module contract (README "Terraform modules"). */
export const COMMON_VARIABLE_NAMES = ['name', 'account_id', 'region', 'partition', 'tags'] as const;

/** How a module's `name` differs from the contract's: its length limit, an example, checks of names it derives. */
export interface NameVariableOptions {
  /** Longest prefix the module's derived names allow. */
  readonly maxLength: number;
  /**
   * More validations after the contract's (e.g. a bucket name derived from `name` within the S3 limit).
   * @default []
   */
  readonly extraValidation?: ModuleValidation[];
}

/**
 * The variables every published module takes first (the module contract): `name` (at most `maxLength`, plus the
 * module's own checks of names derived from it), `account_id`, `region`, `partition`, `tags`, with the same types,
 * descriptions and validations everywhere. __tests__/modules/module-contract.test.ts holds every emitted module to it.
 */
export function layerBaseVariables(maxLength: number | NameVariableOptions): ModuleVariableSpec[] {
  const o: NameVariableOptions = typeof maxLength === 'number' ? { maxLength } : maxLength;
  const name = nameVariable(o.maxLength);
  return [{ ...name, validation: [...name.validation!, ...(o.extraValidation ?? [])] }, accountIdVariable, regionVariable, partitionVariable, tagsVariable];
}

/** A CloudWatch Logs retention in days: one of LOG_RETENTION_DAYS (core/limits.ts). */
export function logRetentionVariable(name: string, description: string, fallback = 365): ModuleVariableSpec {
  return {
    name,
    type: 'number',
    description,
    default: fallback,
    validation: [
      {
        condition: oneOfCondition(name, LOG_RETENTION_DAYS),
        errorMessage: `${name} must be a CloudWatch Logs retention value (${LOG_RETENTION_DAYS.join(', ')}).`,
        invalid: 2,
      },
    ],
  };
}
