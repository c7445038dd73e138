/** CloudFront in front of the ALB (the EdgeCdn construct, `cdn`), wired to the layer's certificate, web ACL and VPC origin. */
import { Construct } from 'constructs';
import { EdgeCdn } from './cloudfront';
import type { EdgeSettings } from './validation';

export interface CdnInputs {
  /** The validated us-east-1 certificate. */
  readonly certificateArn: string;
  /** The CLOUDFRONT web ACL. */
  readonly webAclArn: string;
  /** The VPC origin of the internal ALB. */
  readonly vpcOriginId: string;
}

export function buildCdn(scope: Construct, s: EdgeSettings, input: CdnInputs): EdgeCdn {
  const { props } = s;
  return new EdgeCdn(scope, 'cdn', {
    ...s.base,
    provider: props.globalProvider!,
    aliases: s.apiHosts,
    certificateArn: input.certificateArn,
    originDomainName: s.originDomainName,
    vpcOriginId: input.vpcOriginId,
    webAclArn: input.webAclArn,
    securityHeaders: s.headers,
    priceClass: props.cloudFrontPriceClass,
    cachePolicyId: props.cachePolicyId,
    originRequestPolicyId: props.originRequestPolicyId,
    originReadTimeoutSeconds: props.idleTimeoutSeconds !== undefined ? Math.min(60, props.idleTimeoutSeconds) : undefined,
    logExpireAfterDays: s.retention,
    deletionProtection: s.deletionProtection,
  });
}
