/** The view of one synthesized stack the rules get: resources by type and address, references, security-group rules. */
import { allResources, argumentAt, blocks, firstReferenced, isTrue, list, numberOr, referencesIn, refersTo, ResourceView, strings, TerraformJson } from './tf-json';
import type { PolicyTarget } from './types';

export type { ResourceView, TerraformJson } from './tf-json';

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

/** Read-only view of one synthesized stack, with cross-resource helpers. */
export class StackView {
  private readonly byAddress = new Map<string, ResourceView>();
  private readonly byType = new Map<string, ResourceView[]>();

  constructor(
    readonly json: TerraformJson,
    readonly target: PolicyTarget,
  ) {
    for (const type of Object.keys(json.resource ?? {})) this.byType.set(type, []);
    for (const view of allResources(json)) {
      this.byType.get(view.type)!.push(view);
      this.byAddress.set(view.address, view);
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
    return firstReferenced(value, (ref) => this.byAddress.get(ref.address));
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
    return refersTo(value, address);
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
            fromPort: numberOr(b.from_port, 0),
            toPort: numberOr(b.to_port, 65535),
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
        fromPort: numberOr(v.from_port, 0),
        toPort: numberOr(v.to_port, 65535),
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
          fromPort: all ? 0 : numberOr(v.from_port, 0),
          toPort: all ? 65535 : numberOr(v.to_port, 65535),
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

  /** The addresses of the resources of `type` in this stack that a value refers to. */
  addressesOf(value: unknown, type: string): string[] {
    return this.resolveAll(value)
      .filter((r) => r.type === type)
      .map((r) => r.address);
  }

  /** Security groups (addresses) referenced by a resource's argument (a dotted path enters nested blocks). */
  groupsOf(resource: ResourceView, attribute: string): string[] {
    return this.addressesOf(argumentAt(resource.values, attribute), 'aws_security_group');
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
