/**
 * The edge layer's base props (name at most EDGE_MAX_NAME_LENGTH, the edge modules' limit; account, region,
 * partition) and the values AWS refuses that it used to synthesize: the hosted zone ID, the WAF rate limits and the
 * ALB idle timeout, checked with the ranges and pattern the environment schema uses (core/limits.ts, core/patterns.ts).
 */
import { edgeSchema, dnsSchema } from '../../modules/config/schema';
import { ALB_IDLE_TIMEOUT_RANGE, WAF_RATE_LIMIT_RANGE } from '../../modules/core/limits';
import { edgeModule, edgeRegionalModule } from '../../modules/edge/terraform-module';
import { EDGE_MAX_NAME_LENGTH, edgeValueProblems, EdgeValueProps } from '../../modules/edge/validation';
import { describeBaseProps, propsErrorOf } from '../support/base-props';
import { synthEdge } from './helpers';

describeBaseProps({ kind: 'Edge', build: (base) => synthEdge(base), maxNameLength: EDGE_MAX_NAME_LENGTH, modules: [edgeModule, edgeRegionalModule] });

const VALUES: EdgeValueProps = { name: 'helloapi-test', accountId: '123456789012', region: 'us-east-1', domainName: 'api.test.example.com', hostedZoneId: 'Z0123456789ABCDEFGHIJ' };
const refused = (overrides: Partial<EdgeValueProps>) => edgeValueProblems({ ...VALUES, ...overrides }).map((p) => [p.prop, p.value]);

describe('edge: hosted zone ID, WAF rate limits, ALB idle timeout', () => {
  it("refuses the review's values in one PropsError with the base props: every problem, each with its value", () => {
    const error = propsErrorOf(() => synthEdge({ name: 'Zeta_Billing', accountId: 'abc', region: 'eu-central-1', hostedZoneId: 'nope', rateLimit: 1, idleTimeoutSeconds: 0 }));
    expect(error.problems.map((p) => [p.prop, p.value])).toEqual([
      ['name', 'Zeta_Billing'],
      ['accountId', 'abc'],
      ['idleTimeoutSeconds', 0],
      ['hostedZoneId', 'nope'],
      ['rateLimit', 1],
    ]);
    expect(error.message).toContain('\n  hostedZoneId = "nope": must be a Route 53 hosted zone ID such as Z0123456789ABCDEFGHIJ: Z followed by 4-31 uppercase letters or digits (not /hostedzone/<id>)');
    expect(error.message).toContain("\n  rateLimit = 1: must be a whole number 10-2000000000 (requests per client IP per window; AWS WAF's range for a rate-based rule)");
    expect(error.message).toContain("\n  idleTimeoutSeconds = 0: must be a whole number of seconds 1-4000 (what an ALB's idle timeout accepts)");
  });

  it('hostedZoneId: Z and 4-31 uppercase letters or digits (32 in all), as the environment schema accepts', () => {
    for (const id of ['Z0123', 'Z2FDTNDATAQYW2', 'Z0123456789ABCDEFGHIJ', `Z${'A'.repeat(31)}`]) {
      expect(refused({ hostedZoneId: id })).toEqual([]);
      expect(dnsSchema.shape.hostedZoneId.safeParse(id).success).toBe(true);
    }
    for (const id of ['nope', 'Z012', 'z0123456789abcdefghij', '/hostedzone/Z0123456789ABCDEFGHIJ', `Z${'A'.repeat(32)}`]) {
      expect(refused({ hostedZoneId: id })).toEqual([['hostedZoneId', id]]);
      expect(dnsSchema.shape.hostedZoneId.safeParse(id).success).toBe(false);
    }
  });

  it("rateLimit and each pathRateLimits limit: whole numbers 10-2000000000, the schema's range (and the module's rate_limit)", () => {
    const { min, max } = WAF_RATE_LIMIT_RANGE;
    expect([min, max]).toEqual([10, 2_000_000_000]);
    for (const limit of [min, 1000, max]) {
      expect(refused({ rateLimit: limit, pathRateLimits: [{ path: '/api/token/', limit }] })).toEqual([]);
      expect(edgeSchema.safeParse({ rateLimit: limit, pathRateLimits: [{ path: '/api/token/', limit }] }).success).toBe(true);
    }
    for (const limit of [1, min - 1, max + 1, 100.5]) {
      expect(refused({ rateLimit: limit, pathRateLimits: [{ path: '/api/token/', limit }] })).toEqual([
        ['rateLimit', limit],
        ['pathRateLimits.0.limit', limit],
      ]);
      expect(edgeSchema.safeParse({ rateLimit: limit }).success).toBe(false);
      expect(edgeSchema.safeParse({ pathRateLimits: [{ path: '/api/token/', limit }] }).success).toBe(false);
    }
    const rateLimit = edgeModule.variables.find((v) => v.name === 'rate_limit')!;
    expect(rateLimit.validation![0].condition).toBe(`var.rate_limit >= ${min} && var.rate_limit <= ${max} && floor(var.rate_limit) == var.rate_limit`);
  });

  it('idleTimeoutSeconds: whole numbers 1-4000, the schema\'s range', () => {
    const { min, max } = ALB_IDLE_TIMEOUT_RANGE;
    expect([min, max]).toEqual([1, 4000]);
    for (const seconds of [min, 60, max]) {
      expect(refused({ idleTimeoutSeconds: seconds })).toEqual([]);
      expect(edgeSchema.safeParse({ idleTimeoutSeconds: seconds }).success).toBe(true);
    }
    for (const seconds of [0, max + 1, 30.5]) {
      expect(refused({ idleTimeoutSeconds: seconds })).toEqual([['idleTimeoutSeconds', seconds]]);
      expect(edgeSchema.safeParse({ idleTimeoutSeconds: seconds }).success).toBe(false);
    }
  });
});
