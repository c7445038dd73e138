/**
 * IPv4 CIDR arithmetic used both by the environment validator and by the
 * network layer, so that "CIDR too small" is decided in exactly one place.
 */

export interface ParsedCidr {
  /** Network address as an unsigned 32-bit integer. */
  readonly base: number;
  /** Prefix length. */
  readonly prefix: number;
}

/** The subnet tiers, in the order they are carved out of the VPC CIDR. */
export const SUBNET_TIERS = ['public', 'private_app', 'data'] as const;
export type SubnetTier = (typeof SUBNET_TIERS)[number];

/** VPC prefix lengths AWS accepts. */
export const VPC_MIN_PREFIX = 16;
export const VPC_MAX_PREFIX = 28;
/** The smallest subnet the layer carves: 32 addresses, 27 usable (AWS reserves 5). */
export const SUBNET_MAX_PREFIX = 27;

export function parseCidr(cidr: string): ParsedCidr | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  const base = ((octets[0] << 24) >>> 0) + (octets[1] << 16) + (octets[2] << 8) + octets[3];
  return { base, prefix };
}

export function formatCidr(c: ParsedCidr): string {
  const b = c.base;
  return `${b >>> 24}.${(b >>> 16) & 255}.${(b >>> 8) & 255}.${b & 255}/${c.prefix}`;
}

/** Host bits set in the address part of a CIDR (e.g. `10.0.0.1/16`). */
export function hasHostBits(c: ParsedCidr): boolean {
  const size = 2 ** (32 - c.prefix);
  return c.base % size !== 0;
}

/** The network address of a CIDR: its host bits cleared (`10.0.0.1/16` -> `10.0.0.0/16`). */
export function networkOf(c: ParsedCidr): ParsedCidr {
  return { base: c.base - (c.base % 2 ** (32 - c.prefix)), prefix: c.prefix };
}

/** Whether two CIDR blocks share any address. */
export function cidrsOverlap(a: ParsedCidr, b: ParsedCidr): boolean {
  const aEnd = a.base + 2 ** (32 - a.prefix) - 1;
  const bEnd = b.base + 2 ** (32 - b.prefix) - 1;
  return a.base <= bEnd && b.base <= aEnd;
}

/** Extra prefix bits needed to fit `count` equal subnets. */
export function newBitsFor(count: number): number {
  return Math.ceil(Math.log2(count));
}

export interface SubnetPlan {
  /** The subnet tier. */
  readonly tier: SubnetTier;
  /** Zero-based AZ index. */
  readonly azIndex: number;
  /** The subnet's CIDR. */
  readonly cidr: string;
}

export type SubnetPlanResult = { ok: true; subnets: SubnetPlan[]; subnetPrefix: number } | { ok: false; error: string };

/**
 * Carves `tiers x azCount` equal subnets out of a VPC CIDR, tier by tier
 * (all public subnets first, then private app, then data).
 */
export function planSubnets(vpcCidr: string, azCount: number): SubnetPlanResult {
  const parsed = parseCidr(vpcCidr);
  if (!parsed) return { ok: false, error: `"${vpcCidr}" is not an IPv4 CIDR (a.b.c.d/n)` };
  if (parsed.prefix < VPC_MIN_PREFIX || parsed.prefix > VPC_MAX_PREFIX) {
    return { ok: false, error: `"${vpcCidr}" has prefix /${parsed.prefix}; AWS allows VPC prefixes /${VPC_MIN_PREFIX} to /${VPC_MAX_PREFIX}` };
  }
  if (hasHostBits(parsed)) {
    return { ok: false, error: `"${vpcCidr}" has host bits set; did you mean "${formatCidr(networkOf(parsed))}"?` };
  }
  const count = SUBNET_TIERS.length * azCount;
  const subnetPrefix = parsed.prefix + newBitsFor(count);
  if (subnetPrefix > SUBNET_MAX_PREFIX) {
    const largestPrefix = SUBNET_MAX_PREFIX - newBitsFor(count);
    return {
      ok: false,
      error: `"${vpcCidr}" is too small for ${count} subnets (${SUBNET_TIERS.length} tiers x ${azCount} AZs): each would be /${subnetPrefix}, smaller than the /${SUBNET_MAX_PREFIX} minimum; use a /${largestPrefix} or larger`,
    };
  }
  const size = 2 ** (32 - subnetPrefix);
  const subnets: SubnetPlan[] = [];
  SUBNET_TIERS.forEach((tier, t) => {
    for (let az = 0; az < azCount; az++) {
      const index = t * azCount + az;
      subnets.push({ tier, azIndex: az, cidr: formatCidr({ base: parsed.base + index * size, prefix: subnetPrefix }) });
    }
  });
  return { ok: true, subnets, subnetPrefix };
}

/**
 * Ranges a VPC must never use: "this network", loopback, link-local (instance
 * metadata, the Amazon DNS/time services), multicast and reserved.
 */
export const NON_VPC_RANGES: readonly string[] = ['0.0.0.0/8', '127.0.0.0/8', '169.254.0.0/16', '224.0.0.0/4', '240.0.0.0/4'];

/**
 * Why `vpcCidr` may not be used next to `others` (peered VPCs, on-premises
 * ranges, other environments), or undefined when it may. `vpcCidr` must parse.
 */
export function cidrConflict(vpcCidr: string, others: readonly string[]): string | undefined {
  const vpc = parseCidr(vpcCidr);
  if (!vpc) return `"${vpcCidr}" is not an IPv4 CIDR (a.b.c.d/n)`;
  for (const range of NON_VPC_RANGES) {
    if (cidrsOverlap(vpc, parseCidr(range)!)) return `"${vpcCidr}" overlaps ${range}, which AWS reserves and a VPC cannot use`;
  }
  for (const other of others) {
    const parsed = parseCidr(other);
    if (!parsed) return `reserved range "${other}" is not an IPv4 CIDR (a.b.c.d/n)`;
    if (cidrsOverlap(vpc, parsed)) return `"${vpcCidr}" overlaps reserved range ${other}; pick a VPC CIDR that shares no address with it`;
  }
  return undefined;
}
