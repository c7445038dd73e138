import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { CloudfrontDistribution } from '@cdktf/provider-aws/lib/cloudfront-distribution';
import { CloudfrontResponseHeadersPolicy } from '@cdktf/provider-aws/lib/cloudfront-response-headers-policy';
import { LayerBaseProps } from '../core/context';
import { SecureBucket } from '../core/bucket';
import { SecureKey } from '../core/kms';
import { ResolvedSecurityHeaders } from './headers';
import { bucketName } from './names';

export { bucketName } from './names';

/** AWS managed cache policy `Managed-CachingDisabled`. */
export const CACHING_DISABLED_POLICY_ID = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
/**
 * AWS managed origin request policy `Managed-AllViewer`: every viewer header (Host included, so
 * Django sees the public host name and builds correct absolute URLs), cookie and query string.
 * With caching disabled it also forwards Authorization.
 */
export const ALL_VIEWER_ORIGIN_REQUEST_POLICY_ID = '216adef6-5c7f-47e4-b989-5492eafa07d3';
/** AWS managed origin request policy `Managed-AllViewerExceptHostHeader`. */
export const ALL_VIEWER_EXCEPT_HOST_ORIGIN_REQUEST_POLICY_ID = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';

export interface EdgeCdnProps extends LayerBaseProps {
  /** The us-east-1 provider (CloudFront-scoped resources): an alias, or the default provider in us-east-1. */
  readonly provider: TerraformProvider;
  /** Public names the distribution answers to (the API domain first). */
  readonly aliases: string[];
  /** ARN of the validated us-east-1 certificate covering every alias. */
  readonly certificateArn: string;
  /**
   * Host name CloudFront sends to the origin (SNI and Host checks of the ALB certificate): an alias to the internal
   * ALB, covered by the ALB certificate.
   */
  readonly originDomainName: string;
  /**
   * ID of the CloudFront VPC origin (`aws_cloudfront_vpc_origin`) for the internal ALB: CloudFront reaches the ALB
   * only through it, so no shared-secret header is needed (see vpc-origin.ts).
   */
  readonly vpcOriginId: string;
  /** ARN of the CLOUDFRONT-scoped web ACL. */
  readonly webAclArn: string;
  /** Security headers to add to every response. */
  readonly securityHeaders: ResolvedSecurityHeaders;
  /** @default 'PriceClass_100' */
  readonly priceClass?: 'PriceClass_100' | 'PriceClass_200' | 'PriceClass_All';
  /** @default CACHING_DISABLED_POLICY_ID */
  readonly cachePolicyId?: string;
  /** @default ALL_VIEWER_ORIGIN_REQUEST_POLICY_ID */
  readonly originRequestPolicyId?: string;
  /** Seconds CloudFront waits for the origin's response. @default 60 */
  readonly originReadTimeoutSeconds?: number;
  /** Days access logs are kept. */
  readonly logExpireAfterDays: number;
  /** Protect the log bucket from destroy. */
  readonly deletionProtection: boolean;
}

/**
 * The CloudFront distribution in front of the ALB: HTTPS only on both sides (the VPC origin is https-only),
 * TLS 1.2+ to viewers, a response-headers policy, no caching by default, standard access logs; the origin is
 * the internal ALB through its VPC origin.
 */
export class EdgeCdn extends Construct {
  /** The distribution (`<id>_distribution`): HTTPS only, the internal ALB as its VPC origin, no caching by default. */
  readonly distribution: CloudfrontDistribution;
  /** The response-headers policy (`<name>-security-headers`): HSTS, nosniff, frame options, referrer policy, COOP, optional CSP. */
  readonly responseHeadersPolicy: CloudfrontResponseHeadersPolicy;
  /** The standard-logs bucket (`<name>-cdn-logs-<account>-<region>`, ACLs enabled for log delivery), encrypted with `logKey`. */
  readonly logBucket: SecureBucket;
  /** Customer-managed key encrypting the log bucket. */
  readonly logKey: SecureKey;

  constructor(scope: Construct, id: string, props: EdgeCdnProps) {
    super(scope, id);
    this.responseHeadersPolicy = responseHeadersPolicy(this, props);
    const logs = logBucketAndKey(this, props);
    this.logKey = logs.logKey;
    this.logBucket = logs.logBucket;
    this.distribution = distribution(this, props, this.responseHeadersPolicy, this.logBucket);
  }
}

