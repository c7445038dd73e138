/**
 * Name and value patterns that layers check and the published Terraform modules' variable validations render
 * (core/module-variables.ts). Each is written so JavaScript and Terraform's regex() (RE2) read it alike: no
 * lookaround, no backreferences; a length limit is a separate constant.
 */

/** A layer's name prefix: lowercase letters, digits and hyphens, starting with a letter; never `--` (see `isNamePrefix`). */
export const NAME_PREFIX_PATTERN = '^[a-z][a-z0-9-]*[a-z0-9]$';

/** A 12-digit AWS account ID. */
export const ACCOUNT_ID_PATTERN = '^[0-9]{12}$';

/**
 * An AWS region name such as `eu-west-1`, `us-gov-west-1` or `us-iso-east-1` (its shape only; which regions exist is
 * the environment schema's rule, modules/config/regions.ts).
 */
export const REGION_PATTERN = '^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-[0-9]$';

/** The AWS partitions the layers build ARNs for (`arn:<partition>:...`). */
export const AWS_PARTITIONS = ['aws', 'aws-cn', 'aws-us-gov'] as const;

/**
 * A Route 53 hosted zone ID such as `Z0123456789ABCDEFGHIJ`: `Z` followed by 4-31 uppercase letters or digits (an ID is
 * at most 32 characters: HostedZone `Id`, https://docs.aws.amazon.com/Route53/latest/APIReference/API_HostedZone.html).
 */
export const HOSTED_ZONE_ID_PATTERN = '^Z[0-9A-Z]{4,31}$';

/** An exact lowercase DNS name (no wildcard, no trailing dot); at most DNS_NAME_MAX_LENGTH characters (see `isDnsName`). */
export const DNS_NAME_PATTERN = '^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$';

/** Longest DNS name, in characters. */
export const DNS_NAME_MAX_LENGTH = 253;

/** An absolute URL path such as `/health/`. */
export const URL_PATH_PATTERN = '^/[A-Za-z0-9/_.-]*$';

/** A Python dotted module path such as `helloapi.settings.production` (DJANGO_SETTINGS_MODULE): identifiers joined by dots. */
export const PYTHON_MODULE_PATTERN = '^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*$';

/**
 * A literal IAM role ARN, `arn:<partition>:iam::<12-digit account>:role/<path/>name`: the partition `aws` or `aws-`
 * words (`aws-cn`, `aws-us-gov`; whether it is the right one is the caller's rule), the path `/` or `/a/b/` (no empty
 * segment), path segments and the name of IAM's name characters (letters, digits, `_+=,.@-`). Groups: partition,
 * account, path, name. Role names are at most 64 characters, a separate rule (config/access-rules.ts). The one rule
 * for role ARNs: `parseRoleArn` (core/iam.ts) matches it, the environment schema accepts what that parses.
 */
export const ROLE_ARN_PATTERN = '^arn:(aws(?:-[a-z]+)*):iam::([0-9]{12}):role(/(?:[A-Za-z0-9_+=,.@-]+/)*)([A-Za-z0-9_+=,.@-]+)$';

const NAME_PREFIX = new RegExp(NAME_PREFIX_PATTERN);
const DNS_NAME = new RegExp(DNS_NAME_PATTERN);

/** Whether `name` is a name prefix (NAME_PREFIX_PATTERN, no `--`) of at most `maxLength` characters. */
export function isNamePrefix(name: string, maxLength: number): boolean {
  return NAME_PREFIX.test(name) && !name.includes('--') && name.length <= maxLength;
}

/** Whether `name` is an exact lowercase DNS name (DNS_NAME_PATTERN, at most DNS_NAME_MAX_LENGTH characters). */
export function isDnsName(name: string): boolean {
  return name.length <= DNS_NAME_MAX_LENGTH && DNS_NAME.test(name);
}
