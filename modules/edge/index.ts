import { Construct } from 'constructs';
import { Fn, TerraformIterator, TerraformProvider, TerraformResource, Token } from 'cdktf';
import { AcmCertificate } from '@cdktf/provider-aws/lib/acm-certificate';
import { AcmCertificateValidation } from '@cdktf/provider-aws/lib/acm-certificate-validation';
import { Lb } from '@cdktf/provider-aws/lib/lb';
import { LbListener } from '@cdktf/provider-aws/lib/lb-listener';
import { LbListenerRule } from '@cdktf/provider-aws/lib/lb-listener-rule';
import { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { SecureBucket } from '../core/bucket';
import { LayerBaseProps } from '../core/context';
import { SecureKey } from '../core/kms';
import type { NetworkOutputs } from '../network/outputs';
import { bucketName, EdgeCdn } from './cloudfront';
import { elbLogDeliveryStatement } from './elb-log-delivery';
import { hstsValue, resolveSecurityHeaders, SecurityHeaders } from './headers';
import type { EdgeOutputs } from './outputs';
import { DEFAULT_MANAGED_RULE_GROUPS, EdgeWebAcl, ExtraWafRule, ManagedRuleGroup, PathRateLimit } from './waf';
import { unknownWafRuleNames, WafRuleMode, wafRuleNames } from './waf-rules';

export * from './outputs';
export * from './headers';
export * from './waf';
export * from './waf-rules';
export * from './elb-log-delivery';
export * from './cloudfront';
export * from './dns-access';

/** The strictest ALB policy that CloudFront and current clients can all negotiate: TLS 1.3, and TLS 1.2 with forward-secret AEAD ciphers only. */
export const DEFAULT_SSL_POLICY = 'ELBSecurityPolicy-TLS13-1-2-Res-2021-06';

/**
 * What the HTTPS listener answers when no forward rule matches (wrong Host header, or behind
 * CloudFront a missing origin secret): 421 Misdirected Request, RFC 9110 section 15.5.20, "the server is
 * not able to produce a response for this combination of scheme and authority". It says exactly
 * what is wrong to a misconfigured client, tells a scanner nothing about the app, and is easy to
 * tell apart from Django's own 4xx in the ALB access logs.
 */
export const HOST_LOCK_RESPONSE = { contentType: 'text/plain', messageBody: 'Misdirected Request', statusCode: '421' } as const;

/**
 * Host names per forward rule: an ALB rule condition takes at most 3 values and a rule at most 5
 * values in total (with the origin-verify header: 3 hosts + 1 header).
 */
export const HOSTS_PER_RULE = 3;

/** Priority of the first forward rule; the next ones follow (1-9 stay free for rules of your own that must run first). */
export const FORWARD_RULE_PRIORITY = 10;

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

export interface EdgeProps extends LayerBaseProps {
  /** Where the ALB lives: the VPC, its public subnets and the ALB security group (from the network layer). */
  readonly network: Pick<NetworkOutputs, 'vpcId' | 'publicSubnetIds' | 'albSecurityGroupId'>;
  /** The API's public host name, e.g. `api.example.com`. */
  readonly domainName: string;
  /** Route 53 hosted zone that holds `domainName` (and the alternative names). */
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
   * @default 8000
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
   * ALB idle timeout in seconds.
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
   * Requests per client IP per window before WAF blocks.
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
   * Put CloudFront in front of the ALB (its own certificate and web ACL in us-east-1),
   * and make the ALB reject requests that did not come through it (the forward rules also require the origin secret).
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
   * Name of the header CloudFront adds and the ALB requires.
   * @default 'X-Origin-Verify'
   */
  readonly originVerifyHeaderName?: string;
  /**
   * Retention of WAF logs (days) and expiry of ALB/CloudFront access logs.
   * @default 365
   */
  readonly logRetentionDays?: number;
  /**
   * ALB deletion protection; log buckets and KMS keys get prevent_destroy.
   * @default true
   */
  readonly deletionProtection?: boolean;
}

/**
 * The edge layer: an HTTPS-only ALB with an ACM certificate, Route 53 records,
 * security headers and a WAF web ACL; optionally CloudFront in front of it with
 * its own certificate and web ACL, the ALB then refusing direct requests.
 * The HTTPS listener is host-locked: 421 unless the Host is an API name (and, behind CloudFront, the origin secret is present).
 */
export class Edge extends Construct {
  readonly outputs: EdgeOutputs;
  readonly alb: Lb;
  readonly targetGroup: LbTargetGroup;
  readonly httpsListener: LbListener;
  readonly httpListener: LbListener;
  /**
   * The HTTPS listener rules that forward to the target group, in priority order: one per
   * HOSTS_PER_RULE API host names, each also requiring the origin-verify header behind CloudFront.
   */
  readonly forwardRules: LbListenerRule[];
  /**
   * Behind CloudFront: the first forward rule (it requires the origin-verify header).
   * @deprecated use `forwardRules`
   */
  readonly originRule?: LbListenerRule;
  readonly accessLogs: SecureBucket;
  readonly certificate: AcmCertificate;
  readonly certificateValidation: AcmCertificateValidation;
  readonly certificateValidationRecords: Route53Record;
  readonly webAcl: EdgeWebAcl;
  readonly wafLogKey: SecureKey;
  readonly cdn?: EdgeCdn;
  readonly cloudFrontWebAcl?: EdgeWebAcl;
  readonly cloudFrontCertificate?: AcmCertificate;
  /** Alias records by construct id (`api_a`, `api_aaaa`, `origin_a`, ...). */
  readonly records: Record<string, Route53Record> = {};
  /** The provider the Route 53 records use (undefined: the scope's default provider). */
  private readonly dnsProvider?: TerraformProvider;

  constructor(scope: Construct, id: string, props: EdgeProps) {
    super(scope, id);
    this.dnsProvider = props.dnsProvider;
    const cloudFront = props.cloudFront ?? true;
    if (cloudFront && props.globalProvider === undefined) {
      throw new Error('Edge: cloudFront is on but no globalProvider was given; CloudFront certificates and web ACLs must be created in us-east-1 through a provider alias');
    }
    if (!Token.isUnresolved(props.network.publicSubnetIds) && props.network.publicSubnetIds.length < 2) throw new Error('Edge: an ALB needs public subnets in at least two availability zones');
    const deletionProtection = props.deletionProtection ?? true;
    const retention = props.logRetentionDays ?? 365;
    const containerPort = props.containerPort ?? 8000;
    const alternativeNames = props.alternativeNames ?? [];
    const originDomainName = props.originDomainName ?? `origin.${props.domainName}`;
    const headers = resolveSecurityHeaders(props.securityHeaders);
    const base: LayerBaseProps = { name: props.name, accountId: props.accountId, region: props.region, partition: props.partition, tags: props.tags };
    const dualstack = (props.ipAddressType ?? 'ipv4') === 'dualstack';
    const names = [props.domainName, ...alternativeNames, ...(cloudFront ? [originDomainName] : [])];
    for (const n of names) {
      // A Terraform variable (the published HCL module) is checked by the module's validation blocks.
      if (Token.isUnresolved(n)) continue;
      if (!/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(n)) throw new Error(`Edge: "${n}" is not a lowercase DNS name`);
    }
    if (new Set(names).size !== names.length) throw new Error(`Edge: domainName, alternativeNames and the origin name must all differ (${names.join(', ')})`);
    const wafRuleModes = props.wafRuleModes ?? {};
    const allowedWafRules = wafRuleNames({
      managedRuleGroups: (props.managedRuleGroups ?? DEFAULT_MANAGED_RULE_GROUPS).map((g) => g.name),
      pathRateLimits: (props.pathRateLimits ?? []).length,
      ipDenyList: (props.ipDenyList ?? []).length > 0,
    });
    const unknownWaf = unknownWafRuleNames(wafRuleModes, allowedWafRules);
    if (unknownWaf.length > 0) throw new Error(`Edge: wafRuleModes names unknown rules ${unknownWaf.join(', ')}; the rules are ${allowedWafRules.join(', ')}`);
    if (props.name.length > 28) throw new Error(`Edge: name "${props.name}" is too long for ALB and target-group names (at most 28 characters)`);

    // ---- ALB access logs: SSE-S3 is the only encryption ELB log delivery supports.
    const logPrefix = 'alb';
    const accessLogsBucketName = bucketName(props.name, 'alb-logs', props.accountId, props.region);
    this.accessLogs = new SecureBucket(this, 'alb_logs', {
      bucketName: accessLogsBucketName,
      encryption: 'SSE-S3',
      expireAfterDays: retention,
      preventDestroy: deletionProtection,
      forceDestroy: !deletionProtection,
      tags: props.tags,
      policyStatements: [
        elbLogDeliveryStatement({ region: props.region, accountId: props.accountId, bucketArn: `arn:${props.partition ?? 'aws'}:s3:::${accessLogsBucketName}`, prefix: logPrefix, partition: props.partition }),
      ],
    });

    // ---- Load balancer
    this.alb = new Lb(this, 'alb', {
      name: `${props.name}-alb`,
      loadBalancerType: 'application',
      internal: false,
      ipAddressType: dualstack ? 'dualstack' : 'ipv4',
      subnets: props.network.publicSubnetIds,
      securityGroups: [props.network.albSecurityGroupId],
      dropInvalidHeaderFields: true,
      desyncMitigationMode: 'strictest',
      enableHttp2: true,
      enableWafFailOpen: false,
      idleTimeout: props.idleTimeoutSeconds ?? 60,
      enableDeletionProtection: deletionProtection,
      accessLogs: { bucket: this.accessLogs.bucketName, prefix: logPrefix, enabled: true },
      tags: props.tags,
      // ELB checks it can write to the bucket when access logs are switched on.
      dependsOn: [this.accessLogs.policy],
    });

    const hc = props.healthCheck ?? {};
    this.targetGroup = new LbTargetGroup(this, 'app', {
      name: `${props.name}-app`,
      vpcId: props.network.vpcId,
      targetType: 'ip',
      protocol: 'HTTP',
      protocolVersion: 'HTTP1',
      port: containerPort,
      deregistrationDelay: String(props.deregistrationDelaySeconds ?? 30),
      healthCheck: {
        enabled: true,
        protocol: 'HTTP',
        port: 'traffic-port',
        path: hc.path ?? '/health/',
        matcher: hc.matcher ?? '200',
        interval: hc.intervalSeconds ?? 15,
        timeout: hc.timeoutSeconds ?? 5,
        healthyThreshold: hc.healthyThreshold ?? 2,
        unhealthyThreshold: hc.unhealthyThreshold ?? 3,
      },
      tags: props.tags,
    });

    // ---- Certificate for the ALB: the API domain, the CloudFront origin name and the alternative names.
    const albNames = [...(cloudFront ? [originDomainName] : []), ...alternativeNames];
    this.certificate = new AcmCertificate(this, 'certificate', {
      domainName: props.domainName,
      subjectAlternativeNames: albNames.length > 0 ? albNames : undefined,
      validationMethod: 'DNS',
      keyAlgorithm: 'RSA_2048',
      options: { certificateTransparencyLoggingPreference: 'ENABLED' },
      tags: props.tags,
      lifecycle: { createBeforeDestroy: true },
    });
    // One record per name, keyed by domain_name straight from the set, so the keys are known at plan time
    // (TerraformIterator.fromComplexList wraps the set in tolist(), which is unknown until apply).
    // ACM uses the same CNAME for a name in every region of an account, so these records also validate
    // the CloudFront certificate, whose names are a subset. allow_overwrite adopts a CNAME created by hand
    // (the security guide's manual validation step).
    const dvo = TerraformIterator.fromMap(
      Token.asAnyMap(`\${{ for o in ${this.certificate.fqn}.domain_validation_options : o.domain_name => o }}`),
    );
    this.certificateValidationRecords = new Route53Record(this, 'certificate_validation_record', {
      provider: props.dnsProvider,
      forEach: dvo,
      zoneId: props.hostedZoneId,
      name: dvo.getString('resource_record_name'),
      type: dvo.getString('resource_record_type'),
      records: [dvo.getString('resource_record_value')],
      ttl: 60,
      allowOverwrite: true,
    });
    const validationFqdns = Token.asList(TerraformIterator.fromResources(this.certificateValidationRecords).pluckProperty('fqdn'));
    this.certificateValidation = new AcmCertificateValidation(this, 'certificate_validation', {
      certificateArn: this.certificate.arn,
      validationRecordFqdns: validationFqdns,
    });

    // ---- Listeners: 80 only redirects; 443 is host-locked: it answers 421 unless a forward rule matches
    // (an API host name and, behind CloudFront, the origin secret). Scanners hitting the ALB by IP or by its
    // amazonaws.com name get nothing from Django.
    this.httpListener = new LbListener(this, 'http', {
      loadBalancerArn: this.alb.arn,
      port: 80,
      protocol: 'HTTP',
      defaultAction: [{ type: 'redirect', redirect: { protocol: 'HTTPS', port: '443', statusCode: 'HTTP_301' } }],
      tags: props.tags,
    });
    const forward = { type: 'forward', targetGroupArn: this.targetGroup.arn };
    this.httpsListener = new LbListener(this, 'https', {
      loadBalancerArn: this.alb.arn,
      port: 443,
      protocol: 'HTTPS',
      sslPolicy: props.sslPolicy ?? DEFAULT_SSL_POLICY,
      certificateArn: this.certificateValidation.certificateArn,
      defaultAction: [{ type: 'fixed-response', fixedResponse: { ...HOST_LOCK_RESPONSE } }],
      // Security headers on every response, whatever the app sends.
      routingHttpResponseStrictTransportSecurityHeaderValue: hstsValue(headers),
      routingHttpResponseXContentTypeOptionsHeaderValue: 'nosniff',
      routingHttpResponseXFrameOptionsHeaderValue: headers.frameOptions,
      routingHttpResponseContentSecurityPolicyHeaderValue: headers.contentSecurityPolicy,
      // No `Server: awselb/2.0` banner.
      routingHttpResponseServerEnabled: false,
      tags: props.tags,
    });

    // ---- Regional WAF on the ALB; its log group is encrypted with a key of this layer.
    this.wafLogKey = new SecureKey(this, 'waf_logs_key', { ...base, purpose: 'waf-logs', allowCloudWatchLogs: true, preventDestroy: deletionProtection });
    const wafRules = {
      rateLimit: props.rateLimit ?? 1000,
      rateLimitWindowSeconds: props.rateLimitWindowSeconds ?? 300,
      pathRateLimits: props.pathRateLimits ?? [],
      ipAllowList: props.ipAllowList ?? [],
      ipDenyList: props.ipDenyList ?? [],
      managedRuleGroups: props.managedRuleGroups,
      extraRules: props.extraWafRules ?? [],
      ruleModes: wafRuleModes,
    };
    this.webAcl = new EdgeWebAcl(this, 'waf', {
      ...base,
      ...wafRules,
      aclName: `${props.name}-alb`,
      scope: 'REGIONAL',
      // Behind CloudFront every client address is a CloudFront edge: the IP-keyed rules run there instead.
      clientIpRules: !cloudFront,
      logKmsKeyArn: this.wafLogKey.arn,
      logRetentionDays: retention,
      associateWith: this.alb.arn,
    });

    let distributionId: string | undefined;
    let distributionDomainName: string | undefined;
    let apiTarget: { name: string; zoneId: string; evaluateTargetHealth: boolean; ipv6: boolean };
    const albTarget = { name: this.alb.dnsName, zoneId: this.alb.zoneId, evaluateTargetHealth: true, ipv6: dualstack };

    if (cloudFront) {
      const globalProvider = props.globalProvider!;
      // The origin secret: a random UUID made once by Terraform itself (terraform_data + uuid(), no
      // extra provider, no plan-time lookup) and kept stable by ignore_changes. Rotate with
      // `terraform apply -replace=<this address>`. See README.md.
      // terraform_data through the generic TerraformResource: the same JSON as cdktf's DataResource without its
      // synth-time `terraform version` child process (which also failed synth when Terraform is not installed).
      const originSecret = new TerraformResource(this, 'origin_secret', { terraformResourceType: 'terraform_data', lifecycle: { ignoreChanges: ['input'] } });
      originSecret.addOverride('input', Fn.uuid());
      const secretValue = Token.asString(Fn.sensitive(originSecret.getStringAttribute('output')));
      const headerName = props.originVerifyHeaderName ?? 'X-Origin-Verify';
      this.forwardRules = this.hostLockedRules(forward, [props.domainName, ...alternativeNames], { name: headerName, value: secretValue }, props.tags);
      this.originRule = this.forwardRules[0];

      // CloudFront needs its certificate in us-east-1; it reuses the validation records above.
      this.cloudFrontCertificate = new AcmCertificate(this, 'cloudfront_certificate', {
        provider: globalProvider,
        domainName: props.domainName,
        subjectAlternativeNames: alternativeNames.length > 0 ? alternativeNames : undefined,
        validationMethod: 'DNS',
        keyAlgorithm: 'RSA_2048',
        options: { certificateTransparencyLoggingPreference: 'ENABLED' },
        tags: props.tags,
        lifecycle: { createBeforeDestroy: true },
      });
      const cfValidation = new AcmCertificateValidation(this, 'cloudfront_certificate_validation', {
        provider: globalProvider,
        certificateArn: this.cloudFrontCertificate.arn,
        // Only the records of this certificate's names (the ALB certificate also has origin.<domain>).
        validationRecordFqdns: Token.asList(
          `\${[for name, r in ${this.certificateValidationRecords.fqn} : r.fqdn if contains(${JSON.stringify([props.domainName, ...alternativeNames])}, name)]}`,
        ),
      });

      // WAF logs of a CLOUDFRONT web ACL must go to us-east-1.
      const globalBase: LayerBaseProps = { ...base, region: 'us-east-1' };
      let cfLogKeyArn = this.wafLogKey.arn;
      if (props.region !== 'us-east-1') {
        const cfKey = new SecureKey(this, 'cloudfront_waf_logs_key', { ...globalBase, purpose: 'cloudfront-waf-logs', allowCloudWatchLogs: true, preventDestroy: deletionProtection });
        cfKey.key.provider = globalProvider;
        cfKey.alias.provider = globalProvider;
        cfLogKeyArn = cfKey.arn;
      }
      this.cloudFrontWebAcl = new EdgeWebAcl(this, 'cloudfront_waf', {
        ...globalBase,
        ...wafRules,
        aclName: `${props.name}-cloudfront`,
        scope: 'CLOUDFRONT',
        clientIpRules: true,
        logKmsKeyArn: cfLogKeyArn,
        logRetentionDays: retention,
        provider: globalProvider,
      });

      this.cdn = new EdgeCdn(this, 'cdn', {
        ...base,
        provider: globalProvider,
        aliases: [props.domainName, ...alternativeNames],
        certificateArn: cfValidation.certificateArn,
        originDomainName,
        originVerifyHeader: { name: headerName, value: secretValue },
        webAclArn: this.cloudFrontWebAcl.arn,
        securityHeaders: headers,
        priceClass: props.cloudFrontPriceClass,
        cachePolicyId: props.cachePolicyId,
        originRequestPolicyId: props.originRequestPolicyId,
        originReadTimeoutSeconds: props.idleTimeoutSeconds !== undefined ? Math.min(60, props.idleTimeoutSeconds) : undefined,
        logExpireAfterDays: retention,
        deletionProtection,
      });
      distributionId = this.cdn.distribution.id;
      distributionDomainName = this.cdn.distribution.domainName;
      apiTarget = { name: this.cdn.distribution.domainName, zoneId: this.cdn.distribution.hostedZoneId, evaluateTargetHealth: false, ipv6: true };
      this.aliasRecords('origin', originDomainName, props.hostedZoneId, albTarget);
    } else {
      this.forwardRules = this.hostLockedRules(forward, [props.domainName, ...alternativeNames], undefined, props.tags);
      apiTarget = albTarget;
    }

    this.aliasRecords('api', props.domainName, props.hostedZoneId, apiTarget);
    for (const alt of alternativeNames) this.aliasRecords(`alt_${alt.replace(/[^a-z0-9]+/g, '_')}`, alt, props.hostedZoneId, apiTarget);

    this.outputs = {
      apiUrl: `https://${props.domainName}`,
      albArn: this.alb.arn,
      albArnSuffix: this.alb.arnSuffix,
      albDnsName: this.alb.dnsName,
      albZoneId: this.alb.zoneId,
      targetGroupArn: this.targetGroup.arn,
      targetGroupArnSuffix: this.targetGroup.arnSuffix,
      // The target group is attached by the forward rules (they depend on the listener), so the service waits for the first.
      httpsListener: this.forwardRules[0],
      httpsListenerArn: this.httpsListener.arn,
      certificateArn: this.certificateValidation.certificateArn,
      accessLogsBucket: this.accessLogs.bucketName,
      webAclArn: this.webAcl.arn,
      webAclName: this.webAcl.name,
      wafLogGroupName: this.webAcl.logGroup.name,
      distributionId,
      distributionDomainName,
      cloudFrontWebAclArn: this.cloudFrontWebAcl?.arn,
      cloudFrontWebAclName: this.cloudFrontWebAcl?.name,
    };
  }

  /**
   * Forward rules of the HTTPS listener: `https_forward_a`, `_b`, ... at priorities FORWARD_RULE_PRIORITY, + 1, ..., each
   * matching up to HOSTS_PER_RULE host names (in the order given) and, when `originHeader` is set, the header too
   * (both conditions in one rule: a request must satisfy both).
   */
  private hostLockedRules(forward: { type: string; targetGroupArn: string }, hosts: string[], originHeader: { name: string; value: string } | undefined, tags?: Record<string, string>): LbListenerRule[] {
    const rules: LbListenerRule[] = [];
    if (hosts.length > 26 * HOSTS_PER_RULE) throw new Error(`Edge: at most ${26 * HOSTS_PER_RULE} API host names (domainName + alternativeNames), got ${hosts.length}`);
    for (let i = 0; i * HOSTS_PER_RULE < hosts.length; i++) {
      const values = hosts.slice(i * HOSTS_PER_RULE, (i + 1) * HOSTS_PER_RULE);
      rules.push(
        new LbListenerRule(this, `https_forward_${String.fromCharCode(97 + i)}`, {
          listenerArn: this.httpsListener.arn,
          priority: FORWARD_RULE_PRIORITY + i,
          condition: [{ hostHeader: { values } }, ...(originHeader ? [{ httpHeader: { httpHeaderName: originHeader.name, values: [originHeader.value] } }] : [])],
          action: [forward],
          tags,
        }),
      );
    }
    return rules;
  }

  private aliasRecords(id: string, name: string, zoneId: string, target: { name: string; zoneId: string; evaluateTargetHealth: boolean; ipv6: boolean }): void {
    for (const type of target.ipv6 ? ['A', 'AAAA'] : ['A']) {
      const recordId = `${id}_${type.toLowerCase()}`;
      this.records[recordId] = new Route53Record(this, recordId, {
        provider: this.dnsProvider,
        zoneId,
        name,
        type,
        alias: { name: target.name, zoneId: target.zoneId, evaluateTargetHealth: target.evaluateTargetHealth },
      });
    }
  }
}
