import { Token } from 'cdktf';
import { S3_BUCKET_NAME_MAX_LENGTH as MAX_BUCKET_NAME_LENGTH } from '../core/limits';

/** `<name>-<purpose>-<account>-<region>`, unchecked (the published module's validation measures it too). */
export const bucketNameOf = (name: string, purpose: string, accountId: string, region: string) => `${name}-${purpose}-${accountId}-${region}`;

/** `<name>-<purpose>-<account>-<region>`: S3 names are global, so account and region are part of them. */
export function bucketName(name: string, purpose: string, accountId: string, region: string): string {
  const problem = bucketNameProblem(name, purpose, accountId, region);
  if (problem) throw new Error(problem);
  return bucketNameOf(name, purpose, accountId, region);
}

/** Why `bucketName(...)` refuses these parts, or undefined when it accepts them. */
export function bucketNameProblem(name: string, purpose: string, accountId: string, region: string): string | undefined {
  const n = bucketNameOf(name, purpose, accountId, region);
  // With Terraform variables in the name (the published HCL module) the module's validation checks the length.
  if (!Token.isUnresolved(n) && n.length > MAX_BUCKET_NAME_LENGTH) return `bucket name "${n}" is longer than ${MAX_BUCKET_NAME_LENGTH} characters; shorten the layer name`;
  return undefined;
}
