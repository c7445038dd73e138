/**
 * What the review tools know about resource types: which ones hold data
 * (a destroy or replacement loses it), which ones change who can reach what
 * (security-relevant), and how an address maps to its layer.
 */

/**
 * Why destroying (or replacing) a resource of a type needs a human before the apply:
 * - `data-loss`: it holds data or recovery material; any destroy or replacement loses it (create-before-destroy
 *   too: the new resource starts empty).
 * - `outage`: it serves traffic; a destroy, or a replacement that destroys first, stops serving until the new one is
 *   healthy. A create-before-destroy replacement keeps serving, so it needs no human.
 */
export type DestroyRiskKind = 'data-loss' | 'outage';

/** One row of {@link DESTROY_NEEDS_HUMAN}: the kind of harm and what is lost or stops. */
export interface DestroyRisk {
  readonly kind: DestroyRiskKind;
  readonly reason: string;
}

const loss = (reason: string): DestroyRisk => ({ kind: 'data-loss', reason });
const outage = (reason: string): DestroyRisk => ({ kind: 'outage', reason });

/**
 * Resource types whose destroy or replacement needs a human (the plan guard's exit code 2), one table for both
 * reasons. The `data-loss` rows are the stateful types (the inventories' `stateful` flag, {@link isStateful}).
 * An `aws_ecs_service` replaced destroy-first (e.g. `deployment_controller.type`, which forces replacement) keeps its
 * name, so the old service is deleted before the new one exists: an outage until the new tasks are healthy.
 */
export const DESTROY_NEEDS_HUMAN: Readonly<Record<string, DestroyRisk>> = {
  aws_db_instance: loss('database instance: the data, and its automated backups unless a final snapshot is taken'),
  aws_rds_cluster: loss('database cluster: the data'),
  aws_db_snapshot: loss('manual database snapshot'),
  aws_dynamodb_table: loss('DynamoDB table: its items (e.g. the state lock table)'),
  aws_kms_key: loss('KMS key: everything encrypted with it becomes unreadable once the key is deleted'),
  aws_s3_bucket: loss('S3 bucket: its objects (logs, audit trails, Terraform state)'),
  aws_secretsmanager_secret: loss('secret: its value (credentials, Django SECRET_KEY)'),
  aws_secretsmanager_secret_version: loss('secret value'),
  aws_cloudwatch_log_group: loss('log group: its log events (audit and incident history)'),
  aws_ecr_repository: loss('container registry: its images'),
  aws_efs_file_system: loss('file system: its files'),
  aws_ebs_volume: loss('volume: its blocks'),
  aws_elasticache_replication_group: loss('cache contents'),
  aws_backup_vault: loss('backup vault: its recovery points'),
  aws_guardduty_detector: loss('GuardDuty detector: its findings history'),
  aws_ecs_service: outage("running ECS service: no tasks serve until the replacement's tasks are healthy (outage)"),
};

/** The row of {@link DESTROY_NEEDS_HUMAN} for a type, if any. */
function destroyRiskOfType(type: string): DestroyRisk | undefined {
  return Object.prototype.hasOwnProperty.call(DESTROY_NEEDS_HUMAN, type) ? DESTROY_NEEDS_HUMAN[type] : undefined;
}

/** Resource types whose destroy or replacement loses data or breaks recovery, with what is lost (the `data-loss` rows). */
export const STATEFUL_TYPES: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(DESTROY_NEEDS_HUMAN).filter(([, r]) => r.kind === 'data-loss').map(([t, r]) => [t, r.reason]),
);

/** What stops serving when this resource is destroyed (or replaced destroy-first); undefined otherwise. */
export function outageOf(type: string, createBeforeDestroy: boolean): string | undefined {
  const risk = destroyRiskOfType(type);
  return !createBeforeDestroy && risk?.kind === 'outage' ? risk.reason : undefined;
}

