import { Construct } from 'constructs';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { PolicyStatement, policyDocument } from '../core/iam';
import { Problems } from '../core/problems';
import { crossAccountRolePropsProblems } from './validation';

export interface CrossAccountRoleProps {
  /** The role's name (without path), e.g. `helloapi-state-dev`. */
  readonly roleName: string;
  /**
   * IAM path of the role, `/` or `/a/b/`.
   * @default '/'
   */
  readonly path?: string;
  /** Accounts whose principals may assume the role (their own IAM policies decide which principals). */
  readonly trustedAccountIds: readonly string[];
  /**
   * The AWS partition.
   * @default 'aws'
   */
  readonly partition?: string;
  /** What the role may do: its inline policy `access`. */
  readonly statements: PolicyStatement[];
  /** Shown in the IAM console and in plans. */
  readonly description: string;
  /**
   * Longest session, seconds (3600-43200).
   * @default 3600
   */
  readonly maxSessionDurationSeconds?: number;
  /** @default {} */
  readonly tags?: Record<string, string>;
}

/**
 * A role in this account that principals of other accounts assume to reach one thing here (remote state,
 * records of a hosted zone). The trust policy names the other accounts' roots, so each of those accounts
 * decides with its own IAM policies who may assume it (the pattern of
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/tutorial_cross-account-with-roles.html); the inline
 * policy grants only the named resources.
 */
export class CrossAccountRole extends Construct {
  /** The role (`roleName`), trusting the roots of `trustedAccountIds`. */
  readonly role: IamRole;
  /** The role's inline policy `access`: `statements`. */
  readonly policy: IamRolePolicy;

  constructor(scope: Construct, id: string, props: CrossAccountRoleProps) {
    super(scope, id);
    new Problems().addAll(crossAccountRolePropsProblems(props)).throwIfAny(`CrossAccountRole ${this.node.path}`);
    const partition = props.partition ?? 'aws';
    this.role = new IamRole(this, 'role', {
      name: props.roleName,
      path: props.path ?? '/',
      description: props.description,
      maxSessionDuration: props.maxSessionDurationSeconds ?? 3600,
      assumeRolePolicy: policyDocument([
        {
          Sid: 'TrustedAccounts',
          Effect: 'Allow',
          Principal: { AWS: [...props.trustedAccountIds].sort().map((a) => `arn:${partition}:iam::${a}:root`) },
          Action: 'sts:AssumeRole',
        },
      ]),
      tags: props.tags,
    });
    this.policy = new IamRolePolicy(this, 'policy', { name: 'access', role: this.role.id, policy: policyDocument(props.statements) });
  }
}

/**
 * What Terraform's S3 backend needs for the given state objects, with S3-native locking
 * (https://developer.hashicorp.com/terraform/language/backend/s3#permissions-required):
 * list the bucket, read and write each state object, create and delete its `.tflock` lock file,
 * and use the state key (`encrypt` with `kms_key_id`: kms:Encrypt, kms:Decrypt, kms:GenerateDataKey); with a DynamoDB lock
 * table, read and write its items.
 */
export function stateAccessStatements(bucketArn: string, kmsKeyArn: string, stateKeys: readonly string[], lockTableArn?: string): PolicyStatement[] {
  const keys = [...new Set(stateKeys)].sort();
  // With a DynamoDB lock table the backend also locks there (and keeps the state digest in it).
  const table: PolicyStatement[] = lockTableArn
    ? [{ Sid: 'LockTable', Effect: 'Allow', Action: ['dynamodb:DescribeTable', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem'], Resource: lockTableArn }]
    : [];
  return [
    // No s3:prefix condition: the backend lists workspaces under `env:/` at init; listing reveals only key names.
    { Sid: 'ListStateBucket', Effect: 'Allow', Action: 's3:ListBucket', Resource: bucketArn },
    { Sid: 'ReadWriteState', Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: keys.map((k) => `${bucketArn}/${k}`) },
    {
      Sid: 'LockState',
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
      Resource: keys.map((k) => `${bucketArn}/${k}.tflock`),
    },
    { Sid: 'UseStateKey', Effect: 'Allow', Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey'], Resource: kmsKeyArn },
    ...table,
  ];
}
