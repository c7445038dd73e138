import { S3Backend, TerraformStack } from 'cdktf';

/**
 * Pointing the synthesized stacks at an AWS API emulator (issue 22): one setting, the emulator's URL, given twice:
 *
 *     HELLOAPI_AWS_ENDPOINT=http://127.0.0.1:5000 AWS_ENDPOINT_URL=http://127.0.0.1:5000 npx cdktf deploy helloapi-dev
 *
 * `HELLOAPI_AWS_ENDPOINT` is read at synth: every AWS provider of every stack then uses path-style S3 addressing,
 * retries little and never asks the EC2 metadata service for credentials, and every S3 backend (`terraform init`,
 * state reads, writes and lock files) sends S3, STS, IAM and DynamoDB calls to that URL. `AWS_ENDPOINT_URL`, the
 * AWS SDKs' own setting, is what the provider reads at deploy to send every call of every service to the emulator;
 * a synth with the first set refuses to run unless the second names the same URL (and nothing overrides it: see
 * emulatorProviderConfig; a deploy with `--skip-synth` must set it too). When `HELLOAPI_AWS_ENDPOINT` is
 * unset, nothing changes: the synthesized output is byte-identical (tested). Credentials, the accounts they map to
 * and the emulator itself are the caller's business (the apply tier, `__tests__/apply/`, starts moto and writes the
 * profiles).
 *
 * Why the provider's endpoint is not in the JSON (an `endpoints` block, as until 2026-12-05): the block costs ~2 CPU-s
 * in every provider process that validates or configures it (the provider walks its ~400-attribute schema; measured
 * with a two-configuration plan of two resources: 17.9 CPU-s with the block, 7.3 without, whatever the number of
 * services listed), and Terraform starts one such process per provider configuration for each of validate, plan and
 * apply: ~130 processes in the apply tier. `AWS_ENDPOINT_URL` sets the base endpoint of every service client
 * (https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html; the provider's precedence:
 * https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/guides/custom-service-endpoints). Why the rest
 * stays a synth-time setting: path-style S3 addressing (`s3_use_path_style`, `use_path_style`) and the retry budget
 * have no environment variable the provider reads, and with the backend's endpoints in the JSON the synthesized
 * folder itself says where its state lives.
 * https://developer.hashicorp.com/terraform/language/backend/s3#overriding-aws-api-endpoints
 */
export const EMULATOR_ENDPOINT_ENV = 'HELLOAPI_AWS_ENDPOINT';

/** The AWS SDKs' variable the provider reads its endpoint from (every service); emulator mode requires it. */
export const SDK_ENDPOINT_ENV = 'AWS_ENDPOINT_URL';

/** Provider retries against the emulator: an emulator error is final, retrying it only costs minutes. */
export const EMULATOR_MAX_RETRIES = 2;

/**
 * The emulator URL from `HELLOAPI_AWS_ENDPOINT`, or undefined when unset or empty. Throws (naming the variable,
 * the value and what is allowed) for anything but an http(s) URL without path, query or credentials.
 */
export function emulatorEndpoint(env: Record<string, string | undefined> = process.env): string | undefined {
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
 * unset or the provider is an offline-plan provider (which never calls anything). The provider's endpoint is
 * `AWS_ENDPOINT_URL` when it runs (see above), so the synth checks the environment it runs in: it throws, naming the
 * variables and their values, unless `AWS_ENDPOINT_URL` names the same URL, no `AWS_ENDPOINT_URL_<SERVICE>` names
 * another one, and `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` is not on. A deploy that skips the synth (`--skip-synth`,
 * `terraform` by hand in `cdktf.out/`) is not checked: it needs the same `AWS_ENDPOINT_URL`, or its provider goes
 * to AWS (its backend still to the emulator).
 */
export function emulatorProviderConfig(offline: boolean, env: Record<string, string | undefined> = process.env): Record<string, unknown> {
  const endpoint = offline ? undefined : emulatorEndpoint(env);
  if (!endpoint) return {};
  const problems = sdkEndpointProblems(endpoint, env);
  if (problems.length > 0) {
    throw new Error(
      `${EMULATOR_ENDPOINT_ENV}=${JSON.stringify(env[EMULATOR_ENDPOINT_ENV])}: the AWS provider reads the emulator's URL from ${SDK_ENDPOINT_ENV} when it deploys, so ${problems.join('; ')}; or unset ${EMULATOR_ENDPOINT_ENV} for real AWS`,
    );
  }
  return {
    s3UsePathStyle: true,
    maxRetries: EMULATOR_MAX_RETRIES,
    // Credentials come from the profile/environment the caller sets, never from an instance metadata service.
    skipMetadataApiCheck: 'true',
  };
}

/** What in the environment would send the provider anywhere but `endpoint` (see emulatorProviderConfig). */
function sdkEndpointProblems(endpoint: string, env: Record<string, string | undefined>): string[] {
  const same = (v: string) => v.replace(/\/+$/, '') === endpoint;
  const sdk = env[SDK_ENDPOINT_ENV];
  const problems: string[] = [];
  if (sdk === undefined || !same(sdk)) problems.push(`it needs ${SDK_ENDPOINT_ENV}=${JSON.stringify(endpoint)} too (it is ${sdk === undefined ? 'unset' : JSON.stringify(sdk)})`);
  for (const [name, value] of Object.entries(env)) {
    if (name.startsWith(`${SDK_ENDPOINT_ENV}_`) && value !== undefined && value !== '' && !same(value)) {
      problems.push(`${name}=${JSON.stringify(value)} would send that service elsewhere (unset it, or set it to ${JSON.stringify(endpoint)})`);
    }
  }
  const ignore = env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS;
  if (ignore !== undefined && ignore.toLowerCase() === 'true') problems.push(`AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=${JSON.stringify(ignore)} would make it ignore ${SDK_ENDPOINT_ENV} (unset it)`);
  return problems;
}

/**
 * Points a stack's S3 backend at the emulator when `HELLOAPI_AWS_ENDPOINT` is set (call after the backend is
 * configured; stacks on another backend are left alone). The backend's `assume_role` then goes to the emulator's
 * STS, and state and lock objects to its S3.
 */
export function applyEmulatorToBackend(stack: TerraformStack, env: Record<string, string | undefined> = process.env): void {
  const endpoint = emulatorEndpoint(env);
  if (!endpoint) return;
  // cdktf backends are the stack's child named "backend".
  if (!(stack.node.tryFindChild('backend') instanceof S3Backend)) return;
  stack.addOverride('terraform.backend.s3.endpoints', { s3: endpoint, sts: endpoint, iam: endpoint, dynamodb: endpoint });
  stack.addOverride('terraform.backend.s3.use_path_style', true);
  stack.addOverride('terraform.backend.s3.max_retries', EMULATOR_MAX_RETRIES);
  stack.addOverride('terraform.backend.s3.skip_metadata_api_check', true);
}