/** Resource types whose changes decide who can reach or do what, with a short label. */
export const SECURITY_TYPES: Readonly<Record<string, string>> = {
  aws_security_group: 'security group',
  aws_security_group_rule: 'security group rule',
  aws_vpc_security_group_ingress_rule: 'security group ingress rule',
  aws_vpc_security_group_egress_rule: 'security group egress rule',
  aws_default_security_group: 'default security group',
  aws_network_acl: 'network ACL',
  aws_network_acl_rule: 'network ACL rule',
  aws_default_network_acl: 'default network ACL',
  aws_iam_role: 'IAM role (trust policy)',
  aws_iam_role_policy: 'IAM inline policy',
  aws_iam_policy: 'IAM managed policy',
  aws_iam_role_policy_attachment: 'IAM policy attachment',
  aws_iam_user: 'IAM user',
  aws_iam_user_policy: 'IAM user policy',
  aws_iam_access_key: 'IAM access key',
  aws_iam_openid_connect_provider: 'IAM OIDC provider',
  aws_wafv2_web_acl: 'WAF web ACL',
  aws_wafv2_web_acl_association: 'WAF association',
  aws_wafv2_web_acl_logging_configuration: 'WAF logging',
  aws_wafv2_ip_set: 'WAF IP set',
  aws_wafv2_rule_group: 'WAF rule group',
  aws_lb_listener: 'load balancer listener',
  aws_lb_listener_rule: 'load balancer listener rule',
  aws_lb: 'load balancer',
  aws_cloudfront_distribution: 'CloudFront distribution',
  aws_cloudfront_response_headers_policy: 'CloudFront security headers',
  aws_cloudfront_vpc_origin: 'CloudFront VPC origin (the only way to the internal ALB)',
  aws_s3_bucket_public_access_block: 'bucket public access block',
  aws_s3_account_public_access_block: 'account public access block',
  aws_s3_bucket_policy: 'bucket policy',
  aws_s3_bucket_acl: 'bucket ACL',
  aws_kms_key: 'KMS key (key policy)',
  aws_kms_key_policy: 'KMS key policy',
  aws_secretsmanager_secret_policy: 'secret resource policy',
  aws_sns_topic_policy: 'SNS topic policy',
  aws_ecr_repository_policy: 'ECR repository policy',
  aws_db_instance: 'database (public access, encryption, IAM auth)',
  aws_ecs_task_definition: 'task definition (image, secrets, privileges)',
  aws_acm_certificate: 'TLS certificate',
  aws_route: 'route',
  aws_flow_log: 'VPC flow log',
  aws_cloudtrail: 'CloudTrail',
  aws_guardduty_detector: 'GuardDuty',
  aws_securityhub_account: 'Security Hub',
  aws_securityhub_standards_subscription: 'Security Hub standard',
  aws_accessanalyzer_analyzer: 'IAM Access Analyzer',
  aws_config_configuration_recorder: 'AWS Config recorder',
  aws_route53_record: 'DNS record',
  aws_ecs_service: 'ECS service networking',
  aws_ecr_repository: 'ECR repository',
  aws_s3_bucket_server_side_encryption_configuration: 'bucket encryption',
  aws_secretsmanager_secret: 'secret encryption',
  aws_sns_topic: 'topic encryption',
  aws_cloudwatch_log_group: 'log group encryption',
  aws_db_parameter_group: 'database parameters (e.g. rds.force_ssl)',
};

/**
 * For types that are security-relevant only through some attributes, the attributes that make an update
 * security-relevant. A create of such a type is called out when the type opens a path (SECURITY_ON_CREATE), a
 * destroy or replacement when losing it matters (SECURITY_ON_DESTROY).
 */
