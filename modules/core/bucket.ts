import { Construct } from 'constructs';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { PolicyStatement, denyInsecureTransport, policyDocument } from './iam';

export interface SecureBucketProps {
  /** The globally unique bucket name. */
  readonly bucketName: string;
  /**
   * Default encryption: a KMS key ARN, or `'SSE-S3'` where the writer supports nothing else (ALB access logs).
   */
  readonly encryption: { readonly kmsKeyArn: string } | 'SSE-S3';
  /**
   * Expire current objects after this many days; never when undefined.
   * @default undefined
   */
  readonly expireAfterDays?: number;
  /**
   * Expire noncurrent versions after this many days.
   * @default 90
   */
  readonly noncurrentVersionExpireAfterDays?: number;
  /**
   * Extra bucket-policy statements (service log delivery, say). The TLS-only deny is always present.
   * @default []
   */
  readonly policyStatements?: PolicyStatement[];
  /**
   * Object ownership. `BucketOwnerPreferred` only for writers that need ACLs (CloudFront standard logs).
   * @default 'BucketOwnerEnforced'
   */
  readonly objectOwnership?: 'BucketOwnerEnforced' | 'BucketOwnerPreferred';
  /**
   * lifecycle prevent_destroy on the bucket.
   * @default true
   */
  readonly preventDestroy?: boolean;
  /**
   * Let `terraform destroy` delete a non-empty bucket.
   * @default false
   */
  readonly forceDestroy?: boolean;
  /** @default {} */
  readonly tags?: Record<string, string>;
}

/**
 * An S3 bucket with versioning, default encryption, all four public-access
 * blocks, owner-enforced objects, a TLS-only policy and lifecycle rules.
 */
export class SecureBucket extends Construct {
  /** The bucket (`<id>_bucket`, named `bucketName`), prevent_destroy unless `preventDestroy` is false. */
  readonly bucket: S3Bucket;
  /** The bucket policy (`<id>_policy`): TLS only, plus `policyStatements`; created after the public-access block. */
  readonly policy: S3BucketPolicy;
  /** The bucket's public-access block (`<id>_public_access_block`), all four settings on. */
  readonly publicAccessBlock: S3BucketPublicAccessBlock;
  /** The bucket's name (`bucket.bucket`). */
  readonly bucketName: string;
  /** The bucket's ARN (`bucket.arn`). */
  readonly arn: string;

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    this.bucket = new S3Bucket(this, 'bucket', {
      bucket: props.bucketName,
      forceDestroy: props.forceDestroy ?? false,
      tags: props.tags,
      lifecycle: { preventDestroy: props.preventDestroy ?? true },
    });
    this.bucketName = this.bucket.bucket;
    this.arn = this.bucket.arn;
    this.publicAccessBlock = new S3BucketPublicAccessBlock(this, 'public_access_block', {
      bucket: this.bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, 'ownership', {
      bucket: this.bucket.id,
      rule: { objectOwnership: props.objectOwnership ?? 'BucketOwnerEnforced' },
    });
    new S3BucketVersioningA(this, 'versioning', {
      bucket: this.bucket.id,
      versioningConfiguration: { status: 'Enabled' },
    });
    const enc = props.encryption;
    new S3BucketServerSideEncryptionConfigurationA(this, 'encryption', {
      bucket: this.bucket.id,
      rule: [
        enc === 'SSE-S3'
          ? { applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }
          : { applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: enc.kmsKeyArn }, bucketKeyEnabled: true },
      ],
    });
    new S3BucketLifecycleConfiguration(this, 'lifecycle', {
      bucket: this.bucket.id,
      rule: [
        {
          id: 'noncurrent-versions',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          noncurrentVersionExpiration: [{ noncurrentDays: props.noncurrentVersionExpireAfterDays ?? 90 }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
        ...(props.expireAfterDays !== undefined
          ? [{ id: 'expire-objects', status: 'Enabled', filter: [{ prefix: '' }], expiration: [{ days: props.expireAfterDays }] }]
          : []),
      ],
    });
    this.policy = new S3BucketPolicy(this, 'policy', {
      bucket: this.bucket.id,
      policy: policyDocument([
        denyInsecureTransport('s3:*', [this.bucket.arn, `${this.bucket.arn}/*`]),
        ...(props.policyStatements ?? []),
      ]),
      dependsOn: [this.publicAccessBlock],
    });
  }
}
