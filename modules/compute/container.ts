import { Token } from 'cdktf';

/**
 * Pure helpers for the compute layer: container-definition JSON, environment
 * and secret validation, image references. No constructs here, so the rules
 * are testable on their own and reusable by other task definitions.
 */

/** Names that must never be plain environment variables: they look like secrets. */
export const SECRET_LOOKING_NAME = /SECRET|PASSW(OR)?D|TOKEN|KEY|CREDENTIAL|PRIVATE/i;

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const HOSTNAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const ORIGIN = /^https:\/\/(?=.{1,253}(:\d{1,5})?$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}(:\d{1,5})?$/;
/** A literal Secrets Manager ARN, optionally followed by `:json-key:version-stage:version-id`. */
const SECRET_ARN = /^(arn:[a-z-]+:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@!-]+)(:[^:]*:[^:]*:[^:]*)?$/;

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
  if (!ENV_NAME.test(name)) throw new Error(`${where}: "${name}" is not a valid environment variable name`);
  if (SECRET_LOOKING_NAME.test(name)) {
    throw new Error(`${where}: "${name}" looks like a secret (matches ${SECRET_LOOKING_NAME}); pass it through extraSecrets from Secrets Manager instead`);
  }
}

/**
 * The secret ARN (without `:json-key:stage:version`) that IAM must allow for a
 * `valueFrom`. Accepts literal ARNs and Terraform tokens followed by an
 * optional `:json-key::` suffix, e.g. `${aws_secretsmanager_secret.x.arn}:password::`.
 */
export function secretArnOf(valueFrom: string, where: string): string {
  if (Token.isUnresolved(valueFrom)) {
    const end = valueFrom.lastIndexOf('}') + 1;
    const rest = valueFrom.slice(end);
    if (end === 0 || !/^(:[^:]*:[^:]*:[^:]*)?$/.test(rest)) {
      throw new Error(`${where}: "${valueFrom}" must be a secret ARN, optionally followed by :json-key:version-stage:version-id`);
    }
    return valueFrom.slice(0, end);
  }
  const m = SECRET_ARN.exec(valueFrom);
  if (!m) throw new Error(`${where}: "${valueFrom}" must be a Secrets Manager secret ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>), optionally followed by :json-key::`);
  return m[1];
}

/** Throws on `*`, wildcards, IPs or anything that is not a lowercase DNS name. */
export function assertAllowedHosts(hosts: readonly string[]): void {
  if (hosts.length === 0) throw new Error('allowedHosts: at least one host name is required');
  for (const h of hosts) {
    if (Token.isUnresolved(h)) continue;
    if (!HOSTNAME.test(h)) throw new Error(`allowedHosts: "${h}" must be an exact lowercase DNS name (never "*" or a wildcard)`);
  }
}

/** Throws on `*`, `http://` or anything that is not `https://<host>[:port]`. */
export function assertCorsOrigins(origins: readonly string[]): void {
  for (const o of origins) {
    if (Token.isUnresolved(o)) continue;
    if (!ORIGIN.test(o)) throw new Error(`corsAllowedOrigins: "${o}" must be an exact https:// origin such as https://app.example.com (never "*")`);
  }
}

/** `^health/$` for `/health/`: the SECURE_REDIRECT_EXEMPT regex Django matches against the path without its leading slash. */
export function redirectExemptPattern(path: string): string {
  return `^${path.replace(/^\//, '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`;
}

/** The image to run, as an immutable reference: a tag (never `latest` unless allowed) or a digest. */
export function imageReference(repository: string, image: { tag?: string; digest?: string }, allowMutableTag: boolean): string {
  const { tag, digest } = image;
  if ((tag === undefined) === (digest === undefined)) throw new Error('image: set exactly one of tag or digest');
  if (digest !== undefined) {
    if (!/^sha256:[a-f0-9]{64}$/.test(digest)) throw new Error(`image.digest: "${digest}" must be sha256: followed by 64 lowercase hex digits`);
    return `${repository}@${digest}`;
  }
  // A Terraform variable (the published HCL module) is checked by the module's validation blocks.
  if (Token.isUnresolved(tag)) return `${repository}:${tag}`;
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(tag!)) throw new Error(`image.tag: "${tag}" is not a Docker tag`);
  if (tag === 'latest' && !allowMutableTag) {
    throw new Error('image.tag: "latest" is mutable and cannot be rolled back; run an immutable tag or a digest (or set allowMutableTag outside production)');
  }
  return `${repository}:${tag}`;
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
