/**
 * The one reader of synthesized Terraform JSON (`cdk.tf.json`) in the policy engine: resources and their
 * arguments, `${...}` references, blocks and lists as cdktf emits them, booleans and numbers that may be strings,
 * JSON documents inside string arguments (IAM policies, container definitions), the `terraform` and `provider`
 * blocks, and IPv4 CIDRs. Rules, the stack view (stack.ts), the cross-stack look-ups (access.ts) and the
 * reachability analysis read the JSON through these functions only.
 */
import { parseCidr, ParsedCidr } from '../network/cidr';

/** The synthesized Terraform JSON of one stack (cdk.tf.json). */
export interface TerraformJson {
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
  [key: string]: unknown;
}

/** One resource of a stack. */
export interface ResourceView {
  readonly type: string;
  readonly name: string;
  /** `type.name`. */
  readonly address: string;
  /** The resource's arguments as synthesized (snake_case keys). */
  readonly values: Record<string, any>;
}

// ---------------------------------------------------------------- resources

function view(type: string, name: string, values: unknown): ResourceView {
  return { type, name, address: `${type}.${name}`, values: values as Record<string, any> };
}

/** Every resource of `type` in a stack, in declaration order. */
export function resourcesOf(json: TerraformJson, type: string): ResourceView[] {
  return Object.entries(json.resource?.[type] ?? {}).map(([name, values]) => view(type, name, values));
}

/** Every resource of a stack, type by type in declaration order. */
export function allResources(json: TerraformJson): ResourceView[] {
  return Object.keys(json.resource ?? {}).flatMap((type) => resourcesOf(json, type));
}

/** The resource `type.name` of a stack, if it declares one. */
export function resourceAt(json: TerraformJson, type: string, name: string): ResourceView | undefined {
  const values = json.resource?.[type]?.[name];
  return values ? view(type, name, values) : undefined;
}

// ---------------------------------------------------------------- references

/** A parsed `${type.name.attr...}` reference. */
export interface Reference {
  readonly type: string;
  readonly name: string;
  readonly address: string;
  /** What follows the address, e.g. `id` or `arn`; empty when nothing does. */
  readonly attribute: string;
}

/** `${aws_x.name}`, `${aws_x.name.attr...}`, `${data.aws_x.name...}`: a whole interpolation that is one reference. */
const REFERENCE = /\$\{((?:aws|data\.aws)_[a-z0-9_]+)\.([A-Za-z0-9_-]+)(?:\.([^}]*))?\}/g;

function reference(m: RegExpMatchArray | string[]): Reference {
  return { type: m[1], name: m[2], address: `${m[1]}.${m[2]}`, attribute: m[3] ?? '' };
}

/** Every resource reference inside a string, e.g. `${aws_s3_bucket.logs.arn}/*` -> aws_s3_bucket.logs. */
export function referencesIn(text: string): Reference[] {
  return [...text.matchAll(REFERENCE)].map(reference);
}

/** `text` with every reference replaced by what `replace` returns for it (`whole` keeps it as it is). */
export function replaceReferences(text: string, replace: (ref: Reference, whole: string) => string): string {
  return text.replace(REFERENCE, (whole: string, type: string, name: string, attribute: string | undefined) => replace(reference([whole, type, name, attribute!]), whole));
}

/** The first reference in a string value that `lookup` finds something for (undefined for non-strings). */
export function firstReferenced<T>(value: unknown, lookup: (ref: Reference) => T | undefined): T | undefined {
  if (typeof value !== 'string') return undefined;
  for (const ref of referencesIn(value)) {
    const found = lookup(ref);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Whether `value` (deeply) refers to the resource at `address` (`${address}` or `${address.attr}`). */
export function refersTo(value: unknown, address: string): boolean {
  const withAttribute = `\${${address}.`;
  const whole = `\${${address}}`;
  return strings(value).some((s) => s.includes(withAttribute) || s.includes(whole));
}

/** A value Terraform still has to compute (it contains `${`): nothing can be said about it. */
export function isUnresolved(value: string): boolean {
  return value.includes('${');
}

// ---------------------------------------------------------------- arguments

/** A value that is a block: cdktf emits single blocks as objects and repeated blocks as arrays. */
export function blocks(value: unknown): Record<string, any>[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.filter((v) => v !== null && typeof v === 'object') as Record<string, any>[];
  if (typeof value === 'object') return [value as Record<string, any>];
  return [];
}

/** The first block, or an empty object. */
export function block(value: unknown): Record<string, any> {
  return blocks(value)[0] ?? {};
}

/** A list argument (string lists may be a single token string). */
export function list(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** Terraform booleans may be synthesized as `true` or `"true"`. */
export function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}
export function isFalse(value: unknown): boolean {
  return value === false || value === 'false';
}

/** A number argument (numbers may be synthesized as strings); `fallback` when it is not a finite number. */
export function numberOr(value: unknown, fallback: number): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(n) ? n : fallback;
}

/** The argument at a dotted path (`network_configuration.subnets`), entering the first block of a list. */
export function argumentAt(values: Record<string, any>, path: string): unknown {
  return path.split('.').reduce<any>((acc, k) => (acc === undefined ? undefined : Array.isArray(acc) ? acc[0]?.[k] : acc[k]), values);
}

/** Every string inside a value, recursively (metadata under `//` keys skipped). */
export function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => strings(v, out));
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) if (k !== '//') strings(v, out);
  }
  return out;
}

