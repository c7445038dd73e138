/**
 * Behind CloudFront: the CloudFront VPC origin for the internal ALB and the only ingress its security group gets.
 *
 * The design rests on AWS's "Restrict access with VPC origins"
 * (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-vpc-origins.html):
 * - the origin is an internal ALB in private subnets; CloudFront reaches it over a private connection through
 *   service-managed network interfaces it places in the ALB's subnets, so the ALB needs no public address and
 *   `origin.<domain>` (an alias to it) resolves to private addresses only;
 * - the VPC must be in the distribution's account and have an internet gateway attached (the network layer's, for
 *   its public subnets and NAT), in a region and availability zones VPC origins support;
 * - the origin's security group admits CloudFront's origin-facing managed prefix list. CloudFront also creates a
 *   security group named `CloudFront-VPCOrigins-Service-SG` in the VPC with the first VPC origin; AWS documents
 *   narrowing the ALB's ingress to that group once it exists. Its ID is known only after the VPC origin is
 *   created (reading it would need a data source that calls AWS at plan time), so this layer admits the prefix
 *   list, whose ID is fixed per region (modules/core/cloudfront-origin.ts). With the ALB internal the prefix list
 *   cannot be used from the internet: its addresses are public and the ALB has none.
 * - HTTPS to the origin: https-only and TLSv1.2 on the VPC origin, CloudFront checking the ALB's certificate
 *   against the origin domain name (`origin.<domain>`, on the ALB certificate), as for any custom origin
 *   (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-https-cloudfront-to-custom-origin.html).
 *
 * First deploy, in dependency order: the ALB security group and its prefix-list rule (IDs known at plan time), the
 * internal ALB (Terraform waits until it is active; a VPC origin needs an active load balancer), the VPC origin
 * (Terraform waits until it is deployed, up to ~15 minutes), then the distribution that names it.
 */
import { Construct } from 'constructs';
import { Fn, Op, TerraformLocal, Token, conditional } from 'cdktf';
import { CloudfrontVpcOrigin } from '@cdktf/provider-aws/lib/cloudfront-vpc-origin';
import { Lb } from '@cdktf/provider-aws/lib/lb';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { CLOUDFRONT_ORIGIN_FACING_PREFIX_LISTS } from '../core/cloudfront-origin';
import type { EdgeSettings } from './validation';

/** TLS versions CloudFront may use to the ALB. */
export const VPC_ORIGIN_SSL_PROTOCOLS = ['TLSv1.2'] as const;

/** `vpc_origin` (us-east-1 provider, like every CloudFront resource) and `alb_ingress_cloudfront` on the ALB's group. */
export function buildVpcOrigin(scope: Construct, s: EdgeSettings, alb: Lb): { vpcOrigin: CloudfrontVpcOrigin; ingress: VpcSecurityGroupIngressRule } {
  const { props } = s;
  const prefixListId = originPrefixListExpression(scope, s);
  const ingress = new VpcSecurityGroupIngressRule(scope, 'alb_ingress_cloudfront', {
    securityGroupId: props.network.albSecurityGroupId,
    description: 'HTTPS from CloudFront (origin-facing prefix list) through the VPC origin only',
    ipProtocol: 'tcp',
    fromPort: 443,
    toPort: 443,
    prefixListId,
    tags: props.tags,
  });
  const vpcOrigin = new CloudfrontVpcOrigin(scope, 'vpc_origin', {
    provider: props.globalProvider,
    vpcOriginEndpointConfig: [
      {
        name: `${props.name}-alb`,
        arn: alb.arn,
        httpPort: 80,
        httpsPort: 443,
        originProtocolPolicy: 'https-only',
        originSslProtocols: [{ items: [...VPC_ORIGIN_SSL_PROTOCOLS], quantity: VPC_ORIGIN_SSL_PROTOCOLS.length }],
      },
    ],
    tags: props.tags,
    // CloudFront sends requests as soon as the VPC origin is deployed: the rule admitting them comes first.
    dependsOn: [ingress],
    // "This can take up to 15 minutes" (private-content-vpc-origins.html), the provider's default wait: double it,
    // so a slow deployment does not fail the first apply half-way.
    timeouts: { create: '30m', update: '30m', delete: '30m' },
  });
  return { vpcOrigin, ingress };
}

/**
 * The prefix list the ALB admits. Literal regions were resolved and checked by the props check. The published HCL
 * module's region is a variable: the table becomes a local, indexed at plan time (a region missing from it fails the
 * plan naming the key), unless the caller's `cloudfront_origin_prefix_list_id` (a variable that may be null) is set:
 * `var.x != null ? var.x : local.table[var.region]` (Terraform evaluates only the branch the condition picks).
 */
function originPrefixListExpression(scope: Construct, s: EdgeSettings): string {
  const { props } = s;
  const override = props.cloudFrontOriginPrefixListId;
  const planTime = Token.isUnresolved(props.region) && (override === undefined || Token.isUnresolved(override));
  if (!planTime) return s.originPrefixListId!;
  const fromTable = Fn.lookup(new TerraformLocal(scope, 'cloudfront_origin_prefix_lists', { ...CLOUDFRONT_ORIGIN_FACING_PREFIX_LISTS }).asAnyMap, props.region);
  return Token.asString(override === undefined ? fromTable : conditional(Op.neq(override, Token.nullValue()), override, fromTable));
}
