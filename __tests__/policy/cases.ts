/**
 * One failing mutation per rule, applied to the compliant fixture of `fixture`
 * (environment by default). The compliant fixture is the passing case.
 */
import type { PolicyTarget } from '../../modules/policy/types';
import { editContainers, editPolicy, FixtureKind, Json } from './fixtures';

const s3Backend = (j: Json) => (j.terraform as { backend: { s3: Record<string, unknown> } }).backend.s3;

export interface RuleCase {
  /** Which compliant fixture the rule is exercised on. @default 'environment' */
  readonly fixture?: FixtureKind;
  /** Makes the fixture fail the rule. */
  readonly fail: (json: Json) => void;
  /** Policy settings for the failing run. @default the fixture's */
  readonly failTarget?: Partial<PolicyTarget>;
  /** The rule only ever fails (it flags resources that should not exist): the compliant fixture yields no result. */
  readonly vacuousPass?: boolean;
}

const R = (j: Json) => j.resource;
const env = (name: string, value: string) => (j: Json) =>
  editContainers(j, (cs) => cs.forEach((c) => (c.environment = [...c.environment.filter((e: any) => e.name !== name), { name, value }])));
const dropEnv = (name: string) => (j: Json) => editContainers(j, (cs) => cs.forEach((c) => (c.environment = c.environment.filter((e: any) => e.name !== name))));
const primary = (j: Json) => R(j).aws_db_instance.database_primary;
const alb = (j: Json) => R(j).aws_lb.edge_alb;
const acl = (j: Json) => R(j).aws_wafv2_web_acl.edge_waf_acl;
const cdn = (j: Json) => R(j).aws_cloudfront_distribution.edge_cdn_distribution;
const trail = (j: Json) => R(j).aws_cloudtrail.baseline_trail;
const execPolicy = (j: Json) => R(j).aws_iam_role_policy.compute_execution_policy;
const addStatement = (stmt: unknown) => (j: Json) => editPolicy(execPolicy(j), 'policy', (d) => d.Statement.push(stmt));
const cdnAcl = (j: Json) => R(j).aws_wafv2_web_acl.edge_cdn_waf_acl;
const dropManaged = (name: string, which = acl) => (j: Json) => (which(j).rule = which(j).rule.filter((r: any) => r.name !== name));

