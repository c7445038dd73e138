/** The state bucket, the optional lock table and the cross-account state roles. */
import { Construct } from 'constructs';
import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';
import { SecureBucket } from '../core/bucket';
import { SecureKey } from '../core/kms';
import { CrossAccountRole, stateAccessStatements } from './access';
import type { StateBackendBootstrapProps } from './index';
import { accessRoleId } from './validation';

/** `bucket`: versioned, KMS-encrypted, private, TLS-only, undeletable; refuses puts not encrypted with SSE-KMS. */
export function stateBucket(scope: Construct, props: StateBackendBootstrapProps, key: SecureKey): SecureBucket {
  return new SecureBucket(scope, 'bucket', {
    bucketName: props.bucketName,
    encryption: { kmsKeyArn: key.arn },
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
}

/** `lock_table`: a DynamoDB lock table (S3-native locking needs none), encrypted with the state key. */
export function lockTable(scope: Construct, name: string, props: StateBackendBootstrapProps, key: SecureKey): DynamodbTable {
  return new DynamodbTable(scope, 'lock_table', {
    name,
    billingMode: 'PAY_PER_REQUEST',
    hashKey: 'LockID',
    attribute: [{ name: 'LockID', type: 'S' }],
    pointInTimeRecovery: { enabled: true },
    serverSideEncryption: { enabled: true, kmsKeyArn: key.arn },
    deletionProtectionEnabled: true,
    tags: props.tags,
    lifecycle: { preventDestroy: true },
  });
}

/** One `access_role_<name>` per spec, by role name: each may touch only its own state keys and use the state key. */
export function stateAccessRoles(scope: Construct, props: StateBackendBootstrapProps, bucket: SecureBucket, key: SecureKey): Record<string, CrossAccountRole> {
  // A literal ARN (the name is known), so the policy engine can check the grant against the backend's table.
  const lockTableArn = props.lockTableName ? `arn:${props.partition ?? 'aws'}:dynamodb:${props.region}:${props.accountId}:table/${props.lockTableName}` : undefined;
  const roles: Record<string, CrossAccountRole> = {};
  for (const spec of props.accessRoles ?? []) {
    roles[spec.roleName] = new CrossAccountRole(scope, accessRoleId(spec.roleName), {
      roleName: spec.roleName,
      path: spec.path,
      trustedAccountIds: spec.trustedAccountIds,
      partition: props.partition,
      description: `Terraform state access for ${spec.stateKeys.join(', ')}`.slice(0, 1000),
      statements: [...stateAccessStatements(bucket.arn, key.arn, spec.stateKeys, lockTableArn), ...(spec.extraStatements ?? [])],
      tags: props.tags,
    });
  }
  return roles;
}
