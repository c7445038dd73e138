/**
 * The AWS provider block of a hand-written Terraform JSON root module that plans
 * offline: the same dummy credentials and skip_* settings as createAwsProvider's
 * offline mode (modules/stacks/providers.ts).
 */
export function offlineAwsProviderJson(region = 'us-east-1'): Record<string, unknown> {
  return {
    region,
    access_key: 'offline-plan-not-a-key',
    secret_key: 'offline-plan-not-a-secret',
    skip_credentials_validation: true,
    skip_requesting_account_id: true,
    skip_metadata_api_check: 'true',
    skip_region_validation: true,
  };
}
