/**
 * The PostgreSQL versions the database layer runs, as one rule shared by the Database construct
 * (modules/database/index.ts), its Terraform module (terraform-module.ts) and the environment
 * validator (modules/config/schema.ts), so all three refuse the same values.
 */

/** The oldest PostgreSQL major version accepted (older majors are past RDS standard support). */
export const MIN_POSTGRES_MAJOR = 14;

/** The engine version used when none is given. */
export const DEFAULT_POSTGRES_VERSION = '17';

/** A PostgreSQL major (`17`) or major.minor (`17.4`). */
export const POSTGRES_VERSION = /^(\d{2})(\.\d+)?$/;

/**
 * What is wrong with `version`, as a phrase that follows the value ("must be ...", "is too old: ..."),
 * or undefined when it is accepted.
 */
export function postgresVersionProblem(version: string): string | undefined {
  const m = POSTGRES_VERSION.exec(version);
  if (!m) return 'must be a PostgreSQL major such as 17, or major.minor such as 17.4';
  if (Number(m[1]) < MIN_POSTGRES_MAJOR) return `is too old: PostgreSQL ${MIN_POSTGRES_MAJOR} or later`;
  return undefined;
}
