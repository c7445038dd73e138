import { Construct } from 'constructs';
import { AcmCertificate } from '@cdktf/provider-aws/lib/acm-certificate';
import { AcmCertificateValidation } from '@cdktf/provider-aws/lib/acm-certificate-validation';
import type { CloudfrontVpcOrigin } from '@cdktf/provider-aws/lib/cloudfront-vpc-origin';
import { Lb } from '@cdktf/provider-aws/lib/lb';
import { LbListener } from '@cdktf/provider-aws/lib/lb-listener';
import { LbListenerRule } from '@cdktf/provider-aws/lib/lb-listener-rule';
import { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { SecureBucket } from '../core/bucket';
import { SecureKey } from '../core/kms';
import { Problems } from '../core/problems';
import { buildCdn } from './cdn';
import { buildAlbCertificate, buildCloudFrontCertificate } from './certificates';
import { EdgeCdn } from './cloudfront';
import { buildAliasRecords } from './dns';
import { buildCloudFrontWaf, buildRegionalWaf } from './firewall';
import { buildListeners, buildTestListener, hostLockedRules } from './listeners';
import { buildLoadBalancer } from './load-balancer';
import type { EdgeOutputs } from './outputs';
import { EdgeProps } from './props';
import { edgePropsProblems, edgeSettings } from './validation';
import { buildVpcOrigin } from './vpc-origin';
import { EdgeWebAcl } from './waf';

export * from './outputs';
export * from './props';
export * from './headers';
export * from './waf';
export * from './waf-rules';
export * from './elb-log-delivery';
export * from './cloudfront';
export * from './dns-access';
export { VPC_ORIGIN_SSL_PROTOCOLS } from './vpc-origin';
export { CLOUDFRONT_ORIGIN_FACING_PREFIX_LISTS } from '../core/cloudfront-origin';
export { DEFAULT_SSL_POLICY, FORWARD_RULE_PRIORITY, HOST_LOCK_RESPONSE, HOSTS_PER_RULE } from './listeners';
export { EDGE_MAX_NAME_LENGTH, edgePropsProblems } from './validation';

/**
 * The edge layer: an HTTPS-only ALB with an ACM certificate, Route 53 records,
 * security headers and a WAF web ACL; optionally (by default) CloudFront in front of it with
 * its own certificate and web ACL, the ALB then internal and reached only through a CloudFront VPC origin.
 * The HTTPS listener is host-locked: 421 unless the Host is an API name.
 */
export class Edge extends Construct {
  /** What the other layers take: API URL, ALB, target group(s), listeners, certificate, web ACLs, distribution (`EdgeOutputs`). */
  readonly outputs: EdgeOutputs;
  /** The ALB (`<id>_alb`, `<name>-alb`): internal in the app subnets behind CloudFront, else internet-facing in the public subnets. */
  readonly alb: Lb;
  /** The app's target group (`<id>_app`, `<name>-app`): `ip` targets, HTTP on the container port, health-checked. */
  readonly targetGroup: LbTargetGroup;
  /** Blue/green: the second target group. */
  readonly greenTargetGroup?: LbTargetGroup;
  /** Blue/green: the HTTPS test listener. */
  readonly testListener?: LbListener;
  /** Blue/green: the ALB security-group rules admitting the test listener's clients (the VPC, the allow list). */
  readonly testListenerIngress: VpcSecurityGroupIngressRule[] = [];
  /** The HTTPS listener (443, `<id>_https`): security headers, 421 unless a forward rule matches the Host. */
  readonly httpsListener: LbListener;
  /** The HTTP listener (80, `<id>_http`): a 301 redirect to HTTPS, nothing else. */
  readonly httpListener: LbListener;
  /** The HTTPS listener rules that forward to the target group, in priority order: one per HOSTS_PER_RULE API host names. */
  readonly forwardRules: LbListenerRule[];
  /** The ALB access-log bucket (`<name>-alb-logs-<account>-<region>`, SSE-S3: the only encryption ELB log delivery supports). */
  readonly accessLogs: SecureBucket;
  /** The ALB's ACM certificate (`<id>_certificate`): the API names and, with CloudFront, the origin name; DNS-validated. */
  readonly certificate: AcmCertificate;
  /** The ALB certificate's validation; the listeners use its `certificateArn`, so they wait for a valid certificate. */
  readonly certificateValidation: AcmCertificateValidation;
  /** The Route 53 validation records, one per certificate name (`for_each`); they validate the CloudFront certificate too. */
  readonly certificateValidationRecords: Route53Record;
  /** The regional web ACL (`<id>_waf`, `<name>-alb`) associated with the ALB. */
  readonly webAcl: EdgeWebAcl;
  /** The KMS key of the WAF log groups (`<id>_waf_logs_key`); in us-east-1 the CloudFront web ACL's logs use it too. */
  readonly wafLogKey: SecureKey;
  /** The CloudFront distribution, its headers policy and log bucket (`<id>_cdn`); undefined without CloudFront. */
  readonly cdn?: EdgeCdn;
  /** The CLOUDFRONT web ACL in us-east-1 (`<id>_cloudfront_waf`, `<name>-cloudfront`); undefined without CloudFront. */
  readonly cloudFrontWebAcl?: EdgeWebAcl;
  /** The distribution's ACM certificate in us-east-1 (`<id>_cloudfront_certificate`), for the API names; undefined without CloudFront. */
  readonly cloudFrontCertificate?: AcmCertificate;
  /** Behind CloudFront: the VPC origin of the internal ALB. */
  readonly vpcOrigin?: CloudfrontVpcOrigin;
  /** Behind CloudFront: the ALB security group's only ingress (HTTPS from CloudFront's origin-facing prefix list). */
  readonly cloudFrontIngress?: VpcSecurityGroupIngressRule;
  /** Alias records by construct id (`api_a`, `api_aaaa`, `origin_a`, ...). */
  readonly records: Record<string, Route53Record>;

  constructor(scope: Construct, id: string, props: EdgeProps) {
    super(scope, id);
    // Every builder creates its resources in this scope with fixed ids (the Terraform addresses); the order of the
    // calls is the order of the resources in the synthesized JSON, so keep it when adding one.
    new Problems().addAll(edgePropsProblems(props)).throwIfAny(`Edge ${this.node.path}`);
    const s = edgeSettings(props);

    // Load balancer, its access logs and the target group (load-balancer.ts)
    const lb = buildLoadBalancer(this, s);
    this.accessLogs = lb.accessLogs;
    this.alb = lb.alb;
    this.targetGroup = lb.targetGroup;
    this.greenTargetGroup = lb.greenTargetGroup;

    // The ALB certificate, DNS-validated (certificates.ts)
    const cert = buildAlbCertificate(this, s);
    this.certificate = cert.certificate;
    this.certificateValidationRecords = cert.validationRecords;
    this.certificateValidation = cert.validation;

    // Listeners: 80 redirects, 443 answers 421 unless a forward rule matches (listeners.ts)
    const listeners = buildListeners(this, s, this.alb, this.certificateValidation);
    this.httpListener = listeners.http;
    this.httpsListener = listeners.https;

    // Regional WAF on the ALB (firewall.ts)
    const waf = buildRegionalWaf(this, s, this.alb);
    this.wafLogKey = waf.logKey;
    this.webAcl = waf.webAcl;

    // Host lock: forward rules for the API names (listeners.ts)
    this.forwardRules = hostLockedRules(this, this.httpsListener, this.targetGroup, s.apiHosts, props.tags, props.testListener !== undefined);

    // Blue/green: the test listener and its ingress (listeners.ts)
    if (props.testListener) {
      const test = buildTestListener(this, s, this.alb, this.certificateValidation, this.targetGroup);
      this.testListener = test.listener;
      this.testListenerIngress.push(...test.ingress);
    }

    // CloudFront: the VPC origin and the ALB's only ingress (vpc-origin.ts), certificate and web ACL in us-east-1
    // (certificates.ts, firewall.ts), the distribution (cdn.ts)
    if (s.cloudFront) {
      const origin = buildVpcOrigin(this, s, this.alb);
      this.vpcOrigin = origin.vpcOrigin;
      this.cloudFrontIngress = origin.ingress;
      const cfCert = buildCloudFrontCertificate(this, s, this.certificateValidationRecords);
      this.cloudFrontCertificate = cfCert.certificate;
      this.cloudFrontWebAcl = buildCloudFrontWaf(this, s, this.wafLogKey);
      this.cdn = buildCdn(this, s, { certificateArn: cfCert.validation.certificateArn, webAclArn: this.cloudFrontWebAcl.arn, vpcOriginId: origin.vpcOrigin.id });
    }

    // DNS: alias records to CloudFront or the ALB (dns.ts)
    this.records = buildAliasRecords(this, s, this.alb, this.cdn);
    this.outputs = layerOutputs(this, props.domainName);
  }
}

/** What the layer hands to the other layers. */
function layerOutputs(e: Edge, domainName: string): EdgeOutputs {
  return {
    apiUrl: `https://${domainName}`,
    albArn: e.alb.arn,
    albArnSuffix: e.alb.arnSuffix,
    albDnsName: e.alb.dnsName,
    albZoneId: e.alb.zoneId,
    targetGroupArn: e.targetGroup.arn,
    targetGroupArnSuffix: e.targetGroup.arnSuffix,
    // The target group is attached by the forward rules (they depend on the listener), so the service waits for the first.
    httpsListener: e.forwardRules[0],
    httpsListenerArn: e.httpsListener.arn,
    targetGroupName: e.targetGroup.name,
    greenTargetGroupName: e.greenTargetGroup?.name,
    greenTargetGroupArnSuffix: e.greenTargetGroup?.arnSuffix,
    testListenerArn: e.testListener?.arn,
    certificateArn: e.certificateValidation.certificateArn,
    accessLogsBucket: e.accessLogs.bucketName,
    webAclArn: e.webAcl.arn,
    webAclName: e.webAcl.name,
    wafLogGroupName: e.webAcl.logGroup.name,
    distributionId: e.cdn?.distribution.id,
    distributionDomainName: e.cdn?.distribution.domainName,
    cloudFrontWebAclArn: e.cloudFrontWebAcl?.arn,
    cloudFrontWebAclName: e.cloudFrontWebAcl?.name,
    vpcOriginId: e.vpcOrigin?.id,
  };
}
