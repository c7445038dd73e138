/**
 * Pure helpers for the compute layer: container-definition JSON, image references and the single-value
 * checks other task definitions can reuse (their rules live in ./validate.ts). No constructs here.
 */
import { Fn, Token } from 'cdktf';
import {
  allowedHostsProblems,
  corsOriginsProblems,
  imageProblems,
  plainEnvironmentNameProblems,
  secretArnPart,
  secretArnProblems,
  throwFirstProblem,
} from './validate';

export { SECRET_LOOKING_NAME } from './validate';

/** One `name`/`value` pair of a container definition's `environment`. */
export interface EnvironmentVariable {
  /** Variable name. */
  readonly name: string;
  /** Variable value (never a secret). */
  readonly value: string;
}

/** One `name`/`valueFrom` pair of a container definition's `secrets`. */
export interface ContainerSecret {
  /** Environment variable the secret is exposed as. */
  readonly name: string;
  /** Secrets Manager ARN, optionally with `:json-key::` selectors. */
  readonly valueFrom: string;
}

/** Throws unless `name` is a valid environment variable name that does not look like a secret. */
export function assertPlainEnvironmentName(name: string, where: string): void {
  throwFirstProblem(plainEnvironmentNameProblems(name, where));
}

/**
 * The secret ARN (without `:json-key:stage:version`) that IAM must allow for a
 * `valueFrom`. Accepts literal ARNs and Terraform tokens followed by an
 * optional `:json-key::` suffix, e.g. `${aws_secretsmanager_secret.x.arn}:password::`.
 */
export function secretArnOf(valueFrom: string, where: string): string {
  throwFirstProblem(secretArnProblems(valueFrom, where));
  return secretArnPart(valueFrom)!;
}

/** Throws on `*`, wildcards, IPs or anything that is not a lowercase DNS name. */
export function assertAllowedHosts(hosts: readonly string[]): void {
  throwFirstProblem(allowedHostsProblems(hosts));
}

/** Throws on `*`, `http://` or anything that is not `https://<host>[:port]`. */
export function assertCorsOrigins(origins: readonly string[]): void {
  throwFirstProblem(corsOriginsProblems(origins));
}

/**
 * The characters redirectExemptPattern escapes, as the text of an HCL string literal (its backslashes doubled: cdktf
 * writes a function's string arguments as they are) holding a Terraform `replace()` regex: RE2 reads the class
 * `[.*+?^$(){}|\[\]\\]`, the JavaScript one's characters, ordered so no `${` starts an HCL template.
 */
const HCL_REGEX_SPECIALS = String.raw`/[.*+?^$(){}|\\[\\]\\\\]/`;

/**
 * `^health/$` for `/health/`: the SECURE_REDIRECT_EXEMPT regex Django matches against the path without its leading slash.
 * A path that is a Terraform token (the published module's `health_check_path`) is escaped by Terraform when it is
 * known, the same way: the result is the token of `format("^%s$", replace(trimprefix(<path>, "/"), <specials>, "\\$0"))`
 * (HCL; `\$0`, a backslash and the match, at run time), since escaping the token's text here would corrupt the reference.
 * Its value is the plain pattern: JSON text that holds it escapes its backslashes (task-definition.ts `jsonStringContent`).
 */
export function redirectExemptPattern(path: string): string {
  if (Token.isUnresolved(path)) return Fn.format('^%s$', [Fn.replace(Fn.trimprefix(path, '/'), HCL_REGEX_SPECIALS, String.raw`\\$0`)]);
  return `^${path.replace(/^\//, '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`;
}

/** The image to run, as an immutable reference: a tag (never `latest` unless allowed) or a digest. */
export function imageReference(repository: string, image: { tag?: string; digest?: string }, allowMutableTag: boolean): string {
  throwFirstProblem(imageProblems(image, allowMutableTag));
  return image.digest !== undefined ? `${repository}@${image.digest}` : `${repository}:${image.tag}`;
}

/**
 * The container health check: Python's urllib (the Django image has Python, but
 * often no curl) asks the app's health endpoint on localhost, with the public
 * Host header and `X-Forwarded-Proto: https`, so it passes Django's host
 * validation and SECURE_SSL_REDIRECT even without the health middleware.
 * Non-200 answers, redirects to https and timeouts all exit 1.
 */
export function healthCheckCommand(port: number, path: string, host: string): string[] {
  const url = `http://127.0.0.1:${port}${path}`;
  const script =
    `import sys,urllib.request as u;` +
    `r=u.urlopen(u.Request('${url}',headers={'Host':'${host}','X-Forwarded-Proto':'https'}),timeout=4);` +
    `sys.exit(0 if r.status==200 else 1)`;
  return ['CMD', 'python', '-c', script];
}

/** Sorted by name, so the JSON (and the plan) is stable. */
export function toEnvironment(vars: Record<string, string>): EnvironmentVariable[] {
  return Object.keys(vars)
    .sort()
    .map((name) => ({ name, value: vars[name] }));
}

/** Sorted by name, so the JSON (and the plan) is stable. */
export function toSecrets(secrets: Record<string, string>): ContainerSecret[] {
  return Object.keys(secrets)
    .sort()
    .map((name) => ({ name, valueFrom: secrets[name] }));
}
