/**
 * The edge layer's props: what a caller may set, with JSDoc and defaults (aws-cdk-lib style).
 * The rules for them live in validation.ts (`edgePropsProblems`).
 */
import { TerraformProvider } from 'cdktf';
import { LayerBaseProps } from '../core/context';
import type { NetworkOutputs } from '../network/outputs';
import { SecurityHeaders } from './headers';
import { ExtraWafRule, ManagedRuleGroup, PathRateLimit } from './waf';
import { WafRuleMode } from './waf-rules';

/** Target-group health check settings. */
export interface EdgeHealthCheck {
  /** @default '/health/' */
  readonly path?: string;
  /** HTTP codes that mean healthy. @default '200' */
  readonly matcher?: string;
  /** @default 15 */
  readonly intervalSeconds?: number;
  /** @default 5 */
  readonly timeoutSeconds?: number;
  /** @default 2 */
  readonly healthyThreshold?: number;
  /** @default 3 */
  readonly unhealthyThreshold?: number;
}

/** The blue/green test listener (`EdgeProps.testListener`). */
export interface EdgeTestListener {
  /** Listener port (HTTPS), not 80 or 443. */
  readonly port: number;
  /** The VPC's IPv4 CIDR: clients inside the VPC may use the test listener. */
  readonly vpcCidr: string;
  /**
   * Further IPv4 CIDRs that may use it (a VPN range, say).
   * @default []
   */
  readonly allowedCidrs?: string[];
}

