/**
 * The resource-policy statements AWS documents for CloudTrail and AWS Config
 * delivery, as literal JSON statements (scoped with aws:SourceArn / aws:SourceAccount).
 */
import type { PolicyStatement } from '../core/iam';

/** Where a trail writes. */
export interface TrailTarget {
  /** AWS partition, e.g. `aws`. */
  readonly partition: string;
  /** The account owning the trail and the bucket. */
  readonly accountId: string;
  /** The trail's ARN, `arn:<partition>:cloudtrail:<region>:<account>:trail/<name>`. */
  readonly trailArn: string;
  /** The bucket's ARN, `arn:<partition>:s3:::<bucket>`. */
  readonly bucketArn: string;
}

/** Bucket policy for trail delivery: ACL check and writes under AWSLogs/<account>/, for this trail only. */
export function cloudTrailBucketStatements(t: TrailTarget): PolicyStatement[] {
  return [
    {
      Sid: 'CloudTrailAclCheck',
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 's3:GetBucketAcl',
      Resource: t.bucketArn,
      Condition: { StringEquals: { 'aws:SourceArn': t.trailArn } },
    },
    {
      Sid: 'CloudTrailWrite',
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: `${t.bucketArn}/AWSLogs/${t.accountId}/*`,
      Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': t.trailArn } },
    },
  ];
}

/**
 * Key-policy statements for a trail: CloudTrail may generate data keys for this
 * trail only (encryption context names a trail of this account, aws:SourceArn pins the trail)
 * and describe the key. Decryption is left to IAM through the key's account statement.
 */
export function cloudTrailKeyStatements(t: Pick<TrailTarget, 'partition' | 'accountId' | 'trailArn'>): PolicyStatement[] {
  return [
    {
      Sid: 'CloudTrailEncryptLogs',
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 'kms:GenerateDataKey*',
      Resource: '*',
      Condition: {
        StringEquals: { 'aws:SourceArn': t.trailArn },
        StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': `arn:${t.partition}:cloudtrail:*:${t.accountId}:trail/*` },
      },
    },
    {
      Sid: 'CloudTrailDescribeKey',
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 'kms:DescribeKey',
      Resource: '*',
      Condition: { StringEquals: { 'aws:SourceArn': t.trailArn } },
    },
  ];
}

/** Bucket policy for AWS Config delivery (AWS documented statements), from this account only. */
export function configBucketStatements(bucketArn: string, accountId: string): PolicyStatement[] {
  const fromAccount = { 'aws:SourceAccount': accountId };
  return [
    {
      Sid: 'ConfigAclCheck',
      Effect: 'Allow',
      Principal: { Service: 'config.amazonaws.com' },
      Action: 's3:GetBucketAcl',
      Resource: bucketArn,
      Condition: { StringEquals: fromAccount },
    },
    {
      Sid: 'ConfigBucketExistenceCheck',
      Effect: 'Allow',
      Principal: { Service: 'config.amazonaws.com' },
      Action: 's3:ListBucket',
      Resource: bucketArn,
      Condition: { StringEquals: fromAccount },
    },
    {
      Sid: 'ConfigWrite',
      Effect: 'Allow',
      Principal: { Service: 'config.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: `${bucketArn}/AWSLogs/${accountId}/Config/*`,
      Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', ...fromAccount } },
    },
  ];
}
