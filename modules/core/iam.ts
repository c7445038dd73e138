import { ROLE_ARN_PATTERN } from './patterns';

/**
 * IAM policy documents as literal JSON: readable in the synthesized output and
 * in plans, and visible to the policy engine (no opaque jsonencode()).
 * Token strings inside (e.g. `${aws_s3_bucket.x.arn}`) are interpolated by Terraform.
 */
export interface PolicyStatement {
  /**
   * Statement ID.
   * @default none
   */
  readonly Sid?: string;
  /** Allow or Deny. */
  readonly Effect: 'Allow' | 'Deny';
  /**
   * Who the statement applies to (resource policies only).
   * @default none (identity policies)
   */
  readonly Principal?: '*' | Record<string, string | string[]>;
  /** Actions allowed or denied. */
  readonly Action: string | string[];
  /**
   * Resources the statement applies to.
   * @default none (use NotResource)
   */
  readonly Resource?: string | string[];
  /**
   * Resources the statement does not apply to.
   * @default none
   */
  readonly NotResource?: string | string[];
  /**
   * IAM condition block.
   * @default none
   */
  readonly Condition?: Record<string, Record<string, string | string[] | boolean>>;
}

export interface PolicyDocument {
  /** Policy language version. */
  readonly Version: '2012-10-17';
  /** The statements. */
  readonly Statement: PolicyStatement[];
}

export function policyDocument(statements: PolicyStatement[]): string {
  const doc: PolicyDocument = { Version: '2012-10-17', Statement: statements };
  return JSON.stringify(doc);
}

/** Trust policy letting one AWS service assume a role, optionally pinned to an account. */
export function assumeRolePolicy(service: string, sourceAccount?: string): string {
  return policyDocument([
    {
      Effect: 'Allow',
      Principal: { Service: service },
      Action: 'sts:AssumeRole',
      ...(sourceAccount ? { Condition: { StringEquals: { 'aws:SourceAccount': sourceAccount } } } : {}),
    },
  ]);
}

/**
 * Resource-policy statement `DenyInsecureTransport`: denies `actions` on `resources` to everyone when the request
 * is not made over TLS (`aws:SecureTransport` = false). Used by every resource policy we write (S3, SNS, SQS).
 */
export function denyInsecureTransport(actions: string | string[], resources: string | string[]): PolicyStatement {
  return {
    Sid: 'DenyInsecureTransport',
    Effect: 'Deny',
    Principal: '*',
    Action: actions,
    Resource: resources,
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  };
}

/** The parts of an IAM role ARN `arn:<partition>:iam::<account>:role/<path/>name`. */
export interface RoleArnParts {
  /** `aws`, `aws-cn`, `aws-us-gov`. */
  readonly partition: string;
  /** The 12-digit account the role is in. */
  readonly accountId: string;
  /** The role's IAM path, `/` or `/a/b/`. */
  readonly path: string;
  /** The role's name, without the path. */
  readonly name: string;
}

const ROLE_ARN = new RegExp(ROLE_ARN_PATTERN);

/**
 * Splits a role ARN into its parts; undefined for anything that is not a literal IAM role ARN (ROLE_ARN_PATTERN,
 * core/patterns.ts). The environment schema accepts exactly what this parses.
 */
export function parseRoleArn(arn: unknown): RoleArnParts | undefined {
  if (typeof arn !== 'string') return undefined;
  const m = ROLE_ARN.exec(arn);
  return m ? { partition: m[1], accountId: m[2], path: m[3], name: m[4] } : undefined;
}