/** Security headers on every response (HSTS, nosniff, frame options, referrer policy, COOP, optional CSP). */
function responseHeadersPolicy(scope: Construct, props: EdgeCdnProps): CloudfrontResponseHeadersPolicy {
  const h = props.securityHeaders;
  return new CloudfrontResponseHeadersPolicy(scope, 'security_headers', {
    provider: props.provider,
    name: `${props.name}-security-headers`,
    comment: `${props.name}: security headers on every response`,
    securityHeadersConfig: {
      strictTransportSecurity: {
        accessControlMaxAgeSec: h.hstsMaxAgeSeconds,
        includeSubdomains: h.hstsIncludeSubdomains,
        preload: h.hstsPreload,
        override: true,
      },
      contentTypeOptions: { override: true },
      frameOptions: { frameOption: h.frameOptions, override: true },
      // The app's own Referrer-Policy / COOP win when it sends them (Django does).
      referrerPolicy: { referrerPolicy: h.referrerPolicy, override: false },
      ...(h.contentSecurityPolicy !== undefined ? { contentSecurityPolicy: { contentSecurityPolicy: h.contentSecurityPolicy, override: true } } : {}),
    },
    customHeadersConfig: { items: [{ header: 'Cross-Origin-Opener-Policy', value: h.crossOriginOpenerPolicy, override: false }] },
  });
}

/** The access-log bucket and its key. */
function logBucketAndKey(scope: Construct, props: EdgeCdnProps): { logKey: SecureKey; logBucket: SecureBucket } {
  // CloudFront standard logs are delivered with ACLs, so this bucket keeps ACLs enabled
  // (BucketOwnerPreferred) while all four public-access blocks stay on. They are encrypted with a
  // customer-managed key whose policy lets the log delivery service generate data keys (CloudFront's
  // documented requirement for SSE-KMS log buckets); unlike ALB access logs, CloudFront supports SSE-KMS.
  const logKey = new SecureKey(scope, 'logs_kms', {
    name: props.name,
    accountId: props.accountId,
    region: props.region,
    partition: props.partition,
    tags: props.tags,
    purpose: 'cloudfront-logs',
    preventDestroy: props.deletionProtection,
    extraStatements: [
      {
        Sid: 'CloudFrontLogDelivery',
        Effect: 'Allow',
        Principal: { Service: 'delivery.logs.amazonaws.com' },
        Action: 'kms:GenerateDataKey*',
        Resource: '*',
      },
    ],
  });
  const logBucket = new SecureBucket(scope, 'logs', {
    bucketName: bucketName(props.name, 'cdn-logs', props.accountId, props.region),
    encryption: { kmsKeyArn: logKey.arn },
    objectOwnership: 'BucketOwnerPreferred',
    expireAfterDays: props.logExpireAfterDays,
    preventDestroy: props.deletionProtection,
    forceDestroy: !props.deletionProtection,
    tags: props.tags,
  });
  return { logKey, logBucket };
}

/** HTTPS on both sides, the ALB through its VPC origin, no caching by default, standard logs. */
function distribution(scope: Construct, props: EdgeCdnProps, headersPolicy: CloudfrontResponseHeadersPolicy, logBucket: SecureBucket): CloudfrontDistribution {
  const originId = 'alb';
  return new CloudfrontDistribution(scope, 'distribution', {
    provider: props.provider,
    comment: `${props.name} API`,
    enabled: true,
    isIpv6Enabled: true,
    httpVersion: 'http2and3',
    priceClass: props.priceClass ?? 'PriceClass_100',
    aliases: props.aliases,
    webAclId: props.webAclArn,
    origin: [
      {
        originId,
        domainName: props.originDomainName,
        // Protocol and TLS versions live on the VPC origin (https-only, TLSv1.2).
        vpcOriginConfig: {
          vpcOriginId: props.vpcOriginId,
          originReadTimeout: props.originReadTimeoutSeconds ?? 60,
          originKeepaliveTimeout: 5,
        },
      },
    ],
    defaultCacheBehavior: {
      targetOriginId: originId,
      viewerProtocolPolicy: 'redirect-to-https',
      allowedMethods: ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'],
      cachedMethods: ['GET', 'HEAD'],
      compress: true,
      cachePolicyId: props.cachePolicyId ?? CACHING_DISABLED_POLICY_ID,
      originRequestPolicyId: props.originRequestPolicyId ?? ALL_VIEWER_ORIGIN_REQUEST_POLICY_ID,
      responseHeadersPolicyId: headersPolicy.id,
    },
    restrictions: { geoRestriction: { restrictionType: 'none' } },
    viewerCertificate: {
      acmCertificateArn: props.certificateArn,
      sslSupportMethod: 'sni-only',
      minimumProtocolVersion: 'TLSv1.2_2021',
    },
    loggingConfig: { bucket: logBucket.bucket.bucketDomainName, prefix: 'cloudfront/', includeCookies: false },
    tags: props.tags,
    dependsOn: [logBucket.policy],
  });
}
