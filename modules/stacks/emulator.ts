import { S3Backend, TerraformStack } from 'cdktf';

/**
 * Pointing the synthesized stacks at an AWS API emulator (issue 22), one synth-time setting:
 *
 *     HELLOAPI_AWS_ENDPOINT=http://127.0.0.1:5000 npx cdktf deploy helloapi-dev
 *
 * When the variable is set, every AWS provider of every stack sends every call of the services the stacks use
 * to that URL (`endpoints`), uses path-style S3 addressing, retries little, and never asks the EC2 metadata
 * service for credentials; the S3 backends (`terraform init`, state reads, writes and lock files) go to the same
 * URL for S3, STS, IAM and DynamoDB. When it is unset, nothing changes: the synthesized output is byte-identical
 * (tested). Credentials, the accounts they map to and the emulator itself are the caller's business (the apply
 * tier, `__tests__/apply/`, starts moto and writes the profiles).
 *
 * Why a synth-time setting and not the AWS SDK's `AWS_ENDPOINT_URL`/`AWS_ENDPOINT_URL_<SERVICE>` variables
 * (which both the provider and the S3 backend honour): the runbook runs `npx cdktf deploy`, which re-synthesizes,
 * and path-style S3 addressing (`s3_use_path_style`, `use_path_style`) and the provider's retry budget have no
 * environment variable the provider reads; with the setting in the JSON, the synthesized folder itself says where
 * it deploys, and `terraform` run by hand in it does the same thing.
 * https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/guides/custom-service-endpoints
 * https://developer.hashicorp.com/terraform/language/backend/s3#overriding-aws-api-endpoints
 */
export const EMULATOR_ENDPOINT_ENV = 'HELLOAPI_AWS_ENDPOINT';

/**
 * Provider `endpoints` key of the service that manages each resource type the stacks use (first match wins).
 * A test checks that every resource type in the synthesized stacks has an entry, so a new service cannot be
 * missed silently; at apply time, the tier's proxy makes any call to a service without an endpoint fail fast.
 */
export const EMULATED_SERVICE_OF_RESOURCE: ReadonlyArray<readonly [RegExp, string]> = [
  [/^aws_accessanalyzer_/, 'accessanalyzer'],
  [/^aws_acm_/, 'acm'],
  [/^aws_appautoscaling_/, 'appautoscaling'],
  [/^aws_cloudfront_/, 'cloudfront'],
  [/^aws_cloudtrail/, 'cloudtrail'],
  [/^aws_cloudwatch_event_/, 'events'],
  [/^aws_cloudwatch_log_/, 'logs'],
  [/^aws_cloudwatch_(dashboard|metric_alarm|composite_alarm)/, 'cloudwatch'],
  [/^aws_codedeploy_/, 'codedeploy'],
  [/^aws_config_/, 'configservice'],
  [/^aws_db_/, 'rds'],
  [/^aws_(default_security_group|eip|internet_gateway|nat_gateway|route|route_table|route_table_association|subnet|vpc|vpc_endpoint|vpc_security_group_(egress|ingress)_rule|flow_log|security_group)$/, 'ec2'],
  [/^aws_ecr_/, 'ecr'],
  [/^aws_ecs_/, 'ecs'],
  [/^aws_guardduty_/, 'guardduty'],
  [/^aws_iam_/, 'iam'],
  [/^aws_kms_/, 'kms'],
  [/^aws_lb(_|$)/, 'elbv2'],
  [/^aws_route53_/, 'route53'],
  [/^aws_s3_account_/, 's3control'],
  [/^aws_s3_/, 's3'],
  [/^aws_secretsmanager_/, 'secretsmanager'],
  [/^aws_securityhub_/, 'securityhub'],
  [/^aws_sfn_/, 'sfn'],
  [/^aws_sns_/, 'sns'],
  [/^aws_sqs_/, 'sqs'],
  [/^aws_wafv2_/, 'wafv2'],
];