export interface EdgeProps extends LayerBaseProps {
  /**
   * Where the ALB lives: the VPC, its subnets (public ones without CloudFront; behind CloudFront the private app
   * subnets, the ALB being internal), the ALB security group and the port the app security group admits from it
   * (`containerPort`, the target group's port unless `containerPort` is set here). From the network layer.
   */
  readonly network: Pick<NetworkOutputs, 'vpcId' | 'publicSubnetIds' | 'appSubnetIds' | 'albSecurityGroupId' | 'containerPort'>;
  /** The API's public host name, e.g. `api.example.com`. */
  readonly domainName: string;
  /**
   * Route 53 hosted zone that holds `domainName` (and the alternative names): its ID, e.g. `Z0123456789ABCDEFGHIJ`
   * (`Z` and 4-31 uppercase letters or digits; not `/hostedzone/<id>`).
   */
  readonly hostedZoneId: string;
  /**
   * Provider for the Route 53 records (certificate validation and aliases) when the hosted zone lives in
   * another account: one that assumes a role there (see `edgeDnsStatements` for what the role needs).
   * Route 53 has no resource policies, so a zone is only writable with credentials of its own account.
   * @default the scope's default provider (the zone is in this account)
   */
  readonly dnsProvider?: TerraformProvider;
  /**
   * Extra public names on the certificates, routed to the API like `domainName`.
   * @default []
   */
  readonly alternativeNames?: string[];
  /**
   * Port the container listens on (the target group's port).
   * @default `network.containerPort` (the port the network layer admits), else 8000
   */
  readonly containerPort?: number;
  /**
   * Target-group health check.
   * @default path '/health/', matcher '200', every 15 s
   */
  readonly healthCheck?: EdgeHealthCheck;
  /**
   * Seconds a deregistering task keeps receiving in-flight requests.
   * @default 30
   */
  readonly deregistrationDelaySeconds?: number;
  /**
   * ALB idle timeout in seconds: a whole number 1-4000.
   * @default 60
   */
  readonly idleTimeoutSeconds?: number;
  /**
   * TLS security policy of the HTTPS listener.
   * @default DEFAULT_SSL_POLICY (ELBSecurityPolicy-TLS13-1-2-Res-2021-06)
   */
  readonly sslPolicy?: string;
  /**
   * ALB address type. `dualstack` needs IPv6 CIDRs on the public subnets; it also adds AAAA records to the ALB.
   * @default 'ipv4'
   */
  readonly ipAddressType?: 'ipv4' | 'dualstack';
  /**
   * Response security headers (HSTS, nosniff, frame options, ...).
   * @default HSTS two years with includeSubDomains and preload, nosniff, DENY
   */
  readonly securityHeaders?: SecurityHeaders;
  /**
   * Requests per client IP per window before WAF blocks: a whole number 10-2000000000 (AWS WAF's range).
   * @default 1000
   */
  readonly rateLimit?: number;
  /**
   * WAF rate-limit window in seconds: 60, 120, 300 or 600.
   * @default 300
   */
  readonly rateLimitWindowSeconds?: 60 | 120 | 300 | 600;
  /**
   * Tighter per-path rate limits (e.g. `/api/token/`).
   * @default []
   */
  readonly pathRateLimits?: PathRateLimit[];
  /**
   * Client CIDRs let through WAF without further checks.
   * @default []
   */
  readonly ipAllowList?: string[];
  /**
   * Client CIDRs WAF always blocks.
   * @default []
   */
  readonly ipDenyList?: string[];
  /**
   * AWS managed rule groups (with optional count-only rules).
   * @default common, known bad inputs, SQL injection, IP reputation
   */
  readonly managedRuleGroups?: ManagedRuleGroup[];
  /**
   * Extension point: rules of your own, added to every web ACL of this layer after the built-in ones.
   * @default []
   */
  readonly extraWafRules?: ExtraWafRule[];
  /**
   * Staged WAF rollout: `count` (observe) or `block` (enforce) per built-in rule, keyed by its name
   * in the web ACL: a managed group's name, `rate-limit-per-ip`, `rate-limit-path-<i>`, `ip-deny-list`
   * (see `wafRuleNames`). Applies to both web ACLs. Unknown names throw.
   * @default {} (every rule blocks)
   */
  readonly wafRuleModes?: Readonly<Record<string, WafRuleMode>>;
  /**
   * Put CloudFront in front of the ALB (its own certificate and web ACL in us-east-1) and make the ALB unreachable
   * from the internet: an internal ALB in the private app subnets, reached only through a CloudFront VPC origin,
   * its security group admitting HTTPS from CloudFront's origin-facing prefix list only. Off, the ALB is
   * internet-facing in the public subnets (regional-only mode).
   * @default true
   */
  readonly cloudFront?: boolean;
  /**
   * A provider for us-east-1, where CloudFront certificates and web ACLs must live. Required when `cloudFront` is on.
   * @default undefined
   */
  readonly globalProvider?: TerraformProvider;
  /**
   * CloudFront price class.
   * @default 'PriceClass_100'
   */
  readonly cloudFrontPriceClass?: 'PriceClass_100' | 'PriceClass_200' | 'PriceClass_All';
  /**
   * CloudFront cache policy.
   * @default CACHING_DISABLED_POLICY_ID (an API: nothing is cached)
   */
  readonly cachePolicyId?: string;
  /**
   * CloudFront origin request policy.
   * @default ALL_VIEWER_ORIGIN_REQUEST_POLICY_ID (Host, Authorization, cookies, query strings all reach Django)
   */
  readonly originRequestPolicyId?: string;
  /**
   * Host name CloudFront uses to reach the ALB; an alias record to the ALB and a name on the ALB certificate.
   * @default `origin.${domainName}`
   */
  readonly originDomainName?: string;
  /**
   * ID of CloudFront's origin-facing managed prefix list (`com.amazonaws.global.cloudfront.origin-facing`) in `region`:
   * the only source the ALB security group admits behind CloudFront (HTTPS). Needed only for a region
   * missing from CLOUDFRONT_ORIGIN_FACING_PREFIX_LISTS.
   * @default CLOUDFRONT_ORIGIN_FACING_PREFIX_LISTS[region]
   */
  readonly cloudFrontOriginPrefixListId?: string;
  /**
   * Retention of WAF logs (days) and expiry of ALB/CloudFront access logs.
   * @default 365
   */
  readonly logRetentionDays?: number;
  /**
   * Blue/green deploys (the compute layer's `deployment: 'blueGreen'`): a second (green) target group, an HTTPS test
   * listener on `port` (same certificate and TLS policy) that forwards to the blue target group until CodeDeploy
   * routes it to green, reachable only from `vpcCidr` and `allowedCidrs` (its own ALB security-group rules). CodeDeploy
   * then owns which target group the forward rules and the test listener send to (Terraform ignores those actions).
   * @default undefined (one target group, no test listener: rolling deploys)
   */
  readonly testListener?: EdgeTestListener;
  /**
   * ALB deletion protection; log buckets and KMS keys get prevent_destroy.
   * @default true
   */
  readonly deletionProtection?: boolean;
}