// ---------------------------------------------------------------- JSON documents inside arguments

/** An IAM-style policy document statement, normalised. */
export interface Statement {
  readonly Sid?: string;
  readonly Effect: string;
  readonly Principal?: unknown;
  readonly NotPrincipal?: unknown;
  readonly Action: string[];
  readonly NotAction: string[];
  readonly Resource: string[];
  readonly NotResource: string[];
  readonly Condition?: Record<string, Record<string, unknown>>;
}

/** Parses a policy document; undefined when it is not literal JSON (e.g. a jsonencode() expression). */
export function parsePolicy(doc: unknown): Statement[] | undefined {
  let parsed: any = doc;
  if (typeof doc === 'string') {
    try {
      parsed = JSON.parse(doc);
    } catch {
      return undefined;
    }
  }
  if (parsed === null || typeof parsed !== 'object') return undefined;
  const stmts = list(parsed.Statement) as any[];
  return stmts.map((s) => ({
    Sid: s.Sid,
    Effect: s.Effect,
    Principal: s.Principal,
    NotPrincipal: s.NotPrincipal,
    Action: list(s.Action).map(String),
    NotAction: list(s.NotAction).map(String),
    Resource: list(s.Resource).map(String),
    NotResource: list(s.NotResource).map(String),
    Condition: s.Condition,
  }));
}

/** The principals of a statement as `kind:value` strings, e.g. `AWS:*`, `Service:logs.amazonaws.com`, `*`. */
export function principals(principal: unknown): string[] {
  if (principal === undefined) return [];
  if (typeof principal === 'string') return [principal === '*' ? '*' : `AWS:${principal}`];
  return Object.entries(principal as Record<string, unknown>).flatMap(([kind, v]) => list(v).map((x) => `${kind}:${String(x)}`));
}

/** A container definition from an `aws_ecs_task_definition`. */
export interface ContainerDefinition {
  name?: string;
  image?: string;
  user?: string;
  privileged?: boolean;
  readonlyRootFilesystem?: boolean;
  environment?: { name: string; value: string }[];
  secrets?: { name: string; valueFrom: string }[];
  logConfiguration?: { logDriver?: string; options?: Record<string, string> };
  portMappings?: { containerPort?: number }[];
  [key: string]: unknown;
}

/** Parses container_definitions; undefined when it is not literal JSON. */
export function containerDefinitions(taskDefinition: ResourceView): ContainerDefinition[] | undefined {
  const raw = taskDefinition.values.container_definitions;
  if (Array.isArray(raw)) return raw as ContainerDefinition[];
  if (typeof raw !== 'string') return undefined;
  try {
    const parsed = JSON.parse(raw);
    return Array.isArray(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------- terraform and provider blocks

/** The `terraform.backend` block of a stack: backend type -> its settings (empty when it declares none). */
export function backendsOf(json: TerraformJson): Record<string, Record<string, any>> {
  const backend = (json.terraform as Record<string, any> | undefined)?.backend;
  return backend && typeof backend === 'object' ? (backend as Record<string, Record<string, any>>) : {};
}

/** The blocks of provider `name` (`aws`): one per configuration, aliased or not. */
export function providerBlocks(json: TerraformJson, name: string): Record<string, any>[] {
  return blocks((json.provider as Record<string, unknown> | undefined)?.[name]);
}

// ---------------------------------------------------------------- CIDRs

/** Internet-open CIDRs. */
export const WORLD: ReadonlySet<string> = new Set(['0.0.0.0/0', '::/0']);

/** An IPv4 CIDR block: its network address (host bits cleared) and prefix length. */
export type Ipv4Cidr = ParsedCidr;

function mask(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

/**
 * An IPv4 CIDR argument (`10.0.0.0/16`, surrounding blanks ignored) with its host bits cleared; undefined for
 * anything else (IPv6, tokens, malformed text). Parsed by the network layer's parser (modules/network/cidr.ts).
 */
export function ipv4Cidr(text: string): Ipv4Cidr | undefined {
  const parsed = parseCidr(text.trim());
  return parsed && { base: (parsed.base & mask(parsed.prefix)) >>> 0, prefix: parsed.prefix };
}

/** Whether every address of `inner` is in `outer`. */
export function cidrContains(outer: Ipv4Cidr, inner: Ipv4Cidr): boolean {
  return inner.prefix >= outer.prefix && (inner.base & mask(outer.prefix)) >>> 0 === outer.base;
}

/** Whether two CIDR blocks share an address. */
export { cidrsOverlap } from '../network/cidr';
