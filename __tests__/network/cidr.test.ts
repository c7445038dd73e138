import { NON_VPC_RANGES, cidrConflict, planSubnets } from '../../modules/network/cidr';

describe('cidrConflict', () => {
  it('accepts a private range next to disjoint reserved ranges', () => {
    expect(cidrConflict('10.30.0.0/16', ['10.10.0.0/16', '10.20.0.0/16', '192.168.0.0/16'])).toBeUndefined();
  });

  it('reports the first reserved range the VPC overlaps, in either containment direction', () => {
    expect(cidrConflict('10.0.0.0/16', ['10.0.200.0/24'])).toMatch(/overlaps reserved range 10\.0\.200\.0\/24/);
    expect(cidrConflict('10.0.0.0/24', ['10.0.0.0/8'])).toMatch(/overlaps reserved range 10\.0\.0\.0\/8/);
    expect(cidrConflict('10.1.0.0/16', ['10.0.0.0/16'])).toBeUndefined();
  });

  it.each(NON_VPC_RANGES.map((r) => [r]))('refuses VPCs inside %s', (range) => {
    const base = range.split('/')[0];
    expect(cidrConflict(`${base}/16`, [])).toMatch(/which AWS reserves/);
  });

  it('reports an unparsable reserved range', () => {
    expect(cidrConflict('10.0.0.0/16', ['nope'])).toMatch(/reserved range "nope" is not an IPv4 CIDR/);
  });
});

describe('planSubnets (shared with config validation)', () => {
  it('carves tiers in order with no overlap and no gap', () => {
    const p = planSubnets('10.0.0.0/23', 3);
    if (!p.ok) throw new Error(p.error);
    expect(p.subnetPrefix).toBe(27);
    expect(p.subnets.map((s) => `${s.tier}/${s.azIndex} ${s.cidr}`)).toEqual([
      'public/0 10.0.0.0/27',
      'public/1 10.0.0.32/27',
      'public/2 10.0.0.64/27',
      'private_app/0 10.0.0.96/27',
      'private_app/1 10.0.0.128/27',
      'private_app/2 10.0.0.160/27',
      'data/0 10.0.0.192/27',
      'data/1 10.0.0.224/27',
      'data/2 10.0.1.0/27',
    ]);
  });
});
