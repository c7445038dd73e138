import { FARGATE_SIZES, fargateMemorySizes, fargateMemoryText } from '../core/limits';
import { hclList, layerBaseVariables, logRetentionVariable, matchesCondition, oneOfCondition, wholeNumberValidation } from '../core/module-variables';
import { DNS_NAME_MAX_LENGTH, DNS_NAME_PATTERN, PYTHON_MODULE_PATTERN, URL_PATH_PATTERN } from '../core/patterns';
import { orList } from '../core/problems';
import { inputDependency, ModuleVariableSpec, stringMapValue, TerraformModuleSpec } from '../core/terraform-module';
import { Compute } from './index';
import { COMPUTE_MAX_NAME_LENGTH, IMAGE_TAG_PATTERN } from './validate';

/** `cpu` and `memory`: a Fargate task size, as FARGATE_SIZES (core/limits.ts) allows, like the layer's check. */
function fargateSizeVariables(): ModuleVariableSpec[] {
  const cpus = Object.keys(FARGATE_SIZES).map(Number);
  const cpuList = orList(cpus);
  const memoryByCpu = cpus.map((c) => `"${c}" = ${hclList(fargateMemorySizes(c))}`).join(', ');
  return [
    {
      name: 'cpu',
      type: 'number',
      description: `Fargate CPU units per task: ${cpuList}.`,
      default: 512,
      validation: [{ condition: oneOfCondition('cpu', cpus), errorMessage: `cpu must be ${cpuList}.`, invalid: 3072 }],
    },
    {
      name: 'memory',
      type: 'number',
      description: 'Memory per task in MiB, valid for `cpu` (e.g. 1024-4096 for 512 CPU units).',
      default: 1024,
      validation: [
        {
          condition: `contains(try({ ${memoryByCpu} }[tostring(var.cpu)], []), var.memory)`,
          errorMessage: `memory must be a Fargate memory size valid for cpu (${cpus.map((c) => `${c}: ${fargateMemoryText(FARGATE_SIZES[c])}`).join('; ')}).`,
          // A size valid for another cpu, not for this one.
          invalid: 8192,
          invalidWith: { cpu: 256 },
        },
      ],
    },
  ];
}

/**
 * The compute layer as a plain Terraform module: every input is a variable the layer takes as a prop; its
 * synth-time checks of sizes and counts are the HCL validation blocks here.
 */
