import { Construct } from 'constructs';
import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';
import { SecureBucket } from '../core/bucket';
import { LayerBaseProps } from '../core/context';
import { PolicyStatement } from '../core/iam';
import { SecureKey } from '../core/kms';
import { CrossAccountRole, stateAccessStatements } from './access';

export * from './access';

/** A role in the state account through which the stacks of other accounts reach their state. */
export interface StateAccessRoleSpec {
  /** The role's name (without path). */
  readonly roleName: string;
  /**
   * IAM path of the role.
   * @default '/'
   */
  readonly path?: string;
  /** Accounts whose principals may assume it (the accounts the stacks using it deploy into). */
  readonly trustedAccountIds: readonly string[];
  /** State object keys the role may read, write and lock, e.g. `helloapi/dev/terraform.tfstate`. */
  readonly stateKeys: readonly string[];
  /**
   * More permissions on the same role (e.g. a hosted zone's records when the role doubles as the DNS role).
   * @default []
   */
  readonly extraStatements?: PolicyStatement[];
}

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
  /**
   * Roles in this account that stacks deploying into other accounts assume to reach their state
   * (the backend's `assume_role`). Each may touch only its own state keys and use the state key.
   * @default []
   */
  readonly accessRoles?: readonly StateAccessRoleSpec[];
}

/**
 * What remote state needs before any environment can be deployed: a versioned,
 * KMS-encrypted, private, TLS-only, undeletable bucket and an optional lock table.
 */
export class StateBackendBootstrap extends Construct {
  readonly bucket: SecureBucket;
  readonly key: SecureKey;
  readonly lockTable?: DynamodbTable;
  /** The cross-account state roles, by role name. */
  readonly accessRoles: Record<string, CrossAccountRole> = {};

  constructor(scope: Construct, id: string, props: StateBackendBootstrapProps) {
    super(scope, id);
    this.key = new SecureKey(this, 'kms', { ...props, purpose: 'terraform-state', preventDestroy: true });
    this.bucket = new SecureBucket(this, 'bucket', {
      bucketName: props.bucketName,
      encryption: { kmsKeyArn: this.key.arn },
      noncurrentVersionExpireAfterDays: props.noncurrentVersionDays ?? 90,
      // State must be encrypted with the state key: refuse any put that does not ask for SSE-KMS. Terraform's
      // backend sends `aws:kms` with `kms_key_id` set (with `encrypt` alone it sends AES256, which this refuses).
      // https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html#require-sse-kms
      policyStatements: [
        {
          Sid: 'DenyObjectsNotEncryptedWithKms',
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:PutObject',
          Resource: `arn:${props.partition ?? 'aws'}:s3:::${props.bucketName}/*`,
          Condition: { StringNotEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' } },
        },
      ],
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
    // A literal ARN (the name is known), so the policy engine can check the grant against the backend's table.
    const lockTableArn = props.lockTableName ? `arn:${props.partition ?? 'aws'}:dynamodb:${props.region}:${props.accountId}:table/${props.lockTableName}` : undefined;
    for (const spec of props.accessRoles ?? []) {
      const id = `access_role_${spec.roleName.toLowerCase().replace(/[^a-z0-9]+/g, '_')}`;
      if (this.accessRoles[spec.roleName]) throw new Error(`StateBackendBootstrap: access role ${spec.roleName} is listed twice`);
      this.accessRoles[spec.roleName] = new CrossAccountRole(this, id, {
        roleName: spec.roleName,
        path: spec.path,
        trustedAccountIds: spec.trustedAccountIds,
        partition: props.partition,
        description: `Terraform state access for ${spec.stateKeys.join(', ')}`.slice(0, 1000),
        statements: [...stateAccessStatements(this.bucket.arn, this.key.arn, spec.stateKeys, lockTableArn), ...(spec.extraStatements ?? [])],
        tags: props.tags,
      });
    }
  }
}