export const SECURITY_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  aws_kms_key: ['policy', 'enable_key_rotation', 'is_enabled', 'deletion_window_in_days'],
  aws_lb: ['internal', 'security_groups', 'subnets', 'drop_invalid_header_fields', 'desync_mitigation_mode', 'access_logs', 'enable_deletion_protection'],
  aws_db_instance: ['publicly_accessible', 'storage_encrypted', 'kms_key_id', 'iam_database_authentication_enabled', 'vpc_security_group_ids', 'db_subnet_group_name', 'deletion_protection', 'ca_cert_identifier', 'parameter_group_name', 'manage_master_user_password'],
  aws_ecs_task_definition: ['container_definitions', 'task_role_arn', 'execution_role_arn'],
  aws_route: ['destination_cidr_block', 'gateway_id', 'nat_gateway_id'],
  aws_cloudfront_distribution: ['web_acl_id', 'viewer_certificate', 'default_cache_behavior', 'ordered_cache_behavior', 'origin', 'logging_config'],
  aws_acm_certificate: ['domain_name', 'subject_alternative_names'],
  aws_route53_record: ['records', 'alias', 'name', 'type'],
  aws_ecs_service: ['network_configuration', 'load_balancer'],
  aws_ecr_repository: ['image_tag_mutability', 'encryption_configuration', 'image_scanning_configuration'],
  aws_s3_bucket_server_side_encryption_configuration: ['rule'],
  aws_secretsmanager_secret: ['kms_key_id', 'policy'],
  aws_sns_topic: ['kms_master_key_id', 'policy'],
  aws_cloudwatch_log_group: ['kms_key_id'],
  aws_db_parameter_group: ['parameter'],
};

/**
 * Attribute-scoped types whose destroy or replacement is itself security-relevant
 * (for the others, e.g. a log group or a task definition revision, only an
 * update of the listed attributes is).
 */
export const SECURITY_ON_DESTROY: readonly string[] = ['aws_kms_key', 'aws_lb', 'aws_db_instance', 'aws_cloudfront_distribution', 'aws_route', 'aws_acm_certificate'];

/**
 * Attribute-scoped types whose create is itself security-relevant: each opens a path to or from the workload (a
 * load balancer, a route, a CloudFront distribution, a DNS name pointing somewhere). A new KMS key, database,
 * certificate, log group or task definition revision is routine: the audit checks its settings.
 */
export const SECURITY_ON_CREATE: readonly string[] = ['aws_lb', 'aws_route', 'aws_cloudfront_distribution', 'aws_route53_record'];

/** Layers whose construct id has more than one segment (`account_baseline_trail` -> account_baseline). */
export const MULTI_SEGMENT_LAYERS: readonly string[] = ['account_baseline'];

/**
 * The layer of a resource: the first segment of its name, which is the
 * layer's construct id (`aws_subnet.network_private_app_a` -> `network`).
 */
export function layerOf(address: string): string {
  // [module.x.]*[data.]type.name[index]; an index can hold dots (`["api.example.com"]`).
  const parts = address.replace(/\[[^\]]*\]/g, '').split('.');
  const name = parts[parts.length - 1] ?? '';
  const multi = MULTI_SEGMENT_LAYERS.find((l) => name === l || name.startsWith(`${l}_`));
  if (multi) return multi;
  return name.split('_')[0] || name;
}

/** The resource type of an address (`aws_s3_bucket.x[0]` -> `aws_s3_bucket`). */
export function typeOf(address: string): string {
  const parts = address.replace(/\[[^\]]*\]/g, '').split('.');
  while (parts[0] === 'module') parts.splice(0, 2);
  if (parts[0] === 'data') parts.shift();
  return parts[0] ?? '';
}

/** What is lost when a resource of the Terraform state layer goes: worse than its type alone says. */
const STATE_LAYER_LOSS: Readonly<Record<string, string>> = {
  aws_s3_bucket: 'the Terraform STATE bucket: every environment\'s state and its version history',
  aws_kms_key: 'the key encrypting all Terraform state: state becomes unreadable once it is deleted',
  aws_dynamodb_table: 'the Terraform state lock table: concurrent applies are no longer prevented',
};

/** What destroying this resource loses, or undefined when it holds no data. */
export function dataLossOf(address: string, type: string): string | undefined {
  const risk = destroyRiskOfType(type);
  if (risk?.kind !== 'data-loss') return undefined;
  return (layerOf(address) === 'state' ? STATE_LAYER_LOSS[type] : undefined) ?? risk.reason;
}

/** Destroying a resource of this type loses data: a `data-loss` row of {@link DESTROY_NEEDS_HUMAN}. */
export function isStateful(type: string): boolean {
  return destroyRiskOfType(type)?.kind === 'data-loss';
}

export function isSecurityType(type: string): boolean {
  return Object.prototype.hasOwnProperty.call(SECURITY_TYPES, type);
}
