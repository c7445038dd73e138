/** AWS partitions: `aws`, `aws-cn` (China) and `aws-us-gov` (GovCloud). */
export type AwsPartition = 'aws' | 'aws-cn' | 'aws-us-gov';

/**
 * Every region of the `aws`, `aws-cn` and `aws-us-gov` partitions that hashicorp/aws 5.100.0 (the provider
 * every stack pins) accepts with `skip_region_validation = false`. The provider also knows the ISO and
 * European Sovereign Cloud partitions, which this project does not target (its stacks build ARNs for the
 * three partitions above only). __tests__/config/regions.tf.test.ts checks the table against the provider:
 * every region here is accepted, in the partition listed, and the next region number of every area is not.
 * https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html
 * https://docs.aws.amazon.com/govcloud-us/latest/UserGuide/using-govcloud-endpoints.html
 * https://docs.amazonaws.cn/en_us/aws/latest/userguide/endpoints-Beijing.html
 */
export const AWS_REGIONS = {
  aws: [
    'af-south-1',
    'ap-east-1',
    'ap-east-2',
    'ap-northeast-1',
    'ap-northeast-2',
    'ap-northeast-3',
    'ap-south-1',
    'ap-south-2',
    'ap-southeast-1',
    'ap-southeast-2',
    'ap-southeast-3',
    'ap-southeast-4',
    'ap-southeast-5',
    'ap-southeast-7',
    'ca-central-1',
    'ca-west-1',
    'eu-central-1',
    'eu-central-2',
    'eu-north-1',
    'eu-south-1',
    'eu-south-2',
    'eu-west-1',
    'eu-west-2',
    'eu-west-3',
    'il-central-1',
    'me-central-1',
    'me-south-1',
    'mx-central-1',
    'sa-east-1',
    'us-east-1',
    'us-east-2',
    'us-west-1',
    'us-west-2',
  ],
  'aws-cn': ['cn-north-1', 'cn-northwest-1'],
  'aws-us-gov': ['us-gov-east-1', 'us-gov-west-1'],
} as const satisfies Record<AwsPartition, readonly string[]>;

/** A region of the table. */
export type AwsRegion = (typeof AWS_REGIONS)[AwsPartition][number];

/** Every region of the table, in partition order. */
export const KNOWN_AWS_REGIONS: readonly AwsRegion[] = (Object.keys(AWS_REGIONS) as AwsPartition[]).flatMap((p) => AWS_REGIONS[p]);

/** Whether `region` is in the table of known regions. */
export function isKnownRegion(region: string): region is AwsRegion {
  return (KNOWN_AWS_REGIONS as readonly string[]).includes(region);
}

/**
 * Why `region` is refused, naming the closest known regions (those sharing the longest run of leading
 * `-`-separated parts) and every known one; undefined for a known region.
 */
export function unknownRegionMessage(region: string): string | undefined {
  if (isKnownRegion(region)) return undefined;
  const parts = region.split('-');
  const shared = (r: string) => {
    const other = r.split('-');
    let n = 0;
    while (n < parts.length && n < other.length && parts[n] === other[n]) n += 1;
    return n;
  };
  const best = Math.max(...KNOWN_AWS_REGIONS.map(shared));
  const close = best > 0 ? KNOWN_AWS_REGIONS.filter((r) => shared(r) === best) : [];
  const hint = close.length > 0 && close.length <= 8 ? `; closest: ${close.join(', ')}` : '';
  return `is not a known AWS region${hint}. Known regions (hashicorp/aws 5.100.0; modules/config/regions.ts): ${KNOWN_AWS_REGIONS.join(', ')}`;
}

/**
 * The partition a region belongs to, for ARNs (`arn:<partition>:...`).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
 */
export function partitionOf(region: string): AwsPartition {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}
