import { CloudBackend, LocalBackend, NamedCloudWorkspace, S3Backend, TerraformStack } from 'cdktf';
import { EnvironmentConfig } from '../config/types';
import { stateLocation } from '../config/validate';
import { applyEmulatorToBackend } from './emulator';

/** The state key of an environment in the shared state bucket. */
export function stateKey(app: string, env: string): string {
  return `${app}/${env}/terraform.tfstate`;
}

/**
 * Remote state for an environment stack: S3 (encrypted, S3-native locking,
 * optional DynamoDB lock table), HCP Terraform, or local (tests only).
 * Offline plans always use local state.
 */
export function configureBackend(stack: TerraformStack, config: EnvironmentConfig, offline: boolean): void {
  const state = config.state;
  if (offline || state.backend === 'local') {
    new LocalBackend(stack, { path: 'terraform.tfstate' });
    return;
  }
  if (state.backend === 'hcp') {
    new CloudBackend(stack, {
      organization: state.organization,
      hostname: state.hostname,
      workspaces: new NamedCloudWorkspace(state.workspace ?? config.stackName),
    });
    return;
  }
  const loc = stateLocation(config);
  new S3Backend(stack, {
    bucket: loc.bucket,
    key: stateKey(config.app, config.name),
    region: loc.region,
    encrypt: true,
    dynamodbTable: loc.dynamodbTable,
    // Always name the key: with `encrypt` alone the backend sends an explicit AES256 header on every put,
    // overriding the bucket's KMS default (and the bucket policy refuses it).
    kmsKeyId: loc.kmsKeyId,
  });
  // The assume_role block replaces the deprecated top-level role_arn.
  if (state.roleArn) stack.addOverride('terraform.backend.s3.assume_role', { role_arn: state.roleArn });
  // S3-native locking (Terraform >= 1.10); S3Backend in cdktf 0.21 has no typed option for it.
  stack.addOverride('terraform.backend.s3.use_lockfile', true);
  applyEmulatorToBackend(stack); // HELLOAPI_AWS_ENDPOINT (emulator.ts): nothing when unset
}
