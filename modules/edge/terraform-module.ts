import { TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import { LbListenerRule } from '@cdktf/provider-aws/lib/lb-listener-rule';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { CLOUDFRONT_ORIGIN_FACING_PREFIX_LISTS } from '../core/cloudfront-origin';
import { S3_BUCKET_NAME_MAX_LENGTH, WAF_RATE_LIMIT_RANGE } from '../core/limits';
import { accountIdVariable, logRetentionVariable, matchesCondition, ModuleValidation, nameVariable, partitionVariable, regionVariable, tagsVariable, wholeNumberValidation } from '../core/module-variables';
import { DNS_NAME_MAX_LENGTH, DNS_NAME_PATTERN, HOSTED_ZONE_ID_PATTERN, URL_PATH_PATTERN } from '../core/patterns';
import { ModuleOutputSpec, ModuleProviderAlias, ModuleVariableSpec, stringMapValue, TerraformModuleSpec } from '../core/terraform-module';
import { DEFAULT_SSL_POLICY, Edge } from './index';
import { bucketNameOf } from './names';
import { EDGE_MAX_NAME_LENGTH } from './validation';

/**
 * The log bucket names within the S3 limit: `alb-logs`, and behind CloudFront `cdn-logs` (as long), named in the
 * message as the module creates them.
 */
function bucketNameCheck(cloudFront: boolean): ModuleValidation {
  const purpose = cloudFront ? 'cdn-logs' : 'alb-logs';
  return {
    condition: `length("${bucketNameOf('${var.name}', purpose, '${var.account_id}', '${var.region}')}") <= ${S3_BUCKET_NAME_MAX_LENGTH}`,
    errorMessage: `name is too long: the log bucket name ${bucketNameOf('<name>', purpose, '<account_id>', '<region>')} must be at most ${S3_BUCKET_NAME_MAX_LENGTH} characters.`,
    // Within the name limit, but the longest region names push the bucket name over it.
    invalid: 'a'.repeat(EDGE_MAX_NAME_LENGTH),
    invalidWith: { region: 'ap-southeast-1' },
  };
}

/** The CloudFront origin-facing prefix list of a region missing from the module's table (null: the table's entry). */
const originPrefixListVariable: ModuleVariableSpec = {
  name: 'cloudfront_origin_prefix_list_id',
  type: 'string',
  description: `CloudFront's origin-facing managed prefix list of the region (\`com.amazonaws.global.cloudfront.origin-facing\`; \`aws ec2 describe-managed-prefix-lists --filters Name=prefix-list-name,Values=com.amazonaws.global.cloudfront.origin-facing\`). Default null: the module's table (${Object.keys(CLOUDFRONT_ORIGIN_FACING_PREFIX_LISTS).join(', ')}).`,
  default: null,
  validation: [
    {
      condition: 'var.cloudfront_origin_prefix_list_id == null || can(regex("^pl-[0-9a-f]{8,17}$", var.cloudfront_origin_prefix_list_id))',
      errorMessage: 'cloudfront_origin_prefix_list_id must be null or a prefix-list ID (pl- and 8 to 17 hex digits).',
      invalid: 'sg-3b927c52',
    },
    {
      condition: `var.cloudfront_origin_prefix_list_id != null || contains(${JSON.stringify(Object.keys(CLOUDFRONT_ORIGIN_FACING_PREFIX_LISTS))}, var.region)`,
      errorMessage: `cloudfront_origin_prefix_list_id is required in this region: the module's table of CloudFront origin-facing prefix lists covers ${Object.keys(CLOUDFRONT_ORIGIN_FACING_PREFIX_LISTS).join(', ')}.`,
      // A region outside the table, with no prefix list given.
      invalid: null,
      invalidWith: { region: 'ap-east-1' },
    },
  ],
};

function edgeVariables(cloudFront: boolean): ModuleVariableSpec[] {
  const name = nameVariable(EDGE_MAX_NAME_LENGTH);
  return [
    { ...name, validation: [...name.validation!, bucketNameCheck(cloudFront)] },
    accountIdVariable,
    regionVariable,
    partitionVariable,
    tagsVariable,
    { name: 'vpc_id', type: 'string', description: 'VPC of the target group (network module output `vpc_id`).' },
    cloudFront
      ? {
          name: 'app_subnet_ids',
          type: 'list(string)',
          description: 'Private subnets of the internal load balancer, in at least 2 AZs (network module output `app_subnet_ids`); CloudFront reaches it through a VPC origin.',
          validation: [{ condition: 'length(var.app_subnet_ids) >= 2', errorMessage: 'app_subnet_ids must list at least 2 subnets (an ALB needs two AZs).', invalid: ['subnet-0123456789abcdef0'] }],
        }
      : {
          name: 'public_subnet_ids',
          type: 'list(string)',
          description: 'Public subnets of the load balancer, in at least 2 AZs (network module output `public_subnet_ids`).',
          validation: [{ condition: 'length(var.public_subnet_ids) >= 2', errorMessage: 'public_subnet_ids must list at least 2 subnets (an ALB needs two AZs).', invalid: ['subnet-0123456789abcdef0'] }],
        },
    ...(cloudFront ? [originPrefixListVariable] : []),
    {
      name: 'alb_security_group_id',
      type: 'string',
      description: cloudFront
        ? "Security group of the load balancer (network module output `alb_security_group_id`); this module adds its CloudFront ingress (HTTPS from the region's CloudFront origin-facing prefix list). Set the network module's `alb_ingress_cidr` to the VPC CIDR so it admits nothing else."
        : 'Security group of the load balancer (network module output `alb_security_group_id`).',
    },
    {
      name: 'domain_name',
      type: 'string',
      description: cloudFront
        ? "The API's public host name, e.g. `api.example.com`; `origin.<domain_name>` is created for CloudFront to reach the load balancer."
        : "The API's public host name, e.g. `api.example.com`.",
      validation: [{ condition: `${matchesCondition('domain_name', DNS_NAME_PATTERN)} && length(var.domain_name) <= ${DNS_NAME_MAX_LENGTH}`, errorMessage: 'domain_name must be a lowercase DNS name such as api.example.com.', invalid: 'API.example.com' }],
    },
    {
      name: 'hosted_zone_id',
      type: 'string',
      description: 'Route 53 hosted zone holding `domain_name` (certificate validation and alias records).',
      validation: [
        {
          condition: matchesCondition('hosted_zone_id', HOSTED_ZONE_ID_PATTERN),
          errorMessage: 'hosted_zone_id must be a Route 53 zone ID such as Z0123456789ABCDEFGHIJ: Z followed by 4-31 uppercase letters or digits.',
          invalid: '/hostedzone/Z0123456789ABCDEFGHIJ',
        },
      ],
    },
    {
      name: 'health_check_path',
      type: 'string',
      description: "Path of the target-group health check (the app answers 200 there). Used with the compute module, it must equal compute's `health_check_path`: compute exempts only that path from Django's HTTPS redirect, and the plain-HTTP health check of any other path gets the redirect (every target unhealthy).",
      default: '/health/',
      validation: [{ condition: matchesCondition('health_check_path', URL_PATH_PATTERN), errorMessage: 'health_check_path must be an absolute URL path.', invalid: 'health/' }],
    },
    {
      name: 'ssl_policy',
      type: 'string',
      description: 'TLS policy of the HTTPS listener; only TLS 1.3 policies (`ELBSecurityPolicy-TLS13-*`) are accepted.',
      default: DEFAULT_SSL_POLICY,
      validation: [{ condition: 'startswith(var.ssl_policy, "ELBSecurityPolicy-TLS13-")', errorMessage: 'ssl_policy must be a TLS 1.3 policy (ELBSecurityPolicy-TLS13-*).', invalid: 'ELBSecurityPolicy-2016-08' }],
    },
    {
      name: 'rate_limit',
      type: 'number',
      description: `Requests per client IP per ${300 / 60}-minute window before WAF blocks, ${WAF_RATE_LIMIT_RANGE.min}-${WAF_RATE_LIMIT_RANGE.max}${cloudFront ? ' (enforced on the CloudFront web ACL)' : ''}.`,
      default: 1000,
      validation: [wholeNumberValidation('rate_limit', WAF_RATE_LIMIT_RANGE)],
    },
    logRetentionVariable('log_retention_days', `Retention of the WAF logs (days) and expiry of the ALB${cloudFront ? ' and CloudFront' : ''} access logs.`),
  ];
}

/** The caller's us-east-1 provider (CloudFront's certificate, web ACL and their log key must be there). */
const US_EAST_1: ModuleProviderAlias = { alias: 'us_east_1', region: 'us-east-1', why: 'CloudFront certificates, the CLOUDFRONT web ACL and its logs live there' };

function buildEdge(scope: Construct, v: Record<string, TerraformVariable>, globalProvider: AwsProvider | undefined): ModuleOutputSpec[] {
  const cloudFront = globalProvider !== undefined;
  const edge = new Edge(scope, 'edge', {
    name: v.name.stringValue,
    accountId: v.account_id.stringValue,
    region: v.region.stringValue,
    partition: v.partition.stringValue,
    tags: stringMapValue(v.tags),
    network: cloudFront
      ? { vpcId: v.vpc_id.stringValue, publicSubnetIds: [], appSubnetIds: v.app_subnet_ids.listValue, albSecurityGroupId: v.alb_security_group_id.stringValue }
      : { vpcId: v.vpc_id.stringValue, publicSubnetIds: v.public_subnet_ids.listValue, appSubnetIds: [], albSecurityGroupId: v.alb_security_group_id.stringValue },
    domainName: v.domain_name.stringValue,
    hostedZoneId: v.hosted_zone_id.stringValue,
    healthCheck: { path: v.health_check_path.stringValue },
    sslPolicy: v.ssl_policy.stringValue,
    rateLimit: v.rate_limit.numberValue,
    logRetentionDays: v.log_retention_days.numberValue,
    cloudFront,
    globalProvider,
    cloudFrontOriginPrefixListId: cloudFront ? v.cloudfront_origin_prefix_list_id.stringValue : undefined,
  });
  const o = edge.outputs;
  const outputs: ModuleOutputSpec[] = [
    { name: 'api_url', description: '`https://<domain_name>`', value: o.apiUrl },
    { name: 'alb_arn', description: 'ARN of the application load balancer', value: o.albArn },
    { name: 'alb_arn_suffix', description: 'ALB ARN suffix (CloudWatch dimension LoadBalancer)', value: o.albArnSuffix },
    { name: 'alb_dns_name', description: 'DNS name of the load balancer', value: o.albDnsName },
    { name: 'alb_zone_id', description: "The load balancer's canonical hosted zone ID (alias records)", value: o.albZoneId },
    { name: 'target_group_arn', description: 'Target group the ECS service registers with (target type ip, port 8000)', value: o.targetGroupArn },
    { name: 'target_group_arn_suffix', description: 'Target group ARN suffix (CloudWatch dimension TargetGroup)', value: o.targetGroupArnSuffix },
    {
      name: 'https_listener_arn',
      description: cloudFront
        ? 'ARN of the HTTPS listener; known only once the listener rule that forwards CloudFront requests to the target group exists (pass it to the compute module, which waits for it)'
        : 'ARN of the HTTPS listener that forwards to the target group (pass it to the compute module, which waits for it)',
      // Read through what attaches the target group (a forwarding listener rule, or the listener itself),
      // so a consumer of this value waits until the target group is attached.
      value: o.httpsListener instanceof LbListenerRule ? o.httpsListener.listenerArn : o.httpsListenerArn,
    },
    { name: 'certificate_arn', description: 'ARN of the validated ALB certificate', value: o.certificateArn },
    { name: 'access_logs_bucket_name', description: 'Bucket receiving the ALB access logs', value: o.accessLogsBucket },
    { name: 'web_acl_arn', description: 'ARN of the regional web ACL on the load balancer', value: o.webAclArn },
    { name: 'web_acl_name', description: 'Name of the regional web ACL (CloudWatch dimension WebACL)', value: o.webAclName },
    { name: 'waf_log_group_name', description: 'Log group of the regional web ACL', value: o.wafLogGroupName },
  ];
  if (cloudFront) {
    outputs.push(
      { name: 'distribution_id', description: 'CloudFront distribution ID', value: o.distributionId },
      { name: 'distribution_domain_name', description: 'CloudFront distribution domain name', value: o.distributionDomainName },
      { name: 'cloudfront_web_acl_arn', description: 'ARN of the CLOUDFRONT-scoped web ACL (us-east-1)', value: o.cloudFrontWebAclArn },
      { name: 'cloudfront_web_acl_name', description: 'Name of the CLOUDFRONT-scoped web ACL (its metrics are in us-east-1)', value: o.cloudFrontWebAclName },
    );
  }
  return outputs;
}

const COMMON =
  'HTTPS-only application load balancer (dropped invalid headers, strictest desync mitigation, TLS 1.3 policy, security headers, HTTP redirected to HTTPS, access logs to a private bucket), a DNS-validated ACM certificate, Route 53 alias records, and a regional WAF web ACL (AWS managed rule groups, rate limit) logging to a KMS-encrypted log group.';
const FIXED =
  'Fixed in this module: deletion protection on the load balancer and prevent_destroy on log buckets and KMS keys, container port 8000 (the network module admits that port), no alternative names.';

/**
 * The edge layer with CloudFront in front of the load balancer (the secure default): CloudFront
 * certificate, CLOUDFRONT web ACL and its log key live in us-east-1, so the module takes a second
 * `aws` provider through `configuration_aliases = [aws.us_east_1]`. The ALB is internal, reached through a
 * CloudFront VPC origin.
 */
export const edgeModule: TerraformModuleSpec = {
  name: 'edge',
  description: [
    `${COMMON} CloudFront in front of it (TLS 1.2+ viewer policy, security headers, no caching, access logs), with its own us-east-1 certificate and CLOUDFRONT web ACL (the IP-keyed rules run there); the load balancer is internal, in the private subnets, and CloudFront reaches it through a VPC origin (no shared-secret header: nothing else can reach it). The ALB admits HTTPS from the region's CloudFront origin-facing prefix list: the module's table has it for ${Object.keys(CLOUDFRONT_ORIGIN_FACING_PREFIX_LISTS).join(', ')}; elsewhere set \`cloudfront_origin_prefix_list_id\`.`,
    '',
    'Needs two providers: the default `aws` in the region of the load balancer and `aws.us_east_1` configured for us-east-1.',
    '',
    `${FIXED} Without CloudFront, use the \`edge-regional\` module.`,
  ].join('\n'),
  variables: edgeVariables(true),
  testInputs: {
    name: 'helloapi-test', account_id: '123456789012', region: 'eu-west-1',
    vpc_id: 'vpc-0c000000000000001',
    app_subnet_ids: ['subnet-0c000000000000001', 'subnet-0c000000000000002'],
    alb_security_group_id: 'sg-0c000000000000001',
    domain_name: 'api.example.com',
    hosted_zone_id: 'Z0123456789ABCDEFGHIJ',
  },
  exampleInputs: { tags: { Owner: 'platform' }, rate_limit: 500, log_retention_days: 90 },
  // Resources created through this alias carry `provider = aws.us_east_1`; the caller passes it.
  providerAliases: [US_EAST_1],
  build: (scope, v, providers) => buildEdge(scope, v, providers[US_EAST_1.alias]),
};

/** The edge layer without CloudFront: clients reach the load balancer directly; one provider. */
export const edgeRegionalModule: TerraformModuleSpec = {
  name: 'edge-regional',
  description: [`${COMMON} No CloudFront: clients reach the load balancer directly and the IP-keyed WAF rules run on it.`, '', `${FIXED} With CloudFront, use the \`edge\` module.`].join('\n'),
  variables: edgeVariables(false),
  testInputs: {
    name: 'helloapi-test', account_id: '123456789012', region: 'eu-west-1',
    vpc_id: 'vpc-0c000000000000001',
    public_subnet_ids: ['subnet-0c000000000000001', 'subnet-0c000000000000002'],
    alb_security_group_id: 'sg-0c000000000000001',
    domain_name: 'api.example.com',
    hosted_zone_id: 'Z0123456789ABCDEFGHIJ',
  },
  exampleInputs: { tags: { Owner: 'platform' }, rate_limit: 500, log_retention_days: 90 },
  build: (scope, v) => buildEdge(scope, v, undefined),
};
