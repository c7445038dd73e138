/**
 * Hand-written Terraform JSON for a compliant environment, account-baseline and
 * state stack, shaped like our synthesized output (snake_case arguments,
 * `${type.name.attr}` references, literal JSON policies). Every rule passes on
 * them; each rule's test mutates one to make it fail.
 */
import type { HostedZoneOwner, PolicyTarget } from '../../modules/policy/types';
import type { TerraformJson } from '../../modules/policy/tf-json';

export type Json = TerraformJson & { resource: Record<string, Record<string, Record<string, any>>> };

const ACCOUNT = '222222222222';
/**
 * The multi-account layout of the fixtures (docs/deploy.md): the environment and its account baseline run in
 * ACCOUNT; the state stack, its bucket and key, the hosted zone and the roles reaching them live in STATE_ACCOUNT.
 */
export const STATE_ACCOUNT = '333333333333';
export const STATE_BUCKET = 'fixture-state_bucket';
export const STATE_KMS_KEY_ID = `arn:aws:kms:us-east-1:${STATE_ACCOUNT}:alias/fixture-state/terraform-state`;
export const STATE_ROLE_ARN = `arn:aws:iam::${STATE_ACCOUNT}:role/fixture-state-prod`;
export const DNS_ROLE_ARN = `arn:aws:iam::${STATE_ACCOUNT}:role/fixture-dns-prod`;
export const ZONE: HostedZoneOwner = { zoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com', accountId: STATE_ACCOUNT, source: 'environments/prod.ts' };
const ref = (address: string, attr = 'id') => `\${${address}.${attr}}`;
const doc = (...Statement: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement });
const trust = (service: string) =>
  doc({ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } } });

function builder() {
  const json: Json = { resource: {} };
  const add = (type: string, name: string, values: Record<string, any>) => {
    json.resource[type] = json.resource[type] ?? {};
    json.resource[type][name] = { '//': { metadata: { path: `fixture/${name}` } }, ...values };
    return `${type}.${name}`;
  };
  return { json, add };
}

type Add = ReturnType<typeof builder>['add'];

function key(add: Add, name: string, account = ACCOUNT): string {
  return add('aws_kms_key', name, {
    description: name,
    enable_key_rotation: true,
    deletion_window_in_days: 30,
    lifecycle: { prevent_destroy: true },
    policy: doc({ Sid: 'AccountAdministers', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'kms:*', Resource: '*' }),
  });
}

/** The AWS providers of a stack: the default one pinned to `account`, plus aliased ones. */
function providers(json: Json, account: string, ...aliased: Record<string, unknown>[]): void {
  json.provider = { aws: [{ region: 'us-east-1', allowed_account_ids: [account] }, ...aliased] };
}

/** The S3 backend every fixture stack uses: the state bucket of the state fixture, encrypted with its key, locked with a lock file. */
function backend(json: Json, key: string, roleArn?: string): void {
  json.terraform = {
    backend: { s3: { bucket: STATE_BUCKET, key, region: 'us-east-1', encrypt: true, kms_key_id: STATE_KMS_KEY_ID, use_lockfile: true, ...(roleArn ? { assume_role: { role_arn: roleArn } } : {}) } },
  };
}

const trustAccount = (account: string) => doc({ Sid: 'TrustedAccounts', Effect: 'Allow', Principal: { AWS: [`arn:aws:iam::${account}:root`] }, Action: 'sts:AssumeRole' });

