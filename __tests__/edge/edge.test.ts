import { synthEdge, policy, NETWORK } from './helpers';
import { PropsError } from '../../modules/core/problems';
import { EdgeProps, edgePropsProblems, securityHeadersProblems, ELB_LOG_DELIVERY_ACCOUNTS, ELB_LOG_DELIVERY_SERVICE, elbLogDeliveryStatement, resolveSecurityHeaders, hstsValue } from '../../modules/edge';

describe('edge layer: ALB only (CloudFront off)', () => {
  const { stack, edge } = synthEdge({ cloudFront: false, idleTimeoutSeconds: 120, deletionProtection: false, containerPort: 8080 });

  it('creates an internet-facing, hardened ALB in the public subnets with the ALB security group', () => {
    const alb = stack.resource('aws_lb', 'edge_alb');
    expect(alb).toMatchObject({
      name: 'helloapi-test-alb',
      load_balancer_type: 'application',
      internal: false,
      subnets: NETWORK.publicSubnetIds,
      security_groups: [NETWORK.albSecurityGroupId],
      drop_invalid_header_fields: true,
      desync_mitigation_mode: 'strictest',
      enable_http2: true,
      enable_waf_fail_open: false,
      idle_timeout: 120,
      enable_deletion_protection: false,
      access_logs: { bucket: '${aws_s3_bucket.edge_alb_logs_bucket.bucket}', prefix: 'alb', enabled: true },
    });
    // ELB tests the bucket on enable: the policy must exist first.
    expect(alb.depends_on).toContain('aws_s3_bucket_policy.edge_alb_logs_policy');
  });

  it('port 80 only redirects to HTTPS with a 301', () => {
    const http = stack.resource('aws_lb_listener', 'edge_http');
    expect(http.port).toBe(80);
    expect(http.protocol).toBe('HTTP');
    expect(http.default_action).toEqual([{ type: 'redirect', redirect: { protocol: 'HTTPS', port: '443', status_code: 'HTTP_301' } }]);
    expect(stack.text()).not.toMatch(/"listener_arn":"\$\{aws_lb_listener.edge_http.arn\}"/);
  });

  it('port 443 uses a TLS 1.3 policy and the validated certificate, answers 421 by default, and forwards only for the API host', () => {
    const https = stack.resource('aws_lb_listener', 'edge_https');
    expect(https).toMatchObject({
      port: 443,
      protocol: 'HTTPS',
      ssl_policy: 'ELBSecurityPolicy-TLS13-1-2-Res-2021-06',
      certificate_arn: '${aws_acm_certificate_validation.edge_certificate_validation.certificate_arn}',
      default_action: [{ type: 'fixed-response', fixed_response: { content_type: 'text/plain', message_body: 'Misdirected Request', status_code: '421' } }],
    });
    expect(stack.count('aws_lb_listener_rule')).toBe(1);
    expect(stack.resource('aws_lb_listener_rule', 'edge_https_forward_a')).toEqual(
      expect.objectContaining({
        listener_arn: '${aws_lb_listener.edge_https.arn}',
        priority: 10,
        action: [{ type: 'forward', target_group_arn: '${aws_lb_target_group.edge_app.arn}' }],
        // No CloudFront: the host alone decides; no origin-verify header condition.
        condition: [{ host_header: { values: ['api.test.example.com'] } }],
      }),
    );
  });

  it('adds the security headers on the HTTPS listener and drops the Server banner', () => {
    const https = stack.resource('aws_lb_listener', 'edge_https');
    expect(https.routing_http_response_strict_transport_security_header_value).toBe('max-age=63072000; includeSubDomains; preload');
    expect(https.routing_http_response_x_content_type_options_header_value).toBe('nosniff');
    expect(https.routing_http_response_x_frame_options_header_value).toBe('DENY');
    expect(https.routing_http_response_server_enabled).toBe(false);
    expect(https.routing_http_response_content_security_policy_header_value).toBeUndefined();
  });

  it('target group: ip targets over HTTP on the container port with a health check', () => {
    const tg = stack.resource('aws_lb_target_group', 'edge_app');
    expect(tg).toMatchObject({
      name: 'helloapi-test-app',
      vpc_id: NETWORK.vpcId,
      target_type: 'ip',
      protocol: 'HTTP',
      port: 8080,
      deregistration_delay: '30',
      health_check: { enabled: true, path: '/health/', matcher: '200', protocol: 'HTTP', port: 'traffic-port' },
    });
  });

  it('target group port: the port the network admits (network.containerPort) unless containerPort is set, else 8000', () => {
    const port = (overrides: Parameters<typeof synthEdge>[0]) => synthEdge({ cloudFront: false, ...overrides }).stack.resource('aws_lb_target_group', 'edge_app').port;
    expect(port({ network: { ...NETWORK, containerPort: 9100 } })).toBe(9100);
    expect(port({ network: { ...NETWORK, containerPort: 9100 }, containerPort: 9200 })).toBe(9200);
    expect(port({})).toBe(8000);
  });

  it('requests a DNS-validated certificate with create_before_destroy and validates it through Route 53', () => {
    const cert = stack.resource('aws_acm_certificate', 'edge_certificate');
    expect(cert).toMatchObject({ domain_name: 'api.test.example.com', validation_method: 'DNS', lifecycle: { create_before_destroy: true } });
    expect(cert.subject_alternative_names).toBeUndefined();
    const rec = stack.resource('aws_route53_record', 'edge_certificate_validation_record');
    expect(rec.for_each).toContain('aws_acm_certificate.edge_certificate.domain_validation_options');
    expect(rec.for_each).toBe('${{ for o in aws_acm_certificate.edge_certificate.domain_validation_options : o.domain_name => o }}');
    expect(rec).toMatchObject({
      zone_id: 'Z0123456789ABCDEFGHIJ',
      name: '${each.value.resource_record_name}',
      type: '${each.value.resource_record_type}',
      records: ['${each.value.resource_record_value}'],
      allow_overwrite: true,
    });
    const validation = stack.resource('aws_acm_certificate_validation', 'edge_certificate_validation');
    expect(validation.certificate_arn).toBe('${aws_acm_certificate.edge_certificate.arn}');
    expect(validation.validation_record_fqdns).toContain('aws_route53_record.edge_certificate_validation_record');
  });

  it('points an A alias record at the ALB (no AAAA for an IPv4-only ALB)', () => {
    const a = stack.resource('aws_route53_record', 'edge_api_a');
    expect(a).toMatchObject({
      name: 'api.test.example.com',
      type: 'A',
      zone_id: 'Z0123456789ABCDEFGHIJ',
      alias: { name: '${aws_lb.edge_alb.dns_name}', zone_id: '${aws_lb.edge_alb.zone_id}', evaluate_target_health: true },
    });
    expect(stack.resources('aws_route53_record')).not.toHaveProperty('edge_api_aaaa');
  });

  it('has no CloudFront, origin secret, us-east-1 certificate or CLOUDFRONT web ACL', () => {
    for (const type of ['aws_cloudfront_distribution', 'aws_cloudfront_response_headers_policy', 'terraform_data']) {
      expect(stack.count(type)).toBe(0);
    }
    expect(stack.count('aws_acm_certificate')).toBe(1);
    expect(stack.count('aws_wafv2_web_acl')).toBe(1);
    expect(stack.resource('aws_wafv2_web_acl', 'edge_waf_acl').scope).toBe('REGIONAL');
    expect(stack.text()).not.toContain('aws.us_east_1');
    expect(edge.outputs.distributionId).toBeUndefined();
    expect(edge.cdn).toBeUndefined();
  });

  it('relaxed deletion protection lets the log bucket and key go', () => {
    const bucket = stack.resource('aws_s3_bucket', 'edge_alb_logs_bucket');
    expect(bucket.lifecycle).toEqual({ prevent_destroy: false });
    expect(bucket.force_destroy).toBe(true);
    expect(stack.resource('aws_kms_key', 'edge_waf_logs_key_key').lifecycle).toEqual({ prevent_destroy: false });
  });

  it('hands typed outputs to the other layers', () => {
    expect(edge.outputs.apiUrl).toBe('https://api.test.example.com');
    // The service waits for the rule that attaches its target group to the listener.
    expect(edge.outputs.httpsListener).toBe(edge.forwardRules[0]);
    expect(edge.vpcOrigin).toBeUndefined();
    expect(edge.cloudFrontIngress).toBeUndefined();
    expect(stack.count('aws_cloudfront_vpc_origin')).toBe(0);
    expect(stack.count('aws_vpc_security_group_ingress_rule')).toBe(0);
    expect(stack.text()).toContain('edge_app');
    for (const v of [edge.outputs.albArn, edge.outputs.targetGroupArn, edge.outputs.webAclArn, edge.outputs.targetGroupArnSuffix, edge.outputs.albArnSuffix]) {
      expect(typeof v).toBe('string');
      expect(v).toMatch(/\$\{TfToken/);
    }
  });
});

describe('edge layer: ALB access-log bucket', () => {
  const { stack } = synthEdge({ cloudFront: false });

  it('is SSE-S3 encrypted, versioned, private, lifecycle-expired and protected by default', () => {
    const name = 'helloapi-test-alb-logs-123456789012-us-east-1';
    expect(stack.resource('aws_s3_bucket', 'edge_alb_logs_bucket')).toMatchObject({ bucket: name, lifecycle: { prevent_destroy: true }, force_destroy: false });
    expect(stack.resource('aws_s3_bucket_server_side_encryption_configuration', 'edge_alb_logs_encryption').rule[0].apply_server_side_encryption_by_default).toEqual({
      sse_algorithm: 'AES256',
    });
    expect(stack.resource('aws_s3_bucket_versioning', 'edge_alb_logs_versioning').versioning_configuration.status).toBe('Enabled');
    expect(stack.resource('aws_s3_bucket_public_access_block', 'edge_alb_logs_public_access_block')).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    const rules = stack.resource('aws_s3_bucket_lifecycle_configuration', 'edge_alb_logs_lifecycle').rule as Array<Record<string, any>>;
    expect(rules.find((r) => r.id === 'expire-objects')?.expiration).toEqual([{ days: 365 }]);
  });

  it('lets only the region\'s ELB account put objects under the ALB prefix, and denies plain HTTP', () => {
    const statements = policy(stack.resource('aws_s3_bucket_policy', 'edge_alb_logs_policy').policy).Statement;
    expect(statements.find((s) => s.Sid === 'DenyInsecureTransport')).toBeDefined();
    expect(statements.find((s) => s.Sid === 'AllowElbAccessLogDelivery')).toEqual({
      Sid: 'AllowElbAccessLogDelivery',
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::127311923021:root' },
      Action: 's3:PutObject',
      Resource: 'arn:aws:s3:::helloapi-test-alb-logs-123456789012-us-east-1/alb/AWSLogs/123456789012/*',
    });
  });

  it('uses the log-delivery service principal in regions launched after August 2022', () => {
    const s = elbLogDeliveryStatement({ region: 'eu-central-2', accountId: '123456789012', bucketArn: 'arn:aws:s3:::b', prefix: 'alb' });
    expect(s.Principal).toEqual({ Service: ELB_LOG_DELIVERY_SERVICE });
    expect(ELB_LOG_DELIVERY_ACCOUNTS['eu-west-1']).toBe('156460612806');
    expect(ELB_LOG_DELIVERY_ACCOUNTS['us-west-2']).toBe('797873946194');
    const { stack: zurich } = synthEdge({ cloudFront: false, region: 'eu-central-2' });
    const st = policy(zurich.resource('aws_s3_bucket_policy', 'edge_alb_logs_policy').policy).Statement.find((x) => x.Sid === 'AllowElbAccessLogDelivery');
    expect(st?.Principal).toEqual({ Service: 'logdelivery.elasticloadbalancing.amazonaws.com' });
  });
});

describe('edge layer: CloudFront in front of the ALB (eu-west-1)', () => {
  const { stack, edge } = synthEdge({ region: 'eu-west-1', alternativeNames: ['www.test.example.com'], ipAddressType: 'dualstack' });

  it('makes the ALB internal, in the private app subnets, behind the ALB security group (issue 17)', () => {
    const alb = stack.resource('aws_lb', 'edge_alb');
    expect(alb).toMatchObject({ internal: true, subnets: NETWORK.appSubnetIds, security_groups: [NETWORK.albSecurityGroupId] });
    expect(JSON.stringify(alb)).not.toContain(NETWORK.publicSubnetIds[0]);
  });

  it("admits CloudFront's origin-facing prefix list of the region on 443, and nothing else (issue 17)", () => {
    const rules = stack.resources('aws_vpc_security_group_ingress_rule') as Record<string, Record<string, any>>;
    expect(Object.keys(rules)).toEqual(['edge_alb_ingress_cloudfront']);
    expect(rules.edge_alb_ingress_cloudfront).toMatchObject({
      security_group_id: NETWORK.albSecurityGroupId,
      ip_protocol: 'tcp',
      from_port: 443,
      to_port: 443,
      prefix_list_id: 'pl-4fa04526', // eu-west-1
    });
    expect(rules.edge_alb_ingress_cloudfront.cidr_ipv4).toBeUndefined();
    expect(edge.cloudFrontIngress).toBeDefined();
  });

  it('reaches the ALB through a CloudFront VPC origin: https-only, TLSv1.2, in us-east-1, after the ingress rule exists', () => {
    expect(stack.resource('aws_cloudfront_vpc_origin', 'edge_vpc_origin')).toMatchObject({
      provider: 'aws.us_east_1',
      vpc_origin_endpoint_config: [
        { name: 'helloapi-test-alb', arn: '${aws_lb.edge_alb.arn}', http_port: 80, https_port: 443, origin_protocol_policy: 'https-only', origin_ssl_protocols: [{ items: ['TLSv1.2'], quantity: 1 }] },
      ],
      depends_on: ['aws_vpc_security_group_ingress_rule.edge_alb_ingress_cloudfront'],
      timeouts: { create: '30m', update: '30m', delete: '30m' },
    });
    expect(edge.vpcOrigin).toBeDefined();
  });

  it('host-locks the listener without any shared secret: 421 by default, forward only for an API host (issue 17, item 2)', () => {
    const https = stack.resource('aws_lb_listener', 'edge_https');
    expect(https.default_action).toEqual([{ type: 'fixed-response', fixed_response: { content_type: 'text/plain', message_body: 'Misdirected Request', status_code: '421' } }]);
    expect(stack.count('aws_lb_listener_rule')).toBe(1);
    expect(stack.resource('aws_lb_listener_rule', 'edge_https_forward_a')).toMatchObject({
      listener_arn: '${aws_lb_listener.edge_https.arn}',
      priority: 10,
      action: [{ type: 'forward', target_group_arn: '${aws_lb_target_group.edge_app.arn}' }],
      // Not the origin name: CloudFront forwards the viewer's Host.
      condition: [{ host_header: { values: ['api.test.example.com', 'www.test.example.com'] } }],
    });
    // No terraform_data/uuid() secret: nothing secret about the origin path ends up in Terraform state.
    expect(stack.count('terraform_data')).toBe(0);
    expect(stack.text()).not.toMatch(/uuid\(\)|X-Origin-Verify|origin_secret|"custom_header"|http_header/);
    // The service must wait for the rule that attaches its target group.
    expect(edge.outputs.httpsListener).toBe(edge.forwardRules[0]);
  });

  it('CloudFront connects to origin.<domain> through the VPC origin (no custom_origin_config, no custom header)', () => {
    const d = stack.resource('aws_cloudfront_distribution', 'edge_cdn_distribution');
    expect(d.provider).toBe('aws.us_east_1');
    expect(d.origin).toEqual([
      {
        origin_id: 'alb',
        domain_name: 'origin.api.test.example.com',
        vpc_origin_config: { vpc_origin_id: '${aws_cloudfront_vpc_origin.edge_vpc_origin.id}', origin_read_timeout: 60, origin_keepalive_timeout: 5 },
      },
    ]);
  });

  it('CloudFront viewer side: aliases, redirect-to-https, TLSv1.2_2021, SNI, no caching, headers policy, web ACL, logs', () => {
    const d = stack.resource('aws_cloudfront_distribution', 'edge_cdn_distribution');
    expect(d.aliases).toEqual(['api.test.example.com', 'www.test.example.com']);
    expect(d.enabled).toBe(true);
    expect(d.is_ipv6_enabled).toBe(true);
    expect(d.viewer_certificate).toEqual({
      acm_certificate_arn: '${aws_acm_certificate_validation.edge_cloudfront_certificate_validation.certificate_arn}',
      ssl_support_method: 'sni-only',
      minimum_protocol_version: 'TLSv1.2_2021',
    });
    expect(d.default_cache_behavior).toMatchObject({
      target_origin_id: 'alb',
      viewer_protocol_policy: 'redirect-to-https',
      cache_policy_id: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
      origin_request_policy_id: '216adef6-5c7f-47e4-b989-5492eafa07d3',
      response_headers_policy_id: '${aws_cloudfront_response_headers_policy.edge_cdn_security_headers.id}',
    });
    expect(d.default_cache_behavior.allowed_methods).toEqual(expect.arrayContaining(['POST', 'PUT', 'PATCH', 'DELETE']));
    expect(d.web_acl_id).toBe('${aws_wafv2_web_acl.edge_cloudfront_waf_acl.arn}');
    expect(d.logging_config).toEqual({ bucket: '${aws_s3_bucket.edge_cdn_logs_bucket.bucket_domain_name}', prefix: 'cloudfront/', include_cookies: false });
  });

  it('the CloudFront log bucket keeps ACLs (standard logs need them) but blocks public access', () => {
    expect(stack.resource('aws_s3_bucket', 'edge_cdn_logs_bucket').bucket).toBe('helloapi-test-cdn-logs-123456789012-eu-west-1');
    expect(stack.resource('aws_s3_bucket_ownership_controls', 'edge_cdn_logs_ownership').rule).toEqual({ object_ownership: 'BucketOwnerPreferred' });
    // SSE-KMS with a rotating customer-managed key the CloudFront log delivery service may use.
    const sse = stack.resource('aws_s3_bucket_server_side_encryption_configuration', 'edge_cdn_logs_encryption');
    expect(sse.rule[0].apply_server_side_encryption_by_default).toEqual({ sse_algorithm: 'aws:kms', kms_master_key_id: '${aws_kms_key.edge_cdn_logs_kms_key.arn}' });
    const logKey = stack.resource('aws_kms_key', 'edge_cdn_logs_kms_key');
    expect(logKey.enable_key_rotation).toBe(true);
    expect(JSON.parse(logKey.policy).Statement).toContainEqual({
      Sid: 'CloudFrontLogDelivery',
      Effect: 'Allow',
      Principal: { Service: 'delivery.logs.amazonaws.com' },
      Action: 'kms:GenerateDataKey*',
      Resource: '*',
    });
    expect(stack.resource('aws_s3_bucket_public_access_block', 'edge_cdn_logs_public_access_block')).toMatchObject({ block_public_acls: true, restrict_public_buckets: true });
  });

  it('the response-headers policy sets the same headers as the ALB, plus Referrer-Policy and COOP defaults', () => {
    const p = stack.resource('aws_cloudfront_response_headers_policy', 'edge_cdn_security_headers');
    expect(p.provider).toBe('aws.us_east_1');
    expect(p.security_headers_config).toEqual({
      strict_transport_security: { access_control_max_age_sec: 63072000, include_subdomains: true, preload: true, override: true },
      content_type_options: { override: true },
      frame_options: { frame_option: 'DENY', override: true },
      referrer_policy: { referrer_policy: 'same-origin', override: false },
    });
    expect(p.custom_headers_config).toEqual({ items: [{ header: 'Cross-Origin-Opener-Policy', value: 'same-origin', override: false }] });
  });

  it('a us-east-1 certificate for CloudFront reuses the ALB certificate\'s validation records', () => {
    const alb = stack.resource('aws_acm_certificate', 'edge_certificate');
    expect(alb.subject_alternative_names).toEqual(['origin.api.test.example.com', 'www.test.example.com']);
    const cf = stack.resource('aws_acm_certificate', 'edge_cloudfront_certificate');
    expect(cf).toMatchObject({
      provider: 'aws.us_east_1',
      domain_name: 'api.test.example.com',
      subject_alternative_names: ['www.test.example.com'],
      validation_method: 'DNS',
      lifecycle: { create_before_destroy: true },
    });
    // One validation record set only: no duplicate CNAMEs for the same names.
    expect(Object.keys(stack.resources('aws_route53_record')).filter((k) => k.includes('validation'))).toEqual(['edge_certificate_validation_record']);
    const v = stack.resource('aws_acm_certificate_validation', 'edge_cloudfront_certificate_validation');
    expect(v.provider).toBe('aws.us_east_1');
    expect(v.validation_record_fqdns).toBe(
      '${[for name, r in aws_route53_record.edge_certificate_validation_record : r.fqdn if contains(["api.test.example.com","www.test.example.com"], name)]}',
    );
  });

  it('the API name (and alternative names) alias to CloudFront over A and AAAA; origin.<domain> aliases to the ALB', () => {
    const records = stack.resources<Record<string, any>>('aws_route53_record');
    for (const id of ['edge_api_a', 'edge_api_aaaa', 'edge_alt_www_test_example_com_a', 'edge_alt_www_test_example_com_aaaa']) {
      expect(records[id].alias).toEqual({
        name: '${aws_cloudfront_distribution.edge_cdn_distribution.domain_name}',
        zone_id: '${aws_cloudfront_distribution.edge_cdn_distribution.hosted_zone_id}',
        evaluate_target_health: false,
      });
    }
    expect(records.edge_api_aaaa.type).toBe('AAAA');
    expect(records.edge_origin_a).toMatchObject({ name: 'origin.api.test.example.com', type: 'A', alias: { name: '${aws_lb.edge_alb.dns_name}' } });
    expect(records.edge_origin_aaaa.type).toBe('AAAA'); // dualstack ALB
    expect(stack.resource('aws_lb', 'edge_alb').ip_address_type).toBe('dualstack');
  });

  it('exposes the distribution in the outputs', () => {
    expect(edge.outputs.distributionId).toBeDefined();
    expect(edge.outputs.distributionDomainName).toBeDefined();
    expect(edge.outputs.cloudFrontWebAclArn).toBeDefined();
  });
});

describe('edge layer: props checks and headers', () => {
  it('refuses CloudFront without a us-east-1 provider', () => {
    expect(() => synthEdge({ withGlobalProvider: false })).toThrow(/^Edge test\/edge: invalid props \(1 problem\):\n  globalProvider: is required while cloudFront is on/);
  });

  it('refuses a single public subnet', () => {
    expect(() => synthEdge({ cloudFront: false, network: { ...NETWORK, publicSubnetIds: ['subnet-1'] } })).toThrow(/network\.publicSubnetIds = \["subnet-1"\]: must be in at least two availability zones/);
  });

  it('behind CloudFront, refuses a single private app subnet (the internal ALB lives there)', () => {
    expect(() => synthEdge({ network: { ...NETWORK, appSubnetIds: ['subnet-1'] } })).toThrow(/network\.appSubnetIds = \["subnet-1"\]: must be in at least two availability zones/);
  });

  it("behind CloudFront, needs CloudFront's origin-facing prefix list of the region: from the table, or given, and well-formed", () => {
    expect(() => synthEdge({ region: 'ap-south-2' })).toThrow(
      /cloudFrontOriginPrefixListId: is required in region ap-south-2: the table of CloudFront origin-facing prefix lists covers .*us-east-1.*; look it up with aws ec2 describe-managed-prefix-lists --region ap-south-2 --filters Name=prefix-list-name,Values=com\.amazonaws\.global\.cloudfront\.origin-facing/,
    );
    const { stack } = synthEdge({ region: 'ap-south-2', cloudFrontOriginPrefixListId: 'pl-0123456789abcdef0' });
    expect(stack.resource('aws_vpc_security_group_ingress_rule', 'edge_alb_ingress_cloudfront').prefix_list_id).toBe('pl-0123456789abcdef0');
    expect(() => synthEdge({ cloudFrontOriginPrefixListId: 'sg-12345678' })).toThrow(/cloudFrontOriginPrefixListId = "sg-12345678": is not a prefix-list ID/);
    // Without CloudFront nothing needs it.
    expect(() => synthEdge({ cloudFront: false, region: 'ap-south-2' })).not.toThrow();
  });

  it('refuses a bucket name over 63 characters', () => {
    expect(() => synthEdge({ cloudFront: false, name: 'helloapi-staging-longer-xxxx', region: 'ap-southeast-1' })).toThrow(
      /name = "helloapi-staging-longer-xxxx": bucket name "helloapi-staging-longer-xxxx-alb-logs-123456789012-ap-southeast-1" is longer than 63/,
    );
  });

  it('refuses bad or repeated host names', () => {
    expect(() => synthEdge({ cloudFront: false, domainName: 'API.example.com' })).toThrow(/domainName = "API\.example\.com": is not a lowercase DNS name/);
    expect(() => synthEdge({ cloudFront: false, alternativeNames: ['api.test.example.com'] })).toThrow(/alternativeNames = .*: domainName, alternativeNames and the origin name must all differ/);
    expect(() => synthEdge({ alternativeNames: ['origin.api.test.example.com'] })).toThrow(/must all differ/);
    expect(() => synthEdge({ originDomainName: 'api.test.example.com' })).toThrow(/originDomainName = .*: domainName, alternativeNames and the origin name must all differ/);
  });

  it('refuses more than 7 path rate limits and an invalid window', () => {
    const paths = Array.from({ length: 8 }, (_, i) => ({ path: `/p${i}/`, limit: 10 }));
    expect(() => synthEdge({ cloudFront: false, pathRateLimits: paths })).toThrow(/pathRateLimits = 8: at most 7 pathRateLimits/);
    expect(() => synthEdge({ cloudFront: false, rateLimitWindowSeconds: 30 as never })).toThrow(/rateLimitWindowSeconds = 30: must be 60, 120, 300 or 600/);
  });

  it('reports every problem at once, as one PropsError naming the construct', () => {
    let error: unknown;
    try {
      synthEdge({
        withGlobalProvider: false,
        name: 'helloapi-a-name-far-too-long-x',
        network: { ...NETWORK, appSubnetIds: ['subnet-1'] },
        domainName: 'API.example.com',
        rateLimitWindowSeconds: 30 as never,
        wafRuleModes: { nope: 'count' },
        securityHeaders: { hstsMaxAgeSeconds: 3600 },
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PropsError);
    expect((error as PropsError).construct).toBe('Edge test/edge');
    expect((error as PropsError).problems.map((p) => p.prop)).toEqual([
      'globalProvider',
      'network.appSubnetIds',
      'name',
      'domainName',
      'originDomainName',
      'wafRuleModes.nope',
      'rateLimitWindowSeconds',
      'securityHeaders.hstsPreload',
    ]);
    expect((error as PropsError).message).toMatch(/^Edge test\/edge: invalid props \(8 problems\):\n/);
  });

  it('edgePropsProblems is the construct\'s check, without building anything', () => {
    const props: EdgeProps = { name: 'helloapi-test', accountId: '123456789012', region: 'us-east-1', network: NETWORK, domainName: 'api.test.example.com', hostedZoneId: 'Z0123456789ABCDEFGHIJ', cloudFront: false };
    expect(edgePropsProblems(props)).toEqual([]);
    expect(edgePropsProblems({ ...props, alternativeNames: ['Www.test.example.com', 'www.test.example.com', 'www.test.example.com'] })).toEqual([
      { prop: 'alternativeNames.0', value: 'Www.test.example.com', message: 'is not a lowercase DNS name' },
      {
        prop: 'alternativeNames',
        value: ['api.test.example.com', 'Www.test.example.com', 'www.test.example.com', 'www.test.example.com'],
        message: 'domainName, alternativeNames and the origin name must all differ',
      },
    ]);
    // A name with a dot is no name prefix, and makes the web ACL name invalid (WAF allows letters, digits, - and _).
    expect(edgePropsProblems({ ...props, name: 'helloapi.test' })).toEqual([
      { prop: 'name', value: 'helloapi.test', message: expect.stringMatching(/^must be lowercase letters, digits and single hyphens, .*at most 28 characters/) },
      { prop: 'name', value: 'helloapi.test', message: 'makes the web ACL name "helloapi.test-alb" invalid: it must be 1-128 letters, digits, - or _' },
    ]);
  });

  it('refuses an HSTS preload header the preload list would reject', () => {
    expect(() => resolveSecurityHeaders({ hstsMaxAgeSeconds: 3600 })).toThrow(/preload/);
    expect(securityHeadersProblems({ hstsMaxAgeSeconds: 1.5 }).map((p) => p.prop)).toEqual(['hstsMaxAgeSeconds', 'hstsPreload']);
    expect(hstsValue(resolveSecurityHeaders({ hstsPreload: false, hstsIncludeSubdomains: false, hstsMaxAgeSeconds: 3600 }))).toBe('max-age=3600');
  });

  it('forces a Content-Security-Policy on both the ALB and CloudFront when given', () => {
    const csp = "default-src 'none'; frame-ancestors 'none'";
    const { stack } = synthEdge({ securityHeaders: { contentSecurityPolicy: csp, frameOptions: 'SAMEORIGIN' } });
    const https = stack.resource('aws_lb_listener', 'edge_https');
    expect(https.routing_http_response_content_security_policy_header_value).toBe(csp);
    expect(https.routing_http_response_x_frame_options_header_value).toBe('SAMEORIGIN');
    const p = stack.resource('aws_cloudfront_response_headers_policy', 'edge_cdn_security_headers');
    expect(p.security_headers_config.content_security_policy).toEqual({ content_security_policy: csp, override: true });
  });

  it('in us-east-1 the CloudFront web ACL logs with the same key (no second key)', () => {
    const { stack } = synthEdge({});
    // One WAF log key for both ACLs; the other key encrypts the CloudFront log bucket.
    expect(Object.keys(stack.resources('aws_kms_key')).sort()).toEqual(['edge_cdn_logs_kms_key', 'edge_waf_logs_key_key']);
    expect(stack.resource('aws_cloudwatch_log_group', 'edge_cloudfront_waf_log_group').kms_key_id).toBe('${aws_kms_key.edge_waf_logs_key_key.arn}');
  });
});
