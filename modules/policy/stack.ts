import type { PolicyTarget } from './types';

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

/** A parsed `${type.name.attr...}` reference. */
export interface Reference {
  readonly type: string;
  readonly name: string;
  readonly address: string;
  /** What follows the address, e.g. `id` or `arn`. */
  readonly attribute: string;
}

const REF = /\$\{((?:aws|data\.aws)_[a-z0-9_]+)\.([A-Za-z0-9_-]+)(?:\.([^}]*))?\}/g;

/** Every resource reference inside a string, e.g. `${aws_s3_bucket.logs.arn}/*` -> aws_s3_bucket.logs. */
export function referencesIn(text: string): Reference[] {
  const out: Reference[] = [];
  for (const m of text.matchAll(REF)) {
    out.push({ type: m[1], name: m[2], address: `${m[1]}.${m[2]}`, attribute: m[3] ?? '' });
  }
  return out;
}

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

/** Every string inside a value, recursively. */
export function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => strings(v, out));
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) if (k !== '//') strings(v, out);
  }
  return out;
}

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

/** One security-group rule, whichever resource declared it. */
export interface SgRule {
  readonly direction: 'ingress' | 'egress';
  /** The address of the resource that declares it (the group for inline rules). */
  readonly address: string;
  /** The security group it belongs to (address), when resolvable. */
  readonly group?: string;
  /** `-1` for all protocols. */
  readonly protocol: string;
  readonly fromPort: number;
  readonly toPort: number;
  readonly cidrs: string[];
  /** Source/destination security groups (references or literal IDs). */
  readonly groups: string[];
  readonly prefixLists: string[];
  readonly self: boolean;
  readonly description?: string;
}

function num(v: unknown, dflt: number): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : dflt;
}

/** Read-only view of one synthesized stack, with cross-resource helpers. */
export class StackView {
  private readonly byAddress = new Map<string, ResourceView>();
  private readonly byType = new Map<string, ResourceView[]>();

  constructor(
    readonly json: TerraformJson,
    readonly target: PolicyTarget,
  ) {
    for (const [type, byName] of Object.entries(json.resource ?? {})) {
      const views: ResourceView[] = [];
      for (const [name, values] of Object.entries(byName ?? {})) {
        const view: ResourceView = { type, name, address: `${type}.${name}`, values: values as Record<string, any> };
        views.push(view);
        this.byAddress.set(view.address, view);
      }
      this.byType.set(type, views);
    }
  }

  get name(): string {
    return this.target.stackName;
  }

  /** Every resource of the given types. */
  resources(...types: string[]): ResourceView[] {
    return types.flatMap((t) => this.byType.get(t) ?? []);
  }

  /** All resources. */
  all(): ResourceView[] {
    return [...this.byAddress.values()];
  }

  get(address: string): ResourceView | undefined {
    return this.byAddress.get(address);
  }

  /** The resource a value points at, when it is (or contains) a reference to one in this stack. */
  resolve(value: unknown): ResourceView | undefined {
    if (typeof value !== 'string') return undefined;
    for (const ref of referencesIn(value)) {
      const r = this.byAddress.get(ref.address);
      if (r) return r;
    }
    return undefined;
  }

  /** Every resource in this stack a value refers to. */
  resolveAll(value: unknown): ResourceView[] {
    const out = new Map<string, ResourceView>();
    for (const s of strings(value)) for (const ref of referencesIn(s)) {
      const r = this.byAddress.get(ref.address);
      if (r) out.set(r.address, r);
    }
    return [...out.values()];
  }

  /** Whether `value` (deeply) refers to the resource at `address`. */
  refersTo(value: unknown, address: string): boolean {
    const needle = `\${${address}.`;
    const needle2 = `\${${address}}`;
    return strings(value).some((s) => s.includes(needle) || s.includes(needle2));
  }

  /** Resources of `types` whose `attribute` (or any argument when omitted) refers to `address`. */
  referencing(address: string, types: string[], attribute?: string): ResourceView[] {
    return this.resources(...types).filter((r) => this.refersTo(attribute ? r.values[attribute] : r.values, address));
  }

