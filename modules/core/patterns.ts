/**
 * Name and value patterns that layers check and the published Terraform modules' variable validations render
 * (core/module-variables.ts). Each is written so JavaScript and Terraform's regex() (RE2) read it alike: no
 * lookaround, no backreferences; a length limit is a separate constant.
 */

/** A layer's name prefix: lowercase letters, digits and hyphens, starting with a letter; never `--` (see `isNamePrefix`). */
export const NAME_PREFIX_PATTERN = '^[a-z][a-z0-9-]*[a-z0-9]$';

/** A 12-digit AWS account ID. */
export const ACCOUNT_ID_PATTERN = '^[0-9]{12}$';

/** An exact lowercase DNS name (no wildcard, no trailing dot); at most DNS_NAME_MAX_LENGTH characters (see `isDnsName`). */
export const DNS_NAME_PATTERN = '^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$';

/** Longest DNS name, in characters. */
export const DNS_NAME_MAX_LENGTH = 253;

/** An absolute URL path such as `/health/`. */
export const URL_PATH_PATTERN = '^/[A-Za-z0-9/_.-]*$';

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
