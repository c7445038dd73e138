import { ReadableStack } from '../../modules/core/addressing';
import { Edge, EdgeProps } from '../../modules/edge';
import { createAwsProvider } from '../../modules/stacks/providers';
import { SynthesizedStack, synthStack } from '../support/synth';

/** Fake network values (what the network layer hands over). */
export const NETWORK = {
  vpcId: 'vpc-0123456789abcdef0',
  publicSubnetIds: ['subnet-0aaaaaaaaaaaaaaa1', 'subnet-0bbbbbbbbbbbbbbb2'],
  appSubnetIds: ['subnet-0ccccccccccccccc3', 'subnet-0ddddddddddddddd4'],
  albSecurityGroupId: 'sg-0alb000000000001',
};

export type EdgeOverrides = Partial<Omit<EdgeProps, 'globalProvider'>> & { withGlobalProvider?: boolean };

/** Builds the edge layer in a test stack (offline providers: default + us-east-1 alias). */
export function synthEdge(overrides: EdgeOverrides = {}): { stack: SynthesizedStack; edge: Edge } {
  let edge!: Edge;
  const { withGlobalProvider = true, ...rest } = overrides;
  const region = rest.region ?? 'us-east-1';
  const stack = synthStack(
    (s: ReadableStack) => {
      const globalProvider = withGlobalProvider
        ? createAwsProvider(s, 'aws_us_east_1', { region: 'us-east-1', alias: 'us_east_1', accountId: '123456789012', defaultTags: {}, offline: true })
        : undefined;
      edge = new Edge(s, 'edge', {
        name: 'helloapi-test',
        accountId: '123456789012',
        region,
        network: NETWORK,
        domainName: 'api.test.example.com',
        hostedZoneId: 'Z0123456789ABCDEFGHIJ',
        globalProvider,
        ...rest,
      });
    },
    { region },
  );
  return { stack, edge };
}

/** Parses a JSON policy string from the synthesized output. */
export function policy(json: unknown): { Statement: Array<Record<string, any>> } {
  return JSON.parse(json as string);
}

export type WafRule = {
  name: string;
  priority: number;
  action?: Record<string, unknown>;
  override_action?: Record<string, unknown>;
  statement: Record<string, any>;
  visibility_config: { cloudwatch_metrics_enabled: boolean; metric_name: string; sampled_requests_enabled: boolean };
};

/** The rules of a synthesized web ACL, by name. */
export function rulesOf(stack: SynthesizedStack, address: string): Record<string, WafRule> {
  const acl = stack.resource('aws_wafv2_web_acl', address);
  return Object.fromEntries((acl.rule as WafRule[]).map((r) => [r.name, r]));
}