export const computeModule: TerraformModuleSpec = {
  name: 'compute',
  description: [
    'ECS Fargate service for the Django API: a customer-managed KMS key (images, logs, secrets), an immutable, scanned ECR repository with a lifecycle policy, an encrypted log group, a cluster with Container Insights, Secrets Manager secrets for SECRET_KEY, API keys and ALLOWED_HOSTS/CORS settings (values set out of band, never in state), least-privilege execution and task roles, web and `manage` task definitions (non-root, read-only root filesystem, no privileged mode, DB credentials from the RDS-managed secret), a service in the private app subnets without public IPs behind the target group, with the deployment circuit breaker and rollback, and target-tracking auto scaling on CPU, memory and requests per target.',
    '',
    "Fixed in this module: container port 8000, ECS Exec off, ARM64, prevent_destroy on the KMS key. The service waits for `https_listener_arn` (ECS refuses a target group that no listener forwards to). `health_check_path` (default `/health/`) must equal the edge module's `health_check_path`: Django's HTTPS redirect exempts only that path, so the load balancer's plain-HTTP health check of any other gets the redirect.",
    '',
    'First apply: the secrets are created without a value and the service is not created until they have one. A data source per secret (`aws_secretsmanager_secret_versions`: version IDs and staging labels, never a value) has a postcondition requiring a version staged AWSCURRENT, and the service depends on them; the apply creates everything else and fails with an error naming each secret and the `aws secretsmanager put-secret-value` command that sets it (output `secrets_to_set` lists them). Set them and apply again. `require_secret_values = false` turns the postconditions off (when you create the versions in the same apply yourself).',
  ].join('\n'),
  variables: [
    ...layerBaseVariables(COMPUTE_MAX_NAME_LENGTH),
    { name: 'app_subnet_ids', type: 'list(string)', description: 'Private subnets of the tasks (network module output `app_subnet_ids`).', validation: [{ condition: 'length(var.app_subnet_ids) >= 2', errorMessage: 'app_subnet_ids must list at least 2 subnets.', invalid: ['subnet-0123456789abcdef0'] }] },
    { name: 'app_security_group_id', type: 'string', description: 'Security group of the tasks (network module output `app_security_group_id`).' },
    { name: 'database_address', type: 'string', description: 'Host name of the database (database module output `address`).' },
    // Required, no default: a default of 5432 let a root with a 6432 network and database plan cleanly while the app dialled 5432.
    { name: 'database_port', type: 'number', description: 'PostgreSQL port (database module output `port`).' },
    { name: 'database_name', type: 'string', description: 'Application database (database module output `database_name`).' },
    {
      name: 'database_master_user_secret_arn',
      type: 'string',
      description: 'RDS-managed master secret; DB_USER and DB_PASSWORD come from it (database module output `master_user_secret_arn`).',
      validation: [{ condition: 'startswith(var.database_master_user_secret_arn, "arn:")', errorMessage: 'database_master_user_secret_arn must be a Secrets Manager secret ARN.', invalid: 'rds!db-1234' }],
    },
    {
      name: 'database_kms_key_arn',
      type: 'string',
      description: 'KMS key of the master secret, which the execution role may decrypt through Secrets Manager (database module output `kms_key_arn`).',
      validation: [{ condition: 'startswith(var.database_kms_key_arn, "arn:")', errorMessage: 'database_kms_key_arn must be a KMS key ARN.', invalid: '1234abcd-12ab-34cd-56ef-1234567890ab' }],
    },
    { name: 'target_group_arn', type: 'string', description: 'Target group the service registers with (edge module output `target_group_arn`).' },
    {
      name: 'https_listener_arn',
      type: 'string',
      description: 'HTTPS listener forwarding to the target group (edge module output `https_listener_arn`); the service depends on it.',
    },
    { name: 'alb_arn_suffix', type: 'string', description: 'ALB ARN suffix for the requests-per-target scaling policy (edge module output `alb_arn_suffix`).' },
    { name: 'target_group_arn_suffix', type: 'string', description: 'Target group ARN suffix for the requests-per-target scaling policy (edge module output `target_group_arn_suffix`).' },
    {
      name: 'domain_name',
      type: 'string',
      description: "The API's public host name: Django's ALLOWED_HOSTS, the CORS origin `https://<domain_name>` and the Host header of the container health check.",
      validation: [{ condition: `${matchesCondition('domain_name', DNS_NAME_PATTERN)} && length(var.domain_name) <= ${DNS_NAME_MAX_LENGTH}`, errorMessage: 'domain_name must be an exact lowercase DNS name (never * or a wildcard).', invalid: '*.example.com' }],
    },
    {
      name: 'image_tag',
      type: 'string',
      description: 'Immutable tag of the image in the module\'s ECR repository (a version or git SHA; never `latest`).',
      validation: [
        { condition: `${matchesCondition('image_tag', IMAGE_TAG_PATTERN)} && var.image_tag != "latest"`, errorMessage: 'image_tag must be a Docker tag other than latest (the repository is immutable; latest cannot be rolled back).', invalid: 'latest' },
      ],
    },
    {
      name: 'django_settings_module',
      type: 'string',
      description: "DJANGO_SETTINGS_MODULE of the containers: your project's production settings, a Python module path such as `myproject.settings.production`.",
      default: 'helloapi.settings.production',
      validation: [{ condition: matchesCondition('django_settings_module', PYTHON_MODULE_PATTERN), errorMessage: 'django_settings_module must be a Python module path such as myproject.settings.production.', invalid: 'settings/production.py' }],
    },
    {
      name: 'health_check_path',
      type: 'string',
      description:
        "The app's health endpoint: the container health check calls it, HEALTH_CHECK_PATH names it, and SECURE_REDIRECT_EXEMPT exempts it from Django's HTTPS redirect. Must equal the edge module's `health_check_path` (the target group's plain-HTTP health check would get the redirect, and every target would be unhealthy).",
      default: '/health/',
      validation: [{ condition: matchesCondition('health_check_path', URL_PATH_PATTERN), errorMessage: 'health_check_path must be an absolute URL path.', invalid: 'health/' }],
    },
    ...fargateSizeVariables(),
    {
      name: 'desired_count',
      type: 'number',
      description: 'Tasks the service starts with (auto scaling owns the count afterwards).',
      default: 2,
      validation: [wholeNumberValidation('desired_count', { min: 1 })],
    },
    {
      name: 'min_count',
      type: 'number',
      description: 'Auto scaling floor (at most desired_count).',
      default: 2,
      validation: [{ condition: 'var.min_count >= 1 && var.min_count <= var.desired_count', errorMessage: 'min_count must be 1 or more and at most desired_count.', invalid: 3, invalidWith: { desired_count: 2, max_count: 8 } }],
    },
    {
      name: 'max_count',
      type: 'number',
      description: 'Auto scaling ceiling (at least desired_count).',
      default: 8,
      validation: [{ condition: 'var.max_count >= var.desired_count && var.max_count <= 1000', errorMessage: 'max_count must be at least desired_count (and at most 1000).', invalid: 3, invalidWith: { desired_count: 4, min_count: 2 } }],
    },
    {
      name: 'require_secret_values',
      type: 'bool',
      description:
        'Fail the apply before creating the ECS service while SECRET_KEY, API_KEYS or the app settings secret has no value (postconditions on the secrets\' version lists), naming each secret and the command that sets it. Set false only when the values are created in the same apply.',
      default: true,
    },
    logRetentionVariable('log_retention_days', 'Retention of the application logs in days.'),
  ],
  testInputs: {
    name: 'helloapi-test', account_id: '123456789012', region: 'eu-west-1',
    app_subnet_ids: ['subnet-0b000000000000001', 'subnet-0b000000000000002'],
    app_security_group_id: 'sg-0b000000000000001',
    database_address: 'helloapi-test.abcdefghijkl.eu-west-1.rds.amazonaws.com',
    database_port: 5432,
    database_name: 'helloapi',
    database_master_user_secret_arn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-0a1b2c3d-AbCdEf',
    database_kms_key_arn: 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    target_group_arn: 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/helloapi-test/0123456789abcdef',
    https_listener_arn: 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/helloapi-test/0123456789abcdef/0123456789abcdef',
    alb_arn_suffix: 'app/helloapi-test/0123456789abcdef',
    target_group_arn_suffix: 'targetgroup/helloapi-test/0123456789abcdef',
    domain_name: 'api.example.com',
    image_tag: 'v1.0.0',
  },
  exampleInputs: { tags: { Owner: 'platform' }, cpu: 1024, memory: 2048, desired_count: 3, min_count: 3, max_count: 12, log_retention_days: 90 },
  build(scope, v) {
    const compute = new Compute(scope, 'compute', {
      name: v.name.stringValue,
      accountId: v.account_id.stringValue,
      region: v.region.stringValue,
      partition: v.partition.stringValue,
      tags: stringMapValue(v.tags),
      network: { appSubnetIds: v.app_subnet_ids.listValue, appSecurityGroupId: v.app_security_group_id.stringValue },
      database: {
        address: v.database_address.stringValue,
        port: v.database_port.numberValue,
        databaseName: v.database_name.stringValue,
        masterUserSecretArn: v.database_master_user_secret_arn.stringValue,
        kmsKeyArn: v.database_kms_key_arn.stringValue,
      },
      loadBalancer: {
        targetGroupArn: v.target_group_arn.stringValue,
        // depends_on = [var.https_listener_arn]: the service waits for whatever the caller's value waits for
        // (the edge module's listener, or its CloudFront forwarding rule).
        httpsListener: inputDependency(v.https_listener_arn),
        albArnSuffix: v.alb_arn_suffix.stringValue,
        targetGroupArnSuffix: v.target_group_arn_suffix.stringValue,
      },
      allowedHosts: [v.domain_name.stringValue],
      image: { tag: v.image_tag.stringValue },
      djangoSettingsModule: v.django_settings_module.stringValue,
      // SECURE_REDIRECT_EXEMPT is escaped by Terraform functions (redirectExemptPattern of a token).
      healthCheckPath: v.health_check_path.stringValue,
      sizing: { cpu: v.cpu.numberValue, memory: v.memory.numberValue },
      scaling: { desiredCount: v.desired_count.numberValue, minCount: v.min_count.numberValue, maxCount: v.max_count.numberValue },
      logRetentionDays: v.log_retention_days.numberValue,
      // The checks always exist (addresses never depend on an input); the variable switches their conditions off.
      requireSecretValues: v.require_secret_values.booleanValue,
      // The module's outputs are the ones below.
      stackOutputs: false,
    });
    const o = compute.outputs;
    return [
      { name: 'cluster_name', description: 'ECS cluster name (CloudWatch dimension ClusterName)', value: o.clusterName },
      { name: 'cluster_arn', description: 'ARN of the ECS cluster', value: o.clusterArn },
      { name: 'service_name', description: 'ECS service name (CloudWatch dimension ServiceName)', value: o.serviceName },
      { name: 'min_task_count', description: 'Auto scaling floor (input min_count): the running-tasks alarm of the monitoring module fires below it', value: o.minTaskCount },
      { name: 'log_group_name', description: 'Application log group (JSON logs; the failed-login metric filter runs here)', value: o.logGroupName },
      { name: 'repository_url', description: 'Push images here (tags are immutable)', value: o.repositoryUrl },
      { name: 'repository_arn', description: 'ARN of the ECR repository', value: o.repositoryArn },
      { name: 'task_role_arn', description: 'Role of the application (no AWS permissions unless granted: attach policies to it)', value: o.taskRoleArn },
      { name: 'execution_role_arn', description: 'Role ECS uses to pull the image, write logs and read the secrets', value: o.executionRoleArn },
      { name: 'kms_key_arn', description: 'KMS key of the images, logs and secrets', value: o.kmsKeyArn },
      { name: 'migrate_command', description: 'Runs `python manage.py migrate` as a one-off Fargate task', value: o.migrateCommand },
      {
        name: 'secret_ids',
        description: 'Secrets to set once with put-secret-value (SECRET_KEY, API keys, ALLOWED_HOSTS/CORS settings); their values are never in state',
        value: { secret_key: compute.secrets.djangoSecretKey.name, api_keys: compute.secrets.apiKeys.name, app_settings: compute.secrets.appSettings.name },
      },
      {
        name: 'secrets_to_set',
        description: 'Secrets to set (aws secretsmanager put-secret-value) before the service is created; known before the first apply',
        value: o.secretsToSet,
      },
    ];
  },
};
