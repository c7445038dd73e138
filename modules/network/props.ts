/**
 * The network layer's props: what a caller may set, with JSDoc and defaults (aws-cdk-lib style).
 * The rules for them live in validation.ts (`networkPropsProblems`).
 */
import { LayerBaseProps } from '../core/context';
import { SecurityGroupRules } from './security-groups';

/** Interface endpoints created by default: what an ECS Fargate task needs to start and run without NAT. */
export const DEFAULT_INTERFACE_ENDPOINTS: readonly string[] = ['ecr.api', 'ecr.dkr', 'logs', 'secretsmanager', 'kms', 'sts'];

/** How the app security group reaches HTTPS services. */
export type AppHttpsEgress = 'internet' | 'vpc-endpoints';

export interface NetworkProps extends LayerBaseProps {
  /**
   * The VPC's IPv4 CIDR, /16 to /28 (at least /23 for 3 AZs, /24 for 2 AZs).
   * Carved into equal public, private app and data subnets, one per AZ each.
   */
  readonly cidr: string;
  /**
   * Availability zone names to spread the subnets over: 2 or 3 zones of `region`,
   * e.g. `['us-east-1a', 'us-east-1b', 'us-east-1c']`. Subnet ids use the letters a, b, c in this order.
   */
  readonly availabilityZones: string[];
  /**
   * NAT gateways: one per AZ (an AZ outage never takes egress down elsewhere)
   * or a single shared one in the first AZ (cheaper; for non-production).
   * @default 'per-az'
   */
  readonly natGateways?: 'per-az' | 'single';
  /**
   * Create VPC endpoints: an S3 gateway endpoint on the app route tables and
   * the `interfaceEndpoints` in the app subnets, so AWS API traffic stays off NAT.
   * @default true
   */
  readonly vpcEndpoints?: boolean;
  /**
   * Interface endpoint services (the part after `com.amazonaws.<region>.`), used when `vpcEndpoints` is on.
   * Add e.g. `ssmmessages` for ECS Exec.
   * @default ['ecr.api', 'ecr.dkr', 'logs', 'secretsmanager', 'kms', 'sts']
   */
  readonly interfaceEndpoints?: string[];
  /**
   * Endpoint policies allow only principals of this account (`aws:PrincipalAccount`),
   * so the endpoints cannot be used to reach other accounts' resources with foreign credentials.
   * @default true
   */
  readonly restrictEndpointsToAccount?: boolean;
  /**
   * Where the app tasks may send HTTPS (443): `'internet'` (any address, through NAT
   * or the endpoints; needed for third-party APIs) or `'vpc-endpoints'` (only the
   * interface endpoints and the S3 gateway's prefix list; needs `vpcEndpoints`).
   * @default 'internet'
   */
  readonly appHttpsEgress?: AppHttpsEgress;
  /**
   * The port the app container listens on (the only port the ALB may reach): 1024-65535, the container runs as
   * non-root (the compute layer refuses lower ports too).
   * @default 8000
   */
  readonly containerPort?: number;
  /**
   * The database port (the only port the app may reach on the database).
   * @default 5432
   */
  readonly databasePort?: number;
  /**
   * Clients allowed to reach the ALB on 443 and 80. Narrow it for internal APIs. Empty: the layer opens the ALB to
   * nothing (behind CloudFront the edge layer adds the only ingress: HTTPS from CloudFront's origin-facing prefix list).
   * @default ['0.0.0.0/0']
   */
  readonly albIngressCidrs?: string[];
  /**
   * Open port 80 on the ALB (for the HTTP-to-HTTPS redirect).
   * @default true
   */
  readonly albHttpIngress?: boolean;
  /**
   * Extra ingress rules per security group (the layer's own rules stay).
   * @default {}
   */
  readonly additionalIngress?: SecurityGroupRules;
  /**
   * Extra egress rules per security group (the layer's own rules stay).
   * @default {}
   */
  readonly additionalEgress?: SecurityGroupRules;
  /**
   * CIDR blocks the VPC must not overlap: peered VPCs, on-premises ranges, other environments.
   * @default []
   */
  readonly reservedCidrs?: string[];
  /**
   * VPC flow-log retention in days (a CloudWatch Logs retention value).
   * @default 365
   */
  readonly flowLogRetentionDays?: number;
  /**
   * Flow-log aggregation interval in seconds.
   * @default 600
   */
  readonly flowLogAggregationIntervalSeconds?: 60 | 600;
  /**
   * Custom flow-log record format (`${version} ${srcaddr} ...`), e.g. to add `${pkt-srcaddr}` or `${flow-direction}`.
   * @default the AWS default (version 2) format
   */
  readonly flowLogFormat?: string;
  /**
   * lifecycle prevent_destroy on the flow-log KMS key.
   * @default true
   */
  readonly preventDestroy?: boolean;
}