export const CASES: Record<string, RuleCase> = {
  'HAPI-ACCT-01': { fixture: 'account', fail: (j) => (R(j).aws_guardduty_detector.baseline_guardduty.enable = false) },
  'HAPI-ACCT-02': { fixture: 'account', fail: (j) => (R(j).aws_guardduty_detector_feature.baseline_rds_login_events.status = 'DISABLED') },
  'HAPI-ACCT-03': { fixture: 'account', fail: (j) => delete R(j).aws_securityhub_standards_subscription.baseline_cis_aws_foundations_benchmark },
  'HAPI-ACCT-04': { fixture: 'account', fail: (j) => delete R(j).aws_config_configuration_recorder_status },
  'HAPI-ACCT-05': { fixture: 'account', fail: (j) => delete R(j).aws_accessanalyzer_analyzer },
  'HAPI-ACCT-06': { fail: () => undefined, failTarget: { siblingStacks: ['helloapi-prod'] } },
  'HAPI-ACCT-07': { fixture: 'account', fail: (j) => delete R(j).aws_cloudwatch_event_target.baseline_securityhub_findings_to_topic },
  'HAPI-ACM-01': { fail: (j) => delete R(j).aws_acm_certificate_validation },
  'HAPI-ACM-02': { fail: (j) => (R(j).aws_acm_certificate.edge_certificate.options = { certificate_transparency_logging_preference: 'DISABLED' }) },
  'HAPI-ACM-03': { fail: (j) => delete R(j).aws_acm_certificate.edge_certificate.lifecycle },
  'HAPI-ACM-04': { fail: (j) => (R(j).aws_acm_certificate.edge_certificate.key_algorithm = 'RSA_1024') },
  'HAPI-ACM-05': { fail: (j) => (R(j).aws_acm_certificate.edge_certificate.subject_alternative_names = ['*.example.com']) },
  'HAPI-APP-01': { fail: env('DEBUG', 'True') },
  'HAPI-APP-02': { fail: (j) => editContainers(j, (cs) => { cs[0].secrets = cs[0].secrets.filter((s: any) => s.name !== 'ALLOWED_HOSTS'); cs[0].environment.push({ name: 'ALLOWED_HOSTS', value: '*' }); }) },
  'HAPI-APP-03': { fail: env('CORS_ALLOW_ALL_ORIGINS', 'True') },
  'HAPI-APP-04': { fail: env('AWS_SECRET_ACCESS_KEY', 'abc') },
  'HAPI-APP-05': { fail: (j) => editContainers(j, (cs) => (cs[0].secrets = cs[0].secrets.filter((s: any) => s.name !== 'SECRET_KEY'))) },
  'HAPI-APP-06': { fail: dropEnv('CSRF_COOKIE_SECURE') },
  'HAPI-APP-07': { fail: (j) => (primary(j).password = 'hunter2hunter2') },
  'HAPI-CF-01': { fail: (j) => (cdn(j).default_cache_behavior.viewer_protocol_policy = 'allow-all') },
  'HAPI-CF-02': { fail: (j) => (cdn(j).viewer_certificate = { cloudfront_default_certificate: true }) },
  'HAPI-CF-03': { fail: (j) => (cdn(j).viewer_certificate.minimum_protocol_version = 'TLSv1.1_2016') },
  'HAPI-CF-04': { fail: (j) => (R(j).aws_cloudfront_vpc_origin.edge_vpc_origin.vpc_origin_endpoint_config[0].origin_protocol_policy = 'http-only') },
  'HAPI-CF-05': { fail: (j) => delete cdn(j).logging_config },
  'HAPI-CF-06': { fail: (j) => delete cdn(j).web_acl_id },
  'HAPI-CF-07': { fail: (j) => delete R(j).aws_cloudfront_response_headers_policy.edge_cdn_security_headers.security_headers_config.strict_transport_security },
  'HAPI-CF-08': { fail: (j) => delete R(j).aws_cloudfront_distribution },
  // Issue 17: an internet-facing ALB behind CloudFront (today's main shape) fails, whatever header guards it.
  'HAPI-CF-09': { fail: (j) => (R(j).aws_lb.edge_alb.internal = false) },
  'HAPI-CT-01': { fixture: 'account', fail: (j) => (trail(j).is_multi_region_trail = false) },
  'HAPI-CT-02': { fixture: 'account', fail: (j) => delete trail(j).kms_key_id },
  'HAPI-CT-03': { fixture: 'account', fail: (j) => (trail(j).enable_log_file_validation = false) },
  'HAPI-CT-04': { fixture: 'account', fail: (j) => delete trail(j).cloud_watch_logs_group_arn },
  'HAPI-CW-01': { fail: (j) => delete R(j).aws_cloudwatch_metric_alarm.monitoring_rds_cpu.alarm_actions },
  'HAPI-CW-02': { fail: (j) => delete R(j).aws_cloudwatch_metric_alarm.monitoring_rds_cpu },
  // The seed's bare namespace, shared by every environment of the account (failed-logins.test.ts: the other failures).
  'HAPI-CW-03': {
    fail: (j) => {
      R(j).aws_cloudwatch_log_metric_filter.monitoring_failed_logins_filter.metric_transformation.namespace = 'CustomMetrics';
      R(j).aws_cloudwatch_metric_alarm.monitoring_failed_logins.namespace = 'CustomMetrics';
    },
  },
  'HAPI-DDB-01': { fixture: 'state', fail: (j) => delete R(j).aws_dynamodb_table.state_lock_table.point_in_time_recovery },
  'HAPI-DDB-02': { fixture: 'state', fail: (j) => delete R(j).aws_dynamodb_table.state_lock_table.server_side_encryption },
  'HAPI-DDB-03': { fixture: 'state', fail: (j) => (R(j).aws_dynamodb_table.state_lock_table.deletion_protection_enabled = false) },
  'HAPI-ECR-01': { fail: (j) => (R(j).aws_ecr_repository.compute_repository.image_scanning_configuration.scan_on_push = false) },
  'HAPI-ECR-02': { fail: (j) => (R(j).aws_ecr_repository.compute_repository.image_tag_mutability = 'MUTABLE') },
  'HAPI-ECR-03': { fail: (j) => delete R(j).aws_ecr_lifecycle_policy },
  'HAPI-ECR-04': { fail: (j) => delete R(j).aws_ecr_repository.compute_repository.encryption_configuration },
  'HAPI-ECR-05': { fail: (j) => editPolicy(R(j).aws_ecr_repository_policy.compute_repository_policy, 'policy', (d) => (d.Statement[0].Principal = '*')) },
  'HAPI-ECS-01': { fail: (j) => (R(j).aws_ecs_cluster.compute_cluster.setting = [{ name: 'containerInsights', value: 'disabled' }]) },
  'HAPI-ECS-02': { fail: (j) => (R(j).aws_ecs_service.compute_service.network_configuration.assign_public_ip = true) },
  'HAPI-ECS-03': { fail: (j) => editContainers(j, (cs) => (cs[0].user = '0')) },
  'HAPI-ECS-04': { fail: (j) => editContainers(j, (cs) => (cs[0].readonlyRootFilesystem = false)) },
  'HAPI-ECS-05': { fail: (j) => (R(j).aws_ecs_task_definition.compute_task_definition.pid_mode = 'host') },
  'HAPI-ECS-06': { fail: (j) => editContainers(j, (cs) => (cs[0].logConfiguration.options['awslogs-group'] = '/somewhere/else')) },
  'HAPI-ECS-07': { fail: (j) => (R(j).aws_ecs_service.compute_service.platform_version = '1.3.0') },
  'HAPI-ECS-08': { fail: (j) => (R(j).aws_ecs_service.compute_service.enable_execute_command = true) },
  'HAPI-ECS-09': {
    fail: (j) => {
      R(j).aws_ecs_service.compute_service.enable_execute_command = true;
      R(j).aws_ecs_cluster.compute_cluster.configuration = { execute_command_configuration: { logging: 'OVERRIDE', log_configuration: { cloud_watch_log_group_name: '/ecs/exec', cloud_watch_encryption_enabled: true } } };
    },
  },
  'HAPI-ECS-10': { fail: (j) => (R(j).aws_ecs_service.compute_service.network_configuration.subnets = ['${aws_subnet.network_app_a.id}']) },
  'HAPI-ECS-11': { fail: (j) => delete R(j).aws_appautoscaling_policy },
  // Rolling without the circuit breaker's rollback (the fixture's CODE_DEPLOY service made rolling).
  'HAPI-ECS-14': { fail: (j) => (delete R(j).aws_ecs_service.compute_service.deployment_controller, (R(j).aws_ecs_service.compute_service.deployment_circuit_breaker = { enable: true, rollback: false })) },
  // A bake time below the production minimum (and no alarm rollback: see the HAPI-ECS-15 tests for each one alone).
  'HAPI-ECS-15': { fail: (j) => (R(j).aws_codedeploy_deployment_group.blue_green_deployment_group.blue_green_deployment_config.terminate_blue_instances_on_deployment_success.termination_wait_time_in_minutes = 5) },
  'HAPI-ECS-13': { fail: (j) => (R(j).aws_appautoscaling_scheduled_action.compute_scaling_off_hours_down.scalable_target_action.min_capacity = '1') },
  'HAPI-ECS-12': { fail: (j) => editContainers(j, (cs) => (cs[0].image = '123456789012.dkr.ecr.us-east-1.amazonaws.com/helloapi:latest')) },
  'HAPI-ELB-01': { fail: (j) => (R(j).aws_lb_listener.edge_http.default_action = [{ type: 'forward', target_group_arn: '${aws_lb_target_group.edge_target_group.arn}' }]) },
  'HAPI-ELB-02': { fail: (j) => delete R(j).aws_lb_listener.edge_http },
  'HAPI-ELB-03': { fail: (j) => (R(j).aws_lb_listener.edge_https.ssl_policy = 'ELBSecurityPolicy-2016-08') },
  'HAPI-ELB-04': { fail: (j) => (alb(j).drop_invalid_header_fields = false) },
  'HAPI-ELB-05': { fail: (j) => delete alb(j).access_logs },
  'HAPI-ELB-06': { fail: (j) => (alb(j).enable_deletion_protection = false) },
  'HAPI-ELB-07': { fail: (j) => (alb(j).desync_mitigation_mode = 'monitor') },
  'HAPI-ELB-08': { fail: (j) => (alb(j).subnets = ['${aws_subnet.network_public_a.id}']) },
  'HAPI-ELB-09': { fail: (j) => delete R(j).aws_lb_target_group.edge_target_group.health_check },
  'HAPI-ELB-10': { fail: (j) => (R(j).aws_lb_listener.edge_http.default_action = [{ type: 'forward', target_group_arn: '${aws_lb_target_group.edge_target_group.arn}' }]) },
  'HAPI-ELB-11': { fail: (j) => delete R(j).aws_lb_listener.edge_https.routing_http_response_strict_transport_security_header_value },
  'HAPI-ENV-01': { fail: (j) => delete R(j).aws_cloudwatch_metric_alarm },
  'HAPI-IAM-01': { fail: addStatement({ Effect: 'Allow', Action: '*', Resource: '*' }) },
  'HAPI-IAM-02': { fail: addStatement({ Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::bucket' }) },
  'HAPI-IAM-03': { fail: addStatement({ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: '*' }) },
  'HAPI-IAM-04': { fail: (j) => (R(j).aws_iam_role.compute_task_role.assume_role_policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }] })) },
  'HAPI-IAM-05': { fail: (j) => (R(j).aws_iam_role_policy_attachment.database_monitoring.policy_arn = 'arn:aws:iam::aws:policy/AdministratorAccess') },
  'HAPI-IAM-06': { vacuousPass: true, fail: (j) => (R(j).aws_iam_user = { ci: { name: 'ci' } }) },
  'HAPI-IAM-07': { fail: (j) => (R(j).aws_ecs_task_definition.compute_task_definition.task_role_arn = '${aws_iam_role.compute_execution_role.arn}') },
  'HAPI-IAM-08': { fail: (j) => (R(j).aws_iam_role.compute_task_role.assume_role_policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }] })) },
  'HAPI-KMS-01': { fail: (j) => (R(j).aws_kms_key.fixture_key.enable_key_rotation = false) },
  'HAPI-KMS-02': { fail: (j) => editPolicy(R(j).aws_kms_key.fixture_key, 'policy', (d) => d.Statement.push({ Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*' })) },
  'HAPI-KMS-03': { fail: (j) => delete R(j).aws_kms_key.fixture_key.lifecycle },
  'HAPI-LOGS-01': { fail: (j) => delete R(j).aws_cloudwatch_log_group.compute_log_group.kms_key_id },
  'HAPI-LOGS-02': { fail: (j) => delete R(j).aws_cloudwatch_log_group.compute_log_group.retention_in_days },
  'HAPI-LOGS-03': { fail: (j) => (R(j).aws_cloudwatch_log_group.compute_log_group.retention_in_days = 30) },
  'HAPI-NET-01': {
    fail: (j) =>
      (R(j).aws_vpc_security_group_ingress_rule.network_db_from_world = { security_group_id: '${aws_security_group.network_db.id}', ip_protocol: 'tcp', from_port: 5432, to_port: 5432, cidr_ipv4: '0.0.0.0/0', description: 'world' }),
  },
  'HAPI-R53-01': { fail: (j) => (R(j).aws_route53_record.edge_api_a.alias.name = 'd111111abcdef8.cloudfront.net') },
  'HAPI-RDS-01': { fail: (j) => (primary(j).publicly_accessible = true) },
  'HAPI-RDS-02': { fail: (j) => (primary(j).storage_encrypted = false) },
  'HAPI-RDS-03': { fail: (j) => (primary(j).multi_az = false) },
  'HAPI-RDS-04': { fail: (j) => (primary(j).backup_retention_period = 1) },
  'HAPI-RDS-05': { fail: (j) => (primary(j).deletion_protection = false) },
  'HAPI-RDS-06': { fail: (j) => (primary(j).enabled_cloudwatch_logs_exports = ['postgresql']) },
  'HAPI-RDS-07': { fail: (j) => (primary(j).iam_database_authentication_enabled = false) },
  'HAPI-RDS-08': { fail: (j) => (primary(j).monitoring_interval = 0) },
  'HAPI-RDS-09': { fail: (j) => (primary(j).auto_minor_version_upgrade = false) },
  'HAPI-RDS-10': { fail: (j) => (primary(j).copy_tags_to_snapshot = false) },
  'HAPI-RDS-11': { fail: (j) => (primary(j).performance_insights_enabled = false) },
  'HAPI-RDS-12': { fail: (j) => (R(j).aws_db_parameter_group.database_parameters.parameter = [{ name: 'log_min_duration_statement', value: '1000' }]) },
  'HAPI-RDS-13': { fail: (j) => (R(j).aws_db_parameter_group.database_parameters.parameter = [{ name: 'rds.force_ssl', value: '1' }]) },
  'HAPI-RDS-14': { fail: (j) => (primary(j).username = 'postgres') },
  'HAPI-RDS-15': { fail: (j) => (primary(j).skip_final_snapshot = true) },
  'HAPI-RDS-16': { fail: (j) => (primary(j).ca_cert_identifier = 'rds-ca-2019') },
  'HAPI-S3-01': { fail: (j) => (R(j).aws_s3_bucket_public_access_block.edge_alb_logs_public_access_block.restrict_public_buckets = false) },
  'HAPI-S3-02': { fail: (j) => delete R(j).aws_s3_bucket_server_side_encryption_configuration.edge_cdn_logs_encryption },
  'HAPI-S3-03': { fail: (j) => (R(j).aws_s3_bucket_server_side_encryption_configuration.edge_cdn_logs_encryption.rule = [{ apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } }]) },
  'HAPI-S3-04': { fail: (j) => (R(j).aws_s3_bucket_versioning.edge_alb_logs_versioning.versioning_configuration.status = 'Suspended') },
  'HAPI-S3-05': { fail: (j) => editPolicy(R(j).aws_s3_bucket_policy.edge_alb_logs_policy, 'policy', (d) => d.Statement.shift()) },
  'HAPI-S3-06': { fail: (j) => delete R(j).aws_s3_bucket_lifecycle_configuration.edge_alb_logs_lifecycle },
  'HAPI-S3-07': { fail: (j) => (R(j).aws_s3_bucket_ownership_controls.edge_alb_logs_ownership.rule.object_ownership = 'ObjectWriter') },
  'HAPI-S3-08': { fail: (j) => editPolicy(R(j).aws_s3_bucket_policy.edge_alb_logs_policy, 'policy', (d) => d.Statement.push({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' })) },
  'HAPI-S3-09': { fixture: 'account', fail: (j) => (R(j).aws_s3_account_public_access_block.baseline_s3_public_access.block_public_policy = false) },
  'HAPI-S3-10': { fail: (j) => editPolicy(R(j).aws_s3_bucket_policy.edge_alb_logs_policy, 'policy', (d) => d.Statement.push({ Sid: 'Oops', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::127311923021:root' }, Action: 's3:PutBucketPolicy', Resource: '*' })) },
  'HAPI-SG-01': { fail: (j) => (R(j).aws_vpc_security_group_ingress_rule.network_db_from_app = { security_group_id: '${aws_security_group.network_db.id}', ip_protocol: 'tcp', from_port: 5432, to_port: 5432, cidr_ipv4: '0.0.0.0/0', description: 'oops' }) },
  'HAPI-SG-02': { fail: (j) => (R(j).aws_vpc_security_group_ingress_rule.network_app_from_alb.ip_protocol = '-1') },
  'HAPI-SG-03': { fail: (j) => (R(j).aws_vpc_security_group_egress_rule.network_app_https.ip_protocol = '-1') },
  'HAPI-SG-04': { fail: (j) => delete R(j).aws_vpc_security_group_ingress_rule.network_app_from_alb.description },
  'HAPI-SG-05': { fail: (j) => (R(j).aws_vpc_security_group_ingress_rule.network_db_from_app = { security_group_id: '${aws_security_group.network_db.id}', ip_protocol: 'tcp', from_port: 5432, to_port: 5432, cidr_ipv4: '10.30.0.0/16', description: 'vpc' }) },
  'HAPI-SG-06': { fail: (j) => (R(j).aws_vpc_security_group_ingress_rule.network_app_from_alb.referenced_security_group_id = '${aws_security_group.network_db.id}') },
  'HAPI-SM-01': { fail: (j) => delete R(j).aws_secretsmanager_secret.compute_secret_key.kms_key_id },
  'HAPI-SM-02': { fail: (j) => (R(j).aws_secretsmanager_secret.compute_secret_key.recovery_window_in_days = 0) },
  'HAPI-SFN-01': { fail: (j) => delete R(j).aws_sfn_state_machine.rotation_redeploy_state_machine.logging_configuration },
  'HAPI-SNS-01': { fail: (j) => delete R(j).aws_sns_topic.monitoring_alerts.kms_master_key_id },
  'HAPI-SNS-02': { fail: (j) => delete R(j).aws_sns_topic_subscription },
  'HAPI-SNS-03': { fail: (j) => editPolicy(R(j).aws_sns_topic_policy.monitoring_alerts_policy, 'policy', (d) => delete d.Statement[0].Condition) },
  'HAPI-VPC-01': { fail: (j) => (R(j).aws_flow_log.network_flow_log.traffic_type = 'REJECT') },
  'HAPI-VPC-02': { fail: (j) => (R(j).aws_default_security_group.network_default.ingress = [{ protocol: '-1', from_port: 0, to_port: 0, self: true }]) },
  'HAPI-VPC-03': { fail: (j) => (R(j).aws_subnet.network_public_a.map_public_ip_on_launch = true) },
  'HAPI-VPC-04': { fail: (j) => delete R(j).aws_nat_gateway.network_nat_b },
  'HAPI-VPC-05': { fail: (j) => delete R(j).aws_vpc_endpoint.network_endpoint_secretsmanager },
  'HAPI-VPC-06': { fail: (j) => (R(j).aws_route_table_association.network_data_0.route_table_id = '${aws_route_table.network_public.id}') },
  'HAPI-WAF-01': { fail: (j) => delete R(j).aws_wafv2_web_acl_association },
  'HAPI-WAF-02': { fail: (j) => (cdnAcl(j).rule = cdnAcl(j).rule.filter((r: any) => !r.statement.rate_based_statement)) },
  'HAPI-WAF-03': { fail: dropManaged('AWSManagedRulesKnownBadInputsRuleSet') },
  'HAPI-WAF-04': { fail: dropManaged('AWSManagedRulesAmazonIpReputationList', cdnAcl) },
  'HAPI-WAF-05': { fail: (j) => delete R(j).aws_wafv2_web_acl_logging_configuration.edge_waf_acl_logging },
  'HAPI-WAF-06': { fail: (j) => (R(j).aws_wafv2_web_acl_logging_configuration.edge_waf_acl_logging.redacted_fields = [{ single_header: { name: 'authorization' } }]) },
  'HAPI-WAF-07': { fail: (j) => (acl(j).rule[1].visibility_config.cloudwatch_metrics_enabled = false) },
  'HAPI-WAF-08': { fail: (j) => (acl(j).rule[0].action = { count: {} }) },
  'HAPI-WAF-09': { fail: (j) => (acl(j).rule[2].statement.managed_rule_group_statement.rule_action_override = [{ name: 'SizeRestrictions_BODY', action_to_use: { count: {} } }]), failTarget: { production: false } },
  // Behind CloudFront the blocking happens on the CloudFront web ACL: without its alarm nobody hears of it.
  'HAPI-WAF-10': { fail: (j) => delete R(j).aws_cloudwatch_metric_alarm.monitoring_cloudfront_waf_blocked_spike },
  // The environment's state bucket is in another account; without the backend's assume_role it cannot be reached.
  'HAPI-XACC-01': { fail: (j) => delete s3Backend(j).assume_role },
  'HAPI-XACC-02': { fail: (j) => delete s3Backend(j).kms_key_id },
  // The record falls back to the default provider (the environment's account), not the zone's.
  'HAPI-XACC-03': { fail: (j) => delete R(j).aws_route53_record.edge_api_a.provider },
};
