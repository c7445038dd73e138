import { PolicyStatement } from '../core/iam';

/** What the edge layer writes into a hosted zone for one API. */
export interface EdgeDnsNames {
  /** The API's public host name. */
  readonly domainName: string;
  /**
   * Extra names on the certificates.
   * @default []
   */
  readonly alternativeNames?: readonly string[];
}

/**
 * The record names the edge layer writes for an API, as Route 53 normalized-name patterns: each API name
 * (alias A/AAAA records) and everything under it (`origin.<domain>` behind CloudFront, and ACM's
 * `_<token>.<name>` validation CNAMEs).
 */
export function edgeRecordNamePatterns(names: EdgeDnsNames): string[] {
  const hosts = [names.domainName, ...(names.alternativeNames ?? [])].map((h) => h.toLowerCase().replace(/\.$/, ''));
  return [...new Set(hosts.flatMap((h) => [h, `*.${h}`]))].sort();
}

/**
 * Least privilege for the edge layer's Route 53 records in a zone of another account: change only records
 * of the given names and of the types the layer writes (alias A/AAAA, ACM validation CNAME), read the zone and
 * its records, and poll changes. Conditions per
 * https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/specifying-rrset-conditions.html
 * (normalized names are lowercase, without the trailing dot).
 */
export function edgeDnsStatements(hostedZoneId: string, namePatterns: readonly string[], partition = 'aws'): PolicyStatement[] {
  const zone = `arn:${partition}:route53:::hostedzone/${hostedZoneId}`;
  return [
    {
      Sid: 'ChangeApiRecords',
      Effect: 'Allow',
      Action: 'route53:ChangeResourceRecordSets',
      Resource: zone,
      Condition: {
        'ForAllValues:StringLike': { 'route53:ChangeResourceRecordSetsNormalizedRecordNames': [...namePatterns] },
        'ForAllValues:StringEquals': { 'route53:ChangeResourceRecordSetsRecordTypes': ['A', 'AAAA', 'CNAME'] },
      },
    },
    { Sid: 'ReadZone', Effect: 'Allow', Action: ['route53:GetHostedZone', 'route53:ListResourceRecordSets', 'route53:ListTagsForResource'], Resource: zone },
    { Sid: 'PollChanges', Effect: 'Allow', Action: 'route53:GetChange', Resource: `arn:${partition}:route53:::change/*` },
  ];
}