/** Services every provider calls whatever its resources: STS (caller identity for allowed_account_ids, assume_role). */
const ALWAYS: readonly string[] = ['sts'];

/** The provider `endpoints` key for a resource type, or undefined when no AWS service manages it (terraform_data). */
export function emulatedServiceOf(resourceType: string): string | undefined {
  return EMULATED_SERVICE_OF_RESOURCE.find(([re]) => re.test(resourceType))?.[1];
}

/** Every service a provider gets an endpoint for, sorted. */
export function emulatedServices(): string[] {
  return [...new Set([...ALWAYS, ...EMULATED_SERVICE_OF_RESOURCE.map(([, s]) => s)])].sort();
}

/** Endpoint keys whose name in cdktf's typed AwsProviderEndpoints differs from Terraform's. */
const TYPED_ENDPOINT_KEY: Readonly<Record<string, string>> = { s3control: 's3Control' };

/** Provider retries against the emulator: an emulator error is final, retrying it only costs minutes. */
export const EMULATOR_MAX_RETRIES = 2;

/**
 * The emulator URL from `HELLOAPI_AWS_ENDPOINT`, or undefined when unset or empty. Throws (naming the variable,
 * the value and what is allowed) for anything but an http(s) URL without path, query or credentials.
 */
export function emulatorEndpoint(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const raw = env[EMULATOR_ENDPOINT_ENV];
  if (raw === undefined || raw === '') return undefined;
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  if (!url || !/^https?:$/.test(url.protocol) || (url.pathname !== '/' && url.pathname !== '') || url.search || url.hash || url.username || url.password) {
    throw new Error(
      `${EMULATOR_ENDPOINT_ENV}=${JSON.stringify(raw)} is not an emulator URL: expected http(s)://host:port with no path, query or credentials (e.g. http://127.0.0.1:5000), or unset for real AWS`,
    );
  }
  return `${url.protocol}//${url.host}`;
}

/**
 * Provider settings for the emulator (spread into the AwsProvider config), or {} when `HELLOAPI_AWS_ENDPOINT` is
 * unset or the provider is an offline-plan provider (which never calls anything).
 */
export function emulatorProviderConfig(offline: boolean, env: NodeJS.ProcessEnv = process.env): Record<string, unknown> {
  const endpoint = offline ? undefined : emulatorEndpoint(env);
  if (!endpoint) return {};
  return {
    // The typed config spells a few keys in camelCase (`s3Control` for Terraform's `s3control`).
    endpoints: [Object.fromEntries(emulatedServices().map((s) => [TYPED_ENDPOINT_KEY[s] ?? s, endpoint]))],
    s3UsePathStyle: true,
    maxRetries: EMULATOR_MAX_RETRIES,
    // Credentials come from the profile/environment the caller sets, never from an instance metadata service.
    skipMetadataApiCheck: 'true',
  };
}

/**
 * Points a stack's S3 backend at the emulator when `HELLOAPI_AWS_ENDPOINT` is set (call after the backend is
 * configured; stacks on another backend are left alone). The backend's `assume_role` then goes to the emulator's
 * STS, and state and lock objects to its S3.
 */
export function applyEmulatorToBackend(stack: TerraformStack, env: NodeJS.ProcessEnv = process.env): void {
  const endpoint = emulatorEndpoint(env);
  if (!endpoint) return;
  // cdktf backends are the stack's child named "backend".
  if (!(stack.node.tryFindChild('backend') instanceof S3Backend)) return;
  stack.addOverride('terraform.backend.s3.endpoints', { s3: endpoint, sts: endpoint, iam: endpoint, dynamodb: endpoint });
  stack.addOverride('terraform.backend.s3.use_path_style', true);
  stack.addOverride('terraform.backend.s3.max_retries', EMULATOR_MAX_RETRIES);
  stack.addOverride('terraform.backend.s3.skip_metadata_api_check', true);
}
