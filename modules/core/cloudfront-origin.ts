/**
 * CloudFront's origin-facing managed prefix list (`com.amazonaws.global.cloudfront.origin-facing`), by region:
 * the source a load balancer behind a CloudFront VPC origin admits. AWS documents allowing this list on the
 * origin's security group so traffic from the VPC origin reaches it:
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-vpc-origins.html
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/LocationsOfEdgeServers.html#managed-prefix-list
 *
 * The list is one AWS-managed object per region with a fixed ID, so the ID comes from this table: no data source
 * (`aws_ec2_managed_prefix_list`) calls AWS at plan time and the offline plan sees the same rule as a real one.
 * Look an ID up with `aws ec2 describe-managed-prefix-lists --region <region> --filters
 * Name=prefix-list-name,Values=com.amazonaws.global.cloudfront.origin-facing`. A region missing here needs the ID
 * set explicitly (the edge layer's `cloudFrontOriginPrefixListId`).
 *
 * Its max-entries weight (55) counts against the security group's rules quota (60 by default), so a group can hold
 * one rule referencing it: the ALB admits it on 443 only.
 */
export const CLOUDFRONT_ORIGIN_FACING_PREFIX_LISTS: Readonly<Record<string, string>> = {
  'ap-northeast-1': 'pl-58a04531',
  'ap-northeast-2': 'pl-22a6434b',
  'ap-south-1': 'pl-9aa247f3',
  'ap-southeast-1': 'pl-31a34658',
  'ap-southeast-2': 'pl-b8a742d1',
  'ca-central-1': 'pl-38a64351',
  'eu-central-1': 'pl-a3a144ca',
  'eu-north-1': 'pl-fab65393',
  'eu-west-1': 'pl-4fa04526',
  'eu-west-2': 'pl-93a247fa',
  'eu-west-3': 'pl-75b1541c',
  'sa-east-1': 'pl-5da64334',
  'us-east-1': 'pl-3b927c52',
  'us-east-2': 'pl-b6a144df',
  'us-west-1': 'pl-4ea04527',
  'us-west-2': 'pl-82a045eb',
};

/** Whether a prefix-list ID is CloudFront's origin-facing list of some region of the table. */
export function isCloudFrontOriginPrefixList(id: string): boolean {
  return Object.values(CLOUDFRONT_ORIGIN_FACING_PREFIX_LISTS).includes(id);
}