  /** Every security-group rule, inline or standalone, normalised. */
  securityGroupRules(): SgRule[] {
    const out: SgRule[] = [];
    for (const sg of this.resources('aws_security_group', 'aws_default_security_group')) {
      for (const direction of ['ingress', 'egress'] as const) {
        for (const b of blocks(sg.values[direction])) {
          out.push({
            direction,
            address: sg.address,
            group: sg.address,
            protocol: String(b.protocol ?? '-1'),
            fromPort: num(b.from_port, 0),
            toPort: num(b.to_port, 65535),
            cidrs: [...list(b.cidr_blocks), ...list(b.ipv6_cidr_blocks)].map(String),
            groups: list(b.security_groups).map(String),
            prefixLists: list(b.prefix_list_ids).map(String),
            self: isTrue(b.self),
            description: b.description,
          });
        }
      }
    }
    for (const r of this.resources('aws_security_group_rule')) {
      const v = r.values;
      out.push({
        direction: v.type === 'egress' ? 'egress' : 'ingress',
        address: r.address,
        group: this.resolve(v.security_group_id)?.address,
        protocol: String(v.protocol ?? '-1'),
        fromPort: num(v.from_port, 0),
        toPort: num(v.to_port, 65535),
        cidrs: [...list(v.cidr_blocks), ...list(v.ipv6_cidr_blocks)].map(String),
        groups: v.source_security_group_id !== undefined ? [String(v.source_security_group_id)] : [],
        prefixLists: list(v.prefix_list_ids).map(String),
        self: isTrue(v.self),
        description: v.description,
      });
    }
    for (const [type, direction] of [
      ['aws_vpc_security_group_ingress_rule', 'ingress'],
      ['aws_vpc_security_group_egress_rule', 'egress'],
    ] as const) {
      for (const r of this.resources(type)) {
        const v = r.values;
        const protocol = String(v.ip_protocol ?? '-1');
        const all = protocol === '-1';
        out.push({
          direction,
          address: r.address,
          group: this.resolve(v.security_group_id)?.address,
          protocol,
          fromPort: all ? 0 : num(v.from_port, 0),
          toPort: all ? 65535 : num(v.to_port, 65535),
          cidrs: [v.cidr_ipv4, v.cidr_ipv6].filter((x) => x !== undefined).map(String),
          groups: v.referenced_security_group_id !== undefined ? [String(v.referenced_security_group_id)] : [],
          prefixLists: v.prefix_list_id !== undefined ? [String(v.prefix_list_id)] : [],
          self: false,
          description: v.description,
        });
      }
    }
    return out;
  }

  /** Security groups (addresses) referenced by a resource's argument. */
  groupsOf(resource: ResourceView, attribute: string): string[] {
    const value = attribute.split('.').reduce<any>((acc, k) => (acc === undefined ? undefined : Array.isArray(acc) ? acc[0]?.[k] : acc[k]), resource.values);
    return this.resolveAll(value)
      .filter((r) => r.type === 'aws_security_group')
      .map((r) => r.address);
  }

  /** Security groups attached to internet-facing load balancers. */
  loadBalancerGroups(): Set<string> {
    const out = new Set<string>();
    for (const lb of this.resources('aws_lb', 'aws_alb')) for (const g of this.groupsOf(lb, 'security_groups')) out.add(g);
    return out;
  }

  /** Every IAM policy document of the stack that grants identities permissions, with where it lives. */
  identityPolicies(): { address: string; document: unknown }[] {
    const out: { address: string; document: unknown }[] = [];
    for (const r of this.resources('aws_iam_role_policy', 'aws_iam_policy', 'aws_iam_user_policy', 'aws_iam_group_policy')) out.push({ address: r.address, document: r.values.policy });
    for (const r of this.resources('aws_iam_role')) for (const p of blocks(r.values.inline_policy)) if (p.policy !== undefined) out.push({ address: r.address, document: p.policy });
    return out;
  }
}

/** Internet-open CIDRs. */
export const WORLD = new Set(['0.0.0.0/0', '::/0']);
