/** Route 53 alias records: the API names to CloudFront (or the ALB), and with CloudFront the origin name to the ALB. */
import { Construct } from 'constructs';
import { Lb } from '@cdktf/provider-aws/lib/lb';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { EdgeCdn } from './cloudfront';
import type { EdgeSettings } from './validation';

/** Where an alias record points. */
export interface AliasTarget {
  readonly name: string;
  readonly zoneId: string;
  readonly evaluateTargetHealth: boolean;
  /** Also an AAAA record. */
  readonly ipv6: boolean;
}

/**
 * `origin_a` (/`_aaaa`) to the ALB with CloudFront; `api_a`, `alt_<name>_a` (/`_aaaa`) to `cdn` when given, else to the ALB.
 * Returns the records by construct id.
 */
export function buildAliasRecords(scope: Construct, s: EdgeSettings, alb: Lb, cdn: EdgeCdn | undefined): Record<string, Route53Record> {
  const records: Record<string, Route53Record> = {};
  const aliases = (id: string, name: string, target: AliasTarget) => {
    for (const type of target.ipv6 ? ['A', 'AAAA'] : ['A']) {
      const recordId = `${id}_${type.toLowerCase()}`;
      records[recordId] = new Route53Record(scope, recordId, {
        provider: s.props.dnsProvider,
        zoneId: s.props.hostedZoneId,
        name,
        type,
        alias: { name: target.name, zoneId: target.zoneId, evaluateTargetHealth: target.evaluateTargetHealth },
      });
    }
  };
  const albTarget: AliasTarget = { name: alb.dnsName, zoneId: alb.zoneId, evaluateTargetHealth: true, ipv6: s.dualstack };
  const apiTarget: AliasTarget = cdn ? { name: cdn.distribution.domainName, zoneId: cdn.distribution.hostedZoneId, evaluateTargetHealth: false, ipv6: true } : albTarget;
  if (cdn) aliases('origin', s.originDomainName, albTarget);
  aliases('api', s.props.domainName, apiTarget);
  for (const alt of s.alternativeNames) aliases(`alt_${alt.replace(/[^a-z0-9]+/g, '_')}`, alt, apiTarget);
  return records;
}
