/**
 * IAM policy documents as literal JSON: readable in the synthesized output and
 * in plans, and visible to the policy engine (no opaque jsonencode()).
 * Token strings inside (e.g. `${aws_s3_bucket.x.arn}`) are interpolated by Terraform.
 */
export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Principal?: '*' | Record<string, string | string[]>;
  readonly Action: string | string[];
  readonly Resource?: string | string[];
  readonly NotResource?: string | string[];
  readonly Condition?: Record<string, Record<string, string | string[] | boolean>>;
}

export interface PolicyDocument {
  readonly Version: '2012-10-17';
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
