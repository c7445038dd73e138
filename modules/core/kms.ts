import { Construct } from 'constructs';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { LayerBaseProps } from './context';
import { PolicyStatement, policyDocument } from './iam';

export interface SecureKeyProps extends LayerBaseProps {
  /** What the key protects; becomes the description and alias suffix. */
  readonly purpose: string;
  /**
   * Let CloudWatch Logs in this account and region use the key for log groups.
   * @default false
   */
  readonly allowCloudWatchLogs?: boolean;
  /**
   * AWS service principals (e.g. `sns.amazonaws.com`) allowed to use the key, scoped to this account.
   * @default []
   */
  readonly servicePrincipals?: string[];
  /**
   * Extra key-policy statements.
   * @default []
   */
  readonly extraStatements?: PolicyStatement[];
  /**
   * Protect the key with lifecycle prevent_destroy.
   * @default true
   */
  readonly preventDestroy?: boolean;
  /**
   * Waiting period before deletion, 7-30 days.
   * @default 30
   */
  readonly deletionWindowInDays?: number;
}

/**
 * A customer-managed KMS key with rotation on, a key policy that keeps the
 * account in control and grants services only what they need, and an alias.
 */
export class SecureKey extends Construct {
  /** The KMS key (`<id>_key`): rotation on, the key policy, prevent_destroy unless `preventDestroy` is false. */
  readonly key: KmsKey;
  /** The key's alias (`<id>_alias`): `alias/<name>/<purpose>`. */
  readonly alias: KmsAlias;
  /** The key's ARN (`key.arn`). */
  readonly arn: string;
  /** The key's ID (`key.keyId`). */
  readonly keyId: string;

  constructor(scope: Construct, id: string, props: SecureKeyProps) {
    super(scope, id);
    const partition = props.partition ?? 'aws';
    const account = props.accountId;
    const statements: PolicyStatement[] = [
      {
        Sid: 'AccountAdministers',
        Effect: 'Allow',
        Principal: { AWS: `arn:${partition}:iam::${account}:root` },
        Action: 'kms:*',
        Resource: '*',
      },
    ];
    if (props.allowCloudWatchLogs) {
      statements.push({
        Sid: 'CloudWatchLogsUse',
        Effect: 'Allow',
        Principal: { Service: `logs.${props.region}.amazonaws.com` },
        Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        Resource: '*',
        Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${partition}:logs:${props.region}:${account}:log-group:*` } },
      });
    }
    for (const service of props.servicePrincipals ?? []) {
      statements.push({
        Sid: `${service.split('.')[0].replace(/[^A-Za-z0-9]/g, '')}Use`,
        Effect: 'Allow',
        Principal: { Service: service },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        Resource: '*',
        Condition: { StringEquals: { 'aws:SourceAccount': account } },
      });
    }
    statements.push(...(props.extraStatements ?? []));
    this.key = new KmsKey(this, 'key', {
      description: `${props.name} ${props.purpose}`,
      enableKeyRotation: true,
      deletionWindowInDays: props.deletionWindowInDays ?? 30,
      policy: policyDocument(statements),
      tags: props.tags,
      lifecycle: { preventDestroy: props.preventDestroy ?? true },
    });
    this.alias = new KmsAlias(this, 'alias', {
      name: `alias/${props.name}/${props.purpose.replace(/[^A-Za-z0-9/_-]+/g, '-')}`,
      targetKeyId: this.key.keyId,
    });
    this.arn = this.key.arn;
    this.keyId = this.key.keyId;
  }
}
