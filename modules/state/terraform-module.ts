import { layerBaseVariables, wholeNumberValidation } from '../core/module-variables';
import { stringMapValue, TerraformModuleSpec } from '../core/terraform-module';
import { StateBackendBootstrap } from './index';
import { MIN_NONCURRENT_VERSION_DAYS, STATE_MAX_NAME_LENGTH } from './validation';

/** The state bootstrap as a plain Terraform module. */
export const stateModule: TerraformModuleSpec = {
  name: 'state',
  description:
    'Remote-state bootstrap: a versioned, KMS-encrypted, private, TLS-only S3 bucket with prevent_destroy, for S3-native state locking (`use_lockfile = true`).',
  variables: [
    ...layerBaseVariables(STATE_MAX_NAME_LENGTH),
    { name: 'bucket_name', type: 'string', description: 'Globally unique name of the state bucket.' },
    {
      name: 'noncurrent_version_days',
      type: 'number',
      description: 'Days to keep noncurrent state versions.',
      default: 90,
      validation: [wholeNumberValidation('noncurrent_version_days', { min: MIN_NONCURRENT_VERSION_DAYS })],
    },
  ],
  testInputs: { name: 'helloapi-test', account_id: '123456789012', region: 'eu-west-1', bucket_name: 'helloapi-test-tfstate-123456789012' },
  exampleInputs: { tags: { Owner: 'platform' }, noncurrent_version_days: 30 },
  build(scope, v) {
    const s = new StateBackendBootstrap(scope, 'state', {
      name: v.name.stringValue,
      accountId: v.account_id.stringValue,
      region: v.region.stringValue,
      partition: v.partition.stringValue,
      tags: stringMapValue(v.tags),
      bucketName: v.bucket_name.stringValue,
      noncurrentVersionDays: v.noncurrent_version_days.numberValue,
    });
    return [
      { name: 'bucket_name', description: 'Name of the state bucket', value: s.bucket.bucketName },
      { name: 'bucket_arn', description: 'ARN of the state bucket', value: s.bucket.arn },
      { name: 'kms_key_arn', description: 'ARN of the KMS key encrypting state', value: s.key.arn },
    ];
  },
};