/** A bucket with every config resource SecureBucket creates. */
function bucket(add: Add, name: string, encryption: { kmsKey: string } | 'SSE-S3', extra: { ownership?: string; statements?: unknown[] } = {}): string {
  const b = add('aws_s3_bucket', `${name}_bucket`, { bucket: `fixture-${name}`, force_destroy: false, lifecycle: { prevent_destroy: true } });
  const id = ref(b);
  add('aws_s3_bucket_public_access_block', `${name}_public_access_block`, { bucket: id, block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
  add('aws_s3_bucket_ownership_controls', `${name}_ownership`, { bucket: id, rule: { object_ownership: extra.ownership ?? 'BucketOwnerEnforced' } });
  add('aws_s3_bucket_versioning', `${name}_versioning`, { bucket: id, versioning_configuration: { status: 'Enabled' } });
  add('aws_s3_bucket_server_side_encryption_configuration', `${name}_encryption`, {
    bucket: id,
    rule: [
      encryption === 'SSE-S3'
        ? { apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } }
        : { apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms', kms_master_key_id: ref(encryption.kmsKey, 'arn') }, bucket_key_enabled: true },
    ],
  });
  add('aws_s3_bucket_lifecycle_configuration', `${name}_lifecycle`, {
    bucket: id,
    rule: [{ id: 'noncurrent-versions', status: 'Enabled', filter: [{ prefix: '' }], noncurrent_version_expiration: [{ noncurrent_days: 90 }] }],
  });
  add('aws_s3_bucket_policy', `${name}_policy`, {
    bucket: id,
    policy: doc(
      { Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [ref(b, 'arn'), `${ref(b, 'arn')}/*`], Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
      ...(extra.statements ?? []),
    ),
  });
  return b;
}

function logGroup(add: Add, name: string, kmsKey: string, logName = `/fixture/${name}`): string {
  return add('aws_cloudwatch_log_group', name, { name: logName, kms_key_id: ref(kmsKey, 'arn'), retention_in_days: 365 });
}

const visibility = (name: string) => ({ cloudwatch_metrics_enabled: true, sampled_requests_enabled: true, metric_name: name });
const managed = (name: string, priority: number) => ({
  name,
  priority,
  override_action: { none: {} },
  statement: { managed_rule_group_statement: { name, vendor_name: 'AWS' } },
  visibility_config: visibility(name),
});
function webAcl(add: Add, name: string, scope: 'REGIONAL' | 'CLOUDFRONT', kmsKey: string): string {
  const acl = add('aws_wafv2_web_acl', name, {
    name,
    scope,
    default_action: { allow: {} },
    rule: [
      { name: 'rate-limit', priority: 1, action: { block: {} }, statement: { rate_based_statement: { limit: 1000, aggregate_key_type: 'IP', evaluation_window_sec: 300 } }, visibility_config: visibility('rate') },
      managed('AWSManagedRulesAmazonIpReputationList', 10),
      managed('AWSManagedRulesCommonRuleSet', 11),
      managed('AWSManagedRulesKnownBadInputsRuleSet', 12),
      managed('AWSManagedRulesSQLiRuleSet', 13),
    ],
    visibility_config: visibility(name),
  });
  const group = logGroup(add, `${name}_logs`, kmsKey, `aws-waf-logs-${name}`);
  add('aws_wafv2_web_acl_logging_configuration', `${name}_logging`, {
    resource_arn: ref(acl, 'arn'),
    log_destination_configs: [ref(group, 'arn')],
    redacted_fields: [{ single_header: { name: 'authorization' } }, { single_header: { name: 'cookie' } }],
  });
  return acl;
}

function containerDefinitions(): string {
  const secret = (n: string) => `${ref('aws_secretsmanager_secret.compute_' + n, 'arn')}`;
  const container = (name: string, ports: boolean) => ({
    name,
    image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/helloapi:v1.0.0',
    user: '1000:1000',
    privileged: false,
    readonlyRootFilesystem: true,
    essential: true,
    portMappings: ports ? [{ containerPort: 8000, protocol: 'tcp' }] : [],
    environment: [
      { name: 'CSRF_COOKIE_SECURE', value: 'True' },
      { name: 'DB_HOST', value: ref('aws_db_instance.database_primary', 'address') },
      { name: 'DEBUG', value: 'False' },
      { name: 'DJANGO_SETTINGS_MODULE', value: 'helloapi.settings.production' },
      { name: 'SECURE_SSL_REDIRECT', value: 'True' },
      { name: 'SESSION_COOKIE_SECURE', value: 'True' },
    ],
    secrets: [
      { name: 'ALLOWED_HOSTS', valueFrom: `${secret('app_settings')}:ALLOWED_HOSTS::` },
      { name: 'CORS_ALLOWED_ORIGINS', valueFrom: `${secret('app_settings')}:CORS_ALLOWED_ORIGINS::` },
      { name: 'DB_PASSWORD', valueFrom: `${ref('aws_db_instance.database_primary', 'master_user_secret[0].secret_arn')}:password::` },
      { name: 'SECRET_KEY', valueFrom: secret('secret_key') },
    ],
    logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/fixture/api', 'awslogs-region': 'us-east-1', 'awslogs-stream-prefix': name } },
  });
  return JSON.stringify([container('api', true)]);
}

/** A compliant `<app>-<env>` stack. */
export function environmentStack(): Json {
  const { json, add } = builder();
  providers(json, ACCOUNT, { alias: 'dns', region: 'us-east-1', allowed_account_ids: [STATE_ACCOUNT], assume_role: [{ role_arn: DNS_ROLE_ARN, session_name: 'fixture-dns' }] });
  backend(json, 'helloapi/prod/terraform.tfstate', STATE_ROLE_ARN);
  const k = key(add, 'fixture_key');
  // network
  const vpc = add('aws_vpc', 'network_vpc', { cidr_block: '10.30.0.0/16', enable_dns_support: true, enable_dns_hostnames: true });
  const subnets: Record<string, string[]> = { public: [], app: [], data: [] };
  for (const tier of ['public', 'app', 'data']) for (const az of ['a', 'b']) subnets[tier].push(add('aws_subnet', `network_${tier}_${az}`, { vpc_id: ref(vpc), availability_zone: `us-east-1${az}`, map_public_ip_on_launch: false }));
  const publicRt = add('aws_route_table', 'network_public', { vpc_id: ref(vpc) });
  add('aws_route', 'network_public_default', { route_table_id: ref(publicRt), destination_cidr_block: '0.0.0.0/0', gateway_id: 'igw' });
  const dataRt = add('aws_route_table', 'network_data', { vpc_id: ref(vpc) });
  subnets.data.forEach((s, i) => add('aws_route_table_association', `network_data_${i}`, { subnet_id: ref(s), route_table_id: ref(dataRt) }));
  subnets.public.forEach((s, i) => add('aws_route_table_association', `network_public_${i}`, { subnet_id: ref(s), route_table_id: ref(publicRt) }));
  add('aws_nat_gateway', 'network_nat_a', { subnet_id: ref(subnets.public[0]) });
  add('aws_nat_gateway', 'network_nat_b', { subnet_id: ref(subnets.public[1]) });
  for (const svc of ['ecr.api', 'ecr.dkr', 'logs', 'secretsmanager', 's3']) add('aws_vpc_endpoint', `network_endpoint_${svc.replace('.', '_')}`, { vpc_id: ref(vpc), service_name: `com.amazonaws.us-east-1.${svc}` });
  add('aws_default_security_group', 'network_default', { vpc_id: ref(vpc) });
  const albSg = add('aws_security_group', 'network_alb', { vpc_id: ref(vpc), description: 'ALB' });
  const appSg = add('aws_security_group', 'network_app', { vpc_id: ref(vpc), description: 'App tasks' });
  const dbSg = add('aws_security_group', 'network_db', { vpc_id: ref(vpc), description: 'Database' });
  const ingress = (name: string, sg: string, port: number, source: Record<string, string>) =>
    add('aws_vpc_security_group_ingress_rule', name, { security_group_id: ref(sg), ip_protocol: 'tcp', from_port: port, to_port: port, description: name, ...source });
  const egress = (name: string, sg: string, port: number, dest: Record<string, string>) =>
    add('aws_vpc_security_group_egress_rule', name, { security_group_id: ref(sg), ip_protocol: 'tcp', from_port: port, to_port: port, description: name, ...dest });
  // Behind CloudFront the internal ALB admits CloudFront's origin-facing prefix list (us-east-1) on 443 only.
  ingress('edge_alb_ingress_cloudfront', albSg, 443, { prefix_list_id: 'pl-3b927c52' });
  ingress('network_app_from_alb', appSg, 8000, { referenced_security_group_id: ref(albSg) });
  ingress('network_db_from_app', dbSg, 5432, { referenced_security_group_id: ref(appSg) });
  egress('network_alb_to_app', albSg, 8000, { referenced_security_group_id: ref(appSg) });
  egress('network_app_https', appSg, 443, { cidr_ipv4: '0.0.0.0/0' });
  egress('network_app_to_db', appSg, 5432, { referenced_security_group_id: ref(dbSg) });
  const flowGroup = logGroup(add, 'network_flow_logs', k);
  const flowRole = add('aws_iam_role', 'network_flow_logs_role', { assume_role_policy: trust('vpc-flow-logs.amazonaws.com') });
  add('aws_iam_role_policy', 'network_flow_logs_policy', {
    role: ref(flowRole),
    policy: doc({ Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'], Resource: `${ref(flowGroup, 'arn')}:*` }),
  });
  add('aws_flow_log', 'network_flow_log', { vpc_id: ref(vpc), traffic_type: 'ALL', log_destination: ref(flowGroup, 'arn'), iam_role_arn: ref(flowRole, 'arn') });
  // database
  const dbSubnets = add('aws_db_subnet_group', 'database_subnets', { subnet_ids: subnets.data.map((s) => ref(s)) });
  const pg = add('aws_db_parameter_group', 'database_parameters', {
    family: 'postgres17',
    parameter: [
      { name: 'rds.force_ssl', value: '1' },
      { name: 'log_min_duration_statement', value: '1000' },
    ],
  });
  const monitoringRole = add('aws_iam_role', 'database_monitoring_role', { assume_role_policy: trust('monitoring.rds.amazonaws.com') });
  add('aws_iam_role_policy_attachment', 'database_monitoring', { role: ref(monitoringRole, 'name'), policy_arn: 'arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole' });
  const dbCommon = {
    instance_class: 'db.m7g.large',
    publicly_accessible: false,
    storage_encrypted: true,
    kms_key_id: ref(k, 'arn'),
    vpc_security_group_ids: [ref(dbSg)],
    parameter_group_name: ref(pg, 'name'),
    enabled_cloudwatch_logs_exports: ['postgresql', 'upgrade'],
    deletion_protection: true,
    auto_minor_version_upgrade: true,
    monitoring_interval: 60,
    monitoring_role_arn: ref(monitoringRole, 'arn'),
    performance_insights_enabled: true,
    performance_insights_kms_key_id: ref(k, 'arn'),
    port: 5432,
  };
  const primary = add('aws_db_instance', 'database_primary', {
    ...dbCommon,
    engine: 'postgres',
    engine_version: '17',
    db_subnet_group_name: ref(dbSubnets, 'name'),
    multi_az: true,
    backup_retention_period: 14,
    copy_tags_to_snapshot: true,
    iam_database_authentication_enabled: true,
    manage_master_user_password: true,
    master_user_secret_kms_key_id: ref(k, 'arn'),
    username: 'helloapi_admin',
    skip_final_snapshot: false,
    final_snapshot_identifier: 'helloapi-final',
    lifecycle: { prevent_destroy: true },
  });
  add('aws_db_instance', 'database_replica_1', { ...dbCommon, replicate_source_db: ref(primary, 'identifier'), skip_final_snapshot: true });
  // compute
  const repo = add('aws_ecr_repository', 'compute_repository', {
    name: 'helloapi',
    image_tag_mutability: 'IMMUTABLE',
    image_scanning_configuration: { scan_on_push: true },
    encryption_configuration: { encryption_type: 'KMS', kms_key: ref(k, 'arn') },
  });
  add('aws_ecr_lifecycle_policy', 'compute_repository_lifecycle', { repository: ref(repo, 'name'), policy: '{"rules":[]}' });
  add('aws_ecr_repository_policy', 'compute_repository_policy', {
    repository: ref(repo, 'name'),
    policy: doc({ Sid: 'AccountPull', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: ['ecr:BatchGetImage'] }),
  });
  const cluster = add('aws_ecs_cluster', 'compute_cluster', { name: 'fixture', setting: [{ name: 'containerInsights', value: 'enabled' }] });
  logGroup(add, 'compute_log_group', k, '/ecs/fixture/api');
  for (const s of ['secret_key', 'app_settings']) add('aws_secretsmanager_secret', `compute_${s}`, { name: `fixture/${s}`, kms_key_id: ref(k, 'arn'), recovery_window_in_days: 30 });
  const execRole = add('aws_iam_role', 'compute_execution_role', { assume_role_policy: trust('ecs-tasks.amazonaws.com') });
  const taskRole = add('aws_iam_role', 'compute_task_role', { assume_role_policy: trust('ecs-tasks.amazonaws.com') });
  add('aws_iam_role_policy', 'compute_execution_policy', {
    role: ref(execRole),
    policy: doc(
      { Sid: 'EcrAuth', Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' },
      { Sid: 'EcrPull', Effect: 'Allow', Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'], Resource: ref(repo, 'arn') },
      { Sid: 'Secrets', Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: [ref('aws_secretsmanager_secret.compute_secret_key', 'arn')] },
      { Sid: 'Decrypt', Effect: 'Allow', Action: 'kms:Decrypt', Resource: ref(k, 'arn') },
    ),
  });
  const td = add('aws_ecs_task_definition', 'compute_task_definition', {
    family: 'fixture-api',
    network_mode: 'awsvpc',
    requires_compatibilities: ['FARGATE'],
    cpu: '1024',
    memory: '2048',
    execution_role_arn: ref(execRole, 'arn'),
    task_role_arn: ref(taskRole, 'arn'),
    container_definitions: containerDefinitions(),
  });
  // edge
  const albLogs = bucket(add, 'edge_alb_logs', 'SSE-S3', {
    statements: [{ Sid: 'AllowElbAccessLogDelivery', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::127311923021:root' }, Action: 's3:PutObject', Resource: `${ref('aws_s3_bucket.edge_alb_logs_bucket', 'arn')}/alb/*` }],
  });
  const alb = add('aws_lb', 'edge_alb', {
    internal: true,
    load_balancer_type: 'application',
    security_groups: [ref(albSg)],
    subnets: subnets.app.map((s) => ref(s)),
    drop_invalid_header_fields: true,
    enable_deletion_protection: true,
    desync_mitigation_mode: 'defensive',
    access_logs: { bucket: ref(albLogs), prefix: 'alb', enabled: true },
  });
  const tg = add('aws_lb_target_group', 'edge_target_group', { port: 8000, protocol: 'HTTP', target_type: 'ip', vpc_id: ref(vpc), health_check: { enabled: true, path: '/health/', matcher: '200' } });
  const cert = add('aws_acm_certificate', 'edge_certificate', { domain_name: 'api.example.com', validation_method: 'DNS', lifecycle: { create_before_destroy: true } });
  const validation = add('aws_acm_certificate_validation', 'edge_certificate_validation', { certificate_arn: ref(cert, 'arn') });
  const https = add('aws_lb_listener', 'edge_https', {
    load_balancer_arn: ref(alb, 'arn'),
    port: 443,
    protocol: 'HTTPS',
    ssl_policy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
    routing_http_response_strict_transport_security_header_value: 'max-age=63072000; includeSubDomains',
    routing_http_response_x_content_type_options_header_value: 'nosniff',
    routing_http_response_x_frame_options_header_value: 'DENY',
    certificate_arn: ref(validation, 'certificate_arn'),
    default_action: [{ type: 'fixed-response', fixed_response: { content_type: 'text/plain', message_body: 'Forbidden', status_code: '403' } }],
  });
  add('aws_lb_listener_rule', 'edge_from_cloudfront', {
    listener_arn: ref(https, 'arn'),
    priority: 1,
    action: [{ type: 'forward', target_group_arn: ref(tg, 'arn') }],
    condition: [{ host_header: { values: ['api.example.com'] } }],
  });
  add('aws_lb_listener', 'edge_http', {
    load_balancer_arn: ref(alb, 'arn'),
    port: 80,
    protocol: 'HTTP',
    default_action: [{ type: 'redirect', redirect: { protocol: 'HTTPS', port: '443', status_code: 'HTTP_301' } }],
  });
  const acl = webAcl(add, 'edge_waf_acl', 'REGIONAL', k);
  add('aws_wafv2_web_acl_association', 'edge_waf_association', { resource_arn: ref(alb, 'arn'), web_acl_arn: ref(acl, 'arn') });
  const cdnAcl = webAcl(add, 'edge_cdn_waf_acl', 'CLOUDFRONT', k);
  const cdnLogs = bucket(add, 'edge_cdn_logs', { kmsKey: k }, { ownership: 'BucketOwnerPreferred' });
  const headers = add('aws_cloudfront_response_headers_policy', 'edge_cdn_security_headers', {
    name: 'fixture-security-headers',
    security_headers_config: {
      strict_transport_security: { access_control_max_age_sec: 31536000, include_subdomains: true, override: true },
      content_type_options: { override: true },
      frame_options: { frame_option: 'DENY', override: true },
    },
  });
  const vpcOrigin = add('aws_cloudfront_vpc_origin', 'edge_vpc_origin', {
    vpc_origin_endpoint_config: [
      { name: 'fixture-alb', arn: ref(alb, 'arn'), http_port: 80, https_port: 443, origin_protocol_policy: 'https-only', origin_ssl_protocols: [{ items: ['TLSv1.2'], quantity: 1 }] },
    ],
  });
  const distribution = add('aws_cloudfront_distribution', 'edge_cdn_distribution', {
    enabled: true,
    aliases: ['api.example.com'],
    origin: [{ origin_id: 'alb', domain_name: 'origin.api.example.com', vpc_origin_config: { vpc_origin_id: ref(vpcOrigin) } }],
    default_cache_behavior: { target_origin_id: 'alb', viewer_protocol_policy: 'redirect-to-https', response_headers_policy_id: ref(headers) },
    viewer_certificate: { acm_certificate_arn: ref('aws_acm_certificate.edge_cdn_certificate', 'arn'), ssl_support_method: 'sni-only', minimum_protocol_version: 'TLSv1.2_2021' },
    logging_config: { bucket: ref(cdnLogs, 'bucket_domain_name'), include_cookies: false, prefix: 'cdn/' },
    web_acl_id: ref(cdnAcl, 'arn'),
  });
  add('aws_route53_record', 'edge_api_a', { provider: 'aws.dns', name: 'api.example.com', type: 'A', zone_id: 'Z0123456789ABCDEFGHIJ', alias: { name: ref(distribution, 'domain_name'), zone_id: ref(distribution, 'hosted_zone_id'), evaluate_target_health: false } });
  add('aws_route53_record', 'edge_certificate_validation_record', {
    provider: 'aws.dns',
    for_each: '${{ for o in aws_acm_certificate.edge_certificate.domain_validation_options : o.domain_name => o }}',
    name: '${each.value.resource_record_name}',
    type: '${each.value.resource_record_type}',
    records: ['${each.value.resource_record_value}'],
    ttl: 60,
    allow_overwrite: true,
    zone_id: 'Z0123456789ABCDEFGHIJ',
  });
  const service = add('aws_ecs_service', 'compute_service', {
    name: 'api',
    cluster: ref(cluster),
    task_definition: ref(td, 'arn'),
    launch_type: 'FARGATE',
    platform_version: 'LATEST',
    desired_count: 2,
    enable_execute_command: false,
    network_configuration: { subnets: subnets.app.map((s) => ref(s)), security_groups: [ref(appSg)], assign_public_ip: false },
    load_balancer: [{ target_group_arn: ref(tg, 'arn'), container_name: 'api', container_port: 8000 }],
    // Blue/green (production's default): CodeDeploy's deployment group below rolls back.
    deployment_controller: { type: 'CODE_DEPLOY' },
    depends_on: [https],
  });
  const target = add('aws_appautoscaling_target', 'compute_scaling_target', {
    service_namespace: 'ecs',
    scalable_dimension: 'ecs:service:DesiredCount',
    resource_id: `service/${ref(cluster, 'name')}/${ref(service, 'name')}`,
    min_capacity: 2,
    max_capacity: 8,
  });
  add('aws_appautoscaling_policy', 'compute_scale_cpu', {
    policy_type: 'TargetTrackingScaling',
    resource_id: ref(target, 'resource_id'),
    scalable_dimension: ref(target, 'scalable_dimension'),
    service_namespace: ref(target, 'service_namespace'),
  });
  // An off-hours schedule that keeps the floor (production may only lower the ceiling): HAPI-ECS-13 passes.
  for (const [name, schedule, max] of [['down', 'cron(0 20 ? * MON-FRI *)', 4], ['up', 'cron(0 7 ? * MON-FRI *)', 8]] as const) {
    add('aws_appautoscaling_scheduled_action', `compute_scaling_off_hours_${name}`, {
      name: `fixture-off-hours-${name}`,
      resource_id: ref(target, 'resource_id'),
      scalable_dimension: ref(target, 'scalable_dimension'),
      service_namespace: ref(target, 'service_namespace'),
      schedule,
      timezone: 'Europe/Berlin',
      scalable_target_action: { min_capacity: '2', max_capacity: String(max) },
    });
  }
  // rotation redeploy: the state machine logs to an encrypted log group
  logGroup(add, 'rotation_redeploy_log_group', k, '/aws/vendedlogs/states/fixture-rotation-redeploy');
  add('aws_sfn_state_machine', 'rotation_redeploy_state_machine', {
    name: 'fixture-rotation-redeploy',
    type: 'STANDARD',
    role_arn: `arn:aws:iam::${ACCOUNT}:role/fixture-rotation-redeploy-sfn`,
    definition: '{"StartAt":"Done","States":{"Done":{"Type":"Succeed"}}}',
    logging_configuration: { log_destination: '${aws_cloudwatch_log_group.rotation_redeploy_log_group.arn}:*', level: 'ALL', include_execution_data: false },
  });
  // monitoring
  const topic = add('aws_sns_topic', 'monitoring_alerts', { name: 'fixture-alerts', kms_master_key_id: ref(k, 'arn') });
  add('aws_sns_topic_policy', 'monitoring_alerts_policy', {
    arn: ref(topic, 'arn'),
    policy: doc({ Sid: 'CloudWatchPublish', Effect: 'Allow', Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: 'sns:Publish', Resource: ref(topic, 'arn'), Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } } }),
  });
  add('aws_sns_topic_subscription', 'monitoring_email_0', { topic_arn: ref(topic, 'arn'), protocol: 'email', endpoint: 'ops@example.com' });
  const alarm = (name: string, namespace: string, metric: string) =>
    add('aws_cloudwatch_metric_alarm', name, { namespace, metric_name: metric, statistic: 'Sum', period: 300, threshold: 10, comparison_operator: 'GreaterThanThreshold', evaluation_periods: 1, alarm_actions: [ref(topic, 'arn')], ok_actions: [ref(topic, 'arn')] });
  alarm('monitoring_alb_5xx', 'AWS/ApplicationELB', 'HTTPCode_Target_5XX_Count');
  alarm('monitoring_ecs_cpu', 'AWS/ECS', 'CPUUtilization');
  alarm('monitoring_rds_cpu', 'AWS/RDS', 'CPUUtilization');
  alarm('monitoring_failed_logins', 'CustomMetrics/fixture', 'FailedLoginCount');
  // Blue/green: the deployment group rolls back on failure and on the 5xx, latency and unhealthy-host alarms.
  // The 5xx and latency alarms watch the whole load balancer; unhealthy hosts one alarm per target group (blue, green).
  const latency = alarm('monitoring_rollback_response_time', 'AWS/ApplicationELB', 'TargetResponseTime');
  const unhealthy = alarm('monitoring_rollback_unhealthy_hosts', 'AWS/ApplicationELB', 'UnHealthyHostCount');
  const green = add('aws_lb_target_group', 'edge_target_group_green', { port: 8000, protocol: 'HTTP', target_type: 'ip', vpc_id: json.resource.aws_lb_target_group.edge_target_group.vpc_id, health_check: { enabled: true, path: '/health/', matcher: '200' } });
  json.resource.aws_cloudwatch_metric_alarm.monitoring_rollback_unhealthy_hosts.dimensions = { TargetGroup: ref('aws_lb_target_group.edge_target_group', 'arn_suffix') };
  const unhealthyGreen = alarm('monitoring_rollback_unhealthy_hosts_green', 'AWS/ApplicationELB', 'UnHealthyHostCount');
  json.resource.aws_cloudwatch_metric_alarm.monitoring_rollback_unhealthy_hosts_green.dimensions = { TargetGroup: ref(green, 'arn_suffix') };
  add('aws_codedeploy_deployment_group', 'blue_green_deployment_group', {
    app_name: 'fixture-api',
    deployment_group_name: 'fixture-api',
    deployment_style: { deployment_type: 'BLUE_GREEN', deployment_option: 'WITH_TRAFFIC_CONTROL' },
    ecs_service: { cluster_name: ref(cluster, 'name'), service_name: ref(service, 'name') },
    blue_green_deployment_config: { terminate_blue_instances_on_deployment_success: { action: 'TERMINATE', termination_wait_time_in_minutes: 30 } },
    auto_rollback_configuration: { enabled: true, events: ['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_ALARM'] },
    load_balancer_info: { target_group_pair_info: { target_group: [{ name: ref('aws_lb_target_group.edge_target_group', 'name') }, { name: ref(green, 'name') }] } },
    alarm_configuration: { enabled: true, alarms: [ref('aws_cloudwatch_metric_alarm.monitoring_alb_5xx', 'alarm_name'), ref(latency, 'alarm_name'), ref(unhealthy, 'alarm_name'), ref(unhealthyGreen, 'alarm_name')] },
  });
  // One BlockedRequests alarm per web ACL (the CloudFront one without a Region dimension; everything here is in us-east-1).
  const blocked = (name: string, dimensions: Record<string, string>) =>
    add('aws_cloudwatch_metric_alarm', name, { namespace: 'AWS/WAFV2', metric_name: 'BlockedRequests', dimensions, statistic: 'Sum', period: 300, threshold: 500, comparison_operator: 'GreaterThanThreshold', evaluation_periods: 1, alarm_actions: [ref(topic, 'arn')], ok_actions: [ref(topic, 'arn')] });
  blocked('monitoring_waf_blocked_spike', { WebACL: ref(acl, 'name'), Rule: 'ALL', Region: 'us-east-1' });
  blocked('monitoring_cloudfront_waf_blocked_spike', { WebACL: ref(cdnAcl, 'name'), Rule: 'ALL' });
  add('aws_cloudwatch_log_metric_filter', 'monitoring_failed_logins_filter', {
    log_group_name: '/ecs/fixture/api',
    pattern: '"LOGIN_FAILED"',
    metric_transformation: { name: 'FailedLoginCount', namespace: 'CustomMetrics/fixture', value: '1' },
  });
  return json;
}

/** A compliant `<app>-account-<label>` stack. */
export function accountStack(): Json {
  const { json, add } = builder();
  providers(json, ACCOUNT);
  backend(json, 'helloapi/account-prod/terraform.tfstate', STATE_ROLE_ARN);
  const k = key(add, 'baseline_kms_key');
  const trailBucket = bucket(add, 'baseline_trail_bucket', { kmsKey: k });
  const trailLogs = logGroup(add, 'baseline_trail_log_group', k);
  const role = add('aws_iam_role', 'baseline_trail_logs_role', { assume_role_policy: trust('cloudtrail.amazonaws.com') });
  add('aws_iam_role_policy', 'baseline_trail_logs_policy', { role: ref(role), policy: doc({ Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: `${ref(trailLogs, 'arn')}:*` }) });
  add('aws_cloudtrail', 'baseline_trail', {
    name: 'fixture',
    s3_bucket_name: ref(trailBucket),
    is_multi_region_trail: true,
    include_global_service_events: true,
    enable_log_file_validation: true,
    enable_logging: true,
    kms_key_id: ref(k, 'arn'),
    cloud_watch_logs_group_arn: `${ref(trailLogs, 'arn')}:*`,
    cloud_watch_logs_role_arn: ref(role, 'arn'),
  });
  const detector = add('aws_guardduty_detector', 'baseline_guardduty', { enable: true });
  for (const f of ['S3_DATA_EVENTS', 'RDS_LOGIN_EVENTS', 'RUNTIME_MONITORING']) {
    const agent = f === 'RUNTIME_MONITORING' ? { additional_configuration: [{ name: 'ECS_FARGATE_AGENT_MANAGEMENT', status: 'ENABLED' }] } : {};
    add('aws_guardduty_detector_feature', `baseline_${f.toLowerCase()}`, { detector_id: ref(detector), name: f, status: 'ENABLED', ...agent });
  }
  const hub = add('aws_securityhub_account', 'baseline_securityhub', { enable_default_standards: false });
  for (const s of ['aws-foundational-security-best-practices/v/1.0.0', 'cis-aws-foundations-benchmark/v/3.0.0']) {
    add('aws_securityhub_standards_subscription', `baseline_${s.split('/')[0].replace(/-/g, '_')}`, { standards_arn: `arn:aws:securityhub:us-east-1::standards/${s}`, depends_on: [hub] });
  }
  const configBucket = bucket(add, 'baseline_config_bucket', { kmsKey: k });
  const configRole = add('aws_iam_role', 'baseline_config_role', { assume_role_policy: trust('config.amazonaws.com') });
  add('aws_iam_role_policy_attachment', 'baseline_config_managed', { role: ref(configRole, 'name'), policy_arn: 'arn:aws:iam::aws:policy/service-role/AWS_ConfigRole' });
  const recorder = add('aws_config_configuration_recorder', 'baseline_config_recorder', { role_arn: ref(configRole, 'arn'), recording_group: { all_supported: true, include_global_resource_types: true } });
  add('aws_config_delivery_channel', 'baseline_config_delivery', { s3_bucket_name: ref(configBucket), depends_on: [recorder] });
  add('aws_config_configuration_recorder_status', 'baseline_config_status', { name: ref(recorder, 'name'), is_enabled: true });
  add('aws_accessanalyzer_analyzer', 'baseline_access_analyzer', { analyzer_name: 'fixture', type: 'ACCOUNT' });
  add('aws_s3_account_public_access_block', 'baseline_s3_public_access', { block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
  // Findings, once per account: an encrypted topic whose key lets EventBridge use it.
  const findingsKey = add('aws_kms_key', 'baseline_findings_kms_key', {
    description: 'findings',
    enable_key_rotation: true,
    deletion_window_in_days: 30,
    lifecycle: { prevent_destroy: true },
    policy: doc(
      { Sid: 'AccountAdministers', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' },
      { Sid: 'eventsUse', Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'], Resource: '*' },
    ),
  });
  const findingsTopic = add('aws_sns_topic', 'baseline_findings_topic', { name: 'fixture-findings', kms_master_key_id: ref(findingsKey, 'arn') });
  add('aws_sns_topic_policy', 'baseline_findings_topic_policy', {
    arn: ref(findingsTopic, 'arn'),
    policy: doc({ Sid: 'EventBridgeRulesPublish', Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'sns:Publish', Resource: ref(findingsTopic, 'arn'), Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } } }),
  });
  add('aws_sns_topic_subscription', 'baseline_findings_email_ops', { topic_arn: ref(findingsTopic, 'arn'), protocol: 'email', endpoint: 'ops@example.com' });
  for (const source of ['guardduty', 'securityhub']) {
    const rule = add('aws_cloudwatch_event_rule', `baseline_${source}_findings`, { event_pattern: JSON.stringify({ source: [`aws.${source}`] }) });
    add('aws_cloudwatch_event_target', `baseline_${source}_findings_to_topic`, { rule: ref(rule, 'name'), arn: ref(findingsTopic, 'arn') });
  }
  return json;
}

/** A compliant `<app>-state` stack, with the roles through which the environment reaches its state and zone. */
export function stateStack(): Json {
  const { json, add } = builder();
  providers(json, STATE_ACCOUNT);
  backend(json, 'helloapi/state/terraform.tfstate');
  const k = key(add, 'state_kms_key', STATE_ACCOUNT);
  add('aws_kms_alias', 'state_kms_alias', { name: 'alias/fixture-state/terraform-state', target_key_id: ref(k, 'key_id') });
  const b = bucket(add, 'state_bucket', { kmsKey: k }, {
    statements: [{ Sid: 'DenyObjectsNotEncryptedWithKms', Effect: 'Deny', Principal: '*', Action: 's3:PutObject', Resource: `arn:aws:s3:::${STATE_BUCKET}/*`, Condition: { StringNotEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' } } }],
  });
  const objects = (suffix: string) => ['helloapi/account-prod/terraform.tfstate', 'helloapi/prod/terraform.tfstate'].map((x) => `${ref(b, 'arn')}/${x}${suffix}`);
  const stateRole = add('aws_iam_role', 'state_role_prod', { name: 'fixture-state-prod', path: '/', max_session_duration: 3600, assume_role_policy: trustAccount(ACCOUNT) });
  add('aws_iam_role_policy', 'state_role_prod_policy', {
    name: 'access',
    role: ref(stateRole),
    policy: doc(
      { Sid: 'ListStateBucket', Effect: 'Allow', Action: 's3:ListBucket', Resource: ref(b, 'arn') },
      { Sid: 'ReadWriteState', Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: objects('') },
      { Sid: 'LockState', Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], Resource: objects('.tflock') },
      { Sid: 'UseStateKey', Effect: 'Allow', Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey'], Resource: ref(k, 'arn') },
    ),
  });
  const zone = `arn:aws:route53:::hostedzone/${ZONE.zoneId}`;
  const dnsRole = add('aws_iam_role', 'dns_role_prod', { name: 'fixture-dns-prod', path: '/', max_session_duration: 3600, assume_role_policy: trustAccount(ACCOUNT) });
  add('aws_iam_role_policy', 'dns_role_prod_policy', {
    name: 'access',
    role: ref(dnsRole),
    policy: doc(
      {
        Sid: 'ChangeApiRecords',
        Effect: 'Allow',
        Action: 'route53:ChangeResourceRecordSets',
        Resource: zone,
        Condition: {
          'ForAllValues:StringLike': { 'route53:ChangeResourceRecordSetsNormalizedRecordNames': ['*.api.example.com', 'api.example.com'] },
          'ForAllValues:StringEquals': { 'route53:ChangeResourceRecordSetsRecordTypes': ['A', 'AAAA', 'CNAME'] },
        },
      },
      { Sid: 'ReadZone', Effect: 'Allow', Action: ['route53:GetHostedZone', 'route53:ListResourceRecordSets', 'route53:ListTagsForResource'], Resource: zone },
      { Sid: 'PollChanges', Effect: 'Allow', Action: 'route53:GetChange', Resource: 'arn:aws:route53:::change/*' },
    ),
  });
  add('aws_dynamodb_table', 'state_lock_table', {
    name: 'fixture-locks',
    billing_mode: 'PAY_PER_REQUEST',
    hash_key: 'LockID',
    point_in_time_recovery: { enabled: true },
    server_side_encryption: { enabled: true, kms_key_arn: ref(k, 'arn') },
    deletion_protection_enabled: true,
  });
  return json;
}

export type FixtureKind = 'environment' | 'account' | 'state';

export const FIXTURES: Record<FixtureKind, () => Json> = { environment: environmentStack, account: accountStack, state: stateStack };

export const FIXTURE_STACK_NAMES: Record<FixtureKind, string> = { environment: 'helloapi-prod', account: 'helloapi-account-prod', state: 'helloapi-state' };

/** The compliant fixtures by stack name, with `edit` applied to the one of `kind` (the siblings of a cross-stack check). */
export function fixtureStacks(edits: Partial<Record<FixtureKind, (json: Json) => void>> = {}): Map<string, Json> {
  return new Map(
    (Object.keys(FIXTURES) as FixtureKind[]).map((kind) => {
      const json = FIXTURES[kind]();
      edits[kind]?.(json);
      return [FIXTURE_STACK_NAMES[kind], json] as const;
    }),
  );
}

/** Policy settings for a fixture stack. */
export function fixtureTarget(kind: FixtureKind, overrides: Partial<PolicyTarget> = {}): PolicyTarget {
  const stackName = FIXTURE_STACK_NAMES[kind];
  return {
    stackName,
    kind,
    production: true,
    failOnError: true,
    relaxations: {},
    suppressions: [],
    siblingStacks: ['helloapi-prod', 'helloapi-account-prod', 'helloapi-state'],
    accountBaselineStack: kind === 'environment' ? 'helloapi-account-prod' : undefined,
    hostedZones: [ZONE],
    stacks: fixtureStacks(),
    ...overrides,
  };
}

/** The container definitions of the fixture's task definition, for mutation. */
export function editContainers(json: Json, edit: (containers: any[]) => void): void {
  const td = json.resource.aws_ecs_task_definition.compute_task_definition;
  const defs = JSON.parse(td.container_definitions);
  edit(defs);
  td.container_definitions = JSON.stringify(defs);
}

/** Edits a literal JSON policy argument in place. */
export function editPolicy(resource: Record<string, any>, attribute: string, edit: (doc: any) => void): void {
  const d = JSON.parse(resource[attribute]);
  edit(d);
  resource[attribute] = JSON.stringify(d);
}
