import { Construct } from 'constructs';
import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';
import { SecureBucket } from '../core/bucket';
import { LayerBaseProps } from '../core/context';
import { SecureKey } from '../core/kms';

export interface StateBackendBootstrapProps extends LayerBaseProps {
  /** Name of the state bucket. */
  readonly bucketName: string;
  /**
   * Also create a DynamoDB lock table with this name (S3-native locking needs none).
   * @default no table
   */
  readonly lockTableName?: string;
  /**
   * Days to keep noncurrent state versions.
   * @default 90
   */
  readonly noncurrentVersionDays?: number;
}

/**
 * What remote state needs before any environment can be deployed: a versioned,
 * KMS-encrypted, private, TLS-only, undeletable bucket and an optional lock table.
 */
export class StateBackendBootstrap extends Construct {
  readonly bucket: SecureBucket;
  readonly key: SecureKey;
  readonly lockTable?: DynamodbTable;

  constructor(scope: Construct, id: string, props: StateBackendBootstrapProps) {
    super(scope, id);
    this.key = new SecureKey(this, 'kms', { ...props, purpose: 'terraform-state', preventDestroy: true });
    this.bucket = new SecureBucket(this, 'bucket', {
      bucketName: props.bucketName,
      encryption: { kmsKeyArn: this.key.arn },
      noncurrentVersionExpireAfterDays: props.noncurrentVersionDays ?? 90,
      preventDestroy: true,
      tags: props.tags,
    });
    if (props.lockTableName) {
      this.lockTable = new DynamodbTable(this, 'lock_table', {
        name: props.lockTableName,
        billingMode: 'PAY_PER_REQUEST',
        hashKey: 'LockID',
        attribute: [{ name: 'LockID', type: 'S' }],
        pointInTimeRecovery: { enabled: true },
        serverSideEncryption: { enabled: true, kmsKeyArn: this.key.arn },
        deletionProtectionEnabled: true,
        tags: props.tags,
        lifecycle: { preventDestroy: true },
      });
    }
  }
}
