import { Token } from 'cdktf';
import { ACCOUNT_ID_PATTERN, AWS_PARTITIONS, isNamePrefix, REGION_PATTERN } from './patterns';
import { orList, PropProblem, Problems } from './problems';

/**
 * Settings every layer construct takes. Nothing here is looked up from AWS at
 * plan time: account, region and partition are inputs so that plans run offline.
 * Every layer checks them (`layerBaseProblems`) with its other props.
 */
export interface LayerBaseProps {
  /**
   * Prefix for every physical name this layer creates, e.g. `helloapi-prod`.
   * Lowercase letters, digits and single hyphens, starting with a letter and ending with a letter or digit.
   * The longest name depends on the layer (what the names it derives allow) and is the limit of the `name`
   * variable of the layer's published Terraform module too: 24 characters for network, compute, state and
   * account baseline, 28 for edge (26 with its blue/green test listener), 40 for database and monitoring
   * (`<LAYER>_MAX_NAME_LENGTH`, exported by each layer, e.g. `NETWORK_MAX_NAME_LENGTH` from `helloapi-infra/network`).
   */
  readonly name: string;
  /** The 12-digit AWS account ID the resources live in. */
  readonly accountId: string;
  /** The AWS region the resources live in, e.g. `us-east-1`. */
  readonly region: string;
  /**
   * The AWS partition: `aws`, `aws-cn` or `aws-us-gov`.
   * @default 'aws'
   */
  readonly partition?: string;
  /**
   * Tags added to every taggable resource of the layer (on top of the provider's default tags).
   * @default {}
   */
  readonly tags?: Record<string, string>;
}

/** The ARN prefix for a service in the layer's partition, region and account. */
export function arnPrefix(props: LayerBaseProps, service: string, global = false): string {
  const partition = props.partition ?? 'aws';
  return `arn:${partition}:${service}:${global ? '' : props.region}:${props.accountId}`;
}

/** How a layer checks its `name` (`layerBaseProblems`). */
export interface LayerNameRule {
  /** The longest name the layer accepts: the same constant as the `name` variable of its published Terraform module. */
  readonly maxNameLength: number;
  /** What the name is used for, shown in the message, e.g. `it prefixes the instance identifier`. */
  readonly nameUse: string;
}

/** How `layerBaseProblems` words a name whose only fault is its length: groups 1 (length) and 2 (the layer's maximum). */
export const NAME_TOO_LONG = /^is (\d+) characters long: at most (\d+) /;

/** How `layerBaseProblems` words a name that breaks the character rules (the start of its message). */
export const NAME_CHARACTERS_RULE = 'must be lowercase letters, digits and single hyphens, start with a letter and end with a letter or digit';

const ACCOUNT_ID = new RegExp(ACCOUNT_ID_PATTERN);
const REGION = new RegExp(REGION_PATTERN);

/**
 * The problems of the props every layer takes (empty when they are fine): `name` a name prefix (NAME_PREFIX_PATTERN,
 * no `--`) of at most the layer's `maxNameLength`, `accountId` 12 digits, `region` shaped like a region name,
 * `partition` (when given) one of AWS_PARTITIONS: the rules of the published modules' `name`, `account_id`,
 * `region` and `partition` variables (core/module-variables.ts). A value that is a token (a Terraform variable of
 * the published module) is left to the module's validation.
 */
export function layerBaseProblems(props: Pick<LayerBaseProps, 'name' | 'accountId' | 'region' | 'partition'>, rule: LayerNameRule): PropProblem[] {
  const problems = new Problems();
  const literal = (v: unknown): boolean => !Token.isUnresolved(v);
  const { name, accountId, region, partition } = props;
  if (literal(name)) {
    if (!(typeof name === 'string' && isNamePrefix(name, Number.MAX_SAFE_INTEGER))) problems.add('name', name, `${NAME_CHARACTERS_RULE}, at most ${rule.maxNameLength} characters (${rule.nameUse})`);
    // Only the length wrong: say so with the length (the environment validator reads it: NAME_TOO_LONG).
    else if (name.length > rule.maxNameLength) problems.add('name', name, `is ${name.length} characters long: at most ${rule.maxNameLength} (${rule.nameUse})`);
  }
  if (literal(accountId) && !(typeof accountId === 'string' && ACCOUNT_ID.test(accountId))) problems.add('accountId', accountId, 'must be a 12-digit AWS account ID');
  if (literal(region) && !(typeof region === 'string' && REGION.test(region))) problems.add('region', region, 'must be an AWS region name such as eu-west-1');
  if (partition !== undefined && literal(partition) && !(AWS_PARTITIONS as readonly string[]).includes(partition)) {
    problems.add('partition', partition, `must be ${orList(AWS_PARTITIONS)}`);
  }
  return [...problems.all];
}
