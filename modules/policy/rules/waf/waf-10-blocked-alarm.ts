import { at, fail, pass, seed, stackRule } from '../../dsl';
import type { StackView } from '../../stack';
import { list, providerBlocks, ResourceView } from '../../tf-json';

/** The region a resource is created in: its provider's (`aws.<alias>`, else the default `aws` block). */
function regionOf(stack: StackView, r: ResourceView): string | undefined {
  const alias = typeof r.values.provider === 'string' ? r.values.provider.replace(/^aws\.?/, '') : '';
  const block = providerBlocks(stack.json, 'aws').find((p) => (p.alias ?? '') === alias);
  return typeof block?.region === 'string' ? block.region : undefined;
}

/** Whether an alarm watches BlockedRequests of this web ACL (dimension WebACL = its name, by reference or literal). */
function watches(stack: StackView, alarm: ResourceView, acl: ResourceView): boolean {
  const d = (alarm.values.dimensions ?? {}) as Record<string, unknown>;
  return alarm.values.namespace === 'AWS/WAFV2' && alarm.values.metric_name === 'BlockedRequests' && (stack.refersTo(d.WebACL, acl.address) || (d.WebACL !== undefined && d.WebACL === acl.values.name));
}

/**
 * Each web ACL's blocks reach someone: a BlockedRequests alarm in the region of the ACL's metrics (us-east-1 for a
 * CLOUDFRONT ACL, whose metrics have no Region dimension; the ACL's own region, named in the Region dimension, for a
 * REGIONAL one), notifying an SNS topic of that same region (an alarm's SNS actions are topics of its region).
 */
export const rule = stackRule({
  id: 'HAPI-WAF-10',
  title: 'Every web ACL has a blocked-requests alarm in its metrics region, notifying a topic there',
  severity: 'error',
  resourceTypes: ['aws_wafv2_web_acl', 'aws_cloudwatch_metric_alarm', 'aws_sns_topic'],
  stackKinds: ['environment'],
  sources: [seed('Monitoring and alerting setup')],
  fix: 'Pass the edge layer\'s outputs and its us-east-1 provider to the monitoring layer (edge, globalProvider): it alarms on each web ACL, the CloudFront one in us-east-1.',
  check(stack) {
    return stack.resources('aws_wafv2_web_acl').map((acl) => {
      const cloudFront = acl.values.scope === 'CLOUDFRONT';
      const region = cloudFront ? 'us-east-1' : regionOf(stack, acl);
      const alarms = stack.resources('aws_cloudwatch_metric_alarm').filter((a) => watches(stack, a, acl));
      if (alarms.length === 0) return at(acl.address, fail(`no BlockedRequests alarm on this ${cloudFront ? 'CLOUDFRONT' : 'REGIONAL'} web ACL`));
      const problems = alarms.flatMap((a) => {
        const d = (a.values.dimensions ?? {}) as Record<string, unknown>;
        const out: string[] = [];
        if (regionOf(stack, a) !== region) out.push(`${a.address} is in ${regionOf(stack, a) ?? 'an unknown region'}, the ACL's metrics in ${region}`);
        if (cloudFront && d.Region !== undefined) out.push(`${a.address} has a Region dimension: CloudFront web ACL metrics have none`);
        if (!cloudFront && d.Region !== region) out.push(`${a.address} has Region ${String(d.Region)}, the ACL is in ${region}`);
        const topics = list(a.values.alarm_actions).map((x) => stack.resolve(x)).filter((t): t is ResourceView => t?.type === 'aws_sns_topic');
        if (topics.length === 0) out.push(`${a.address} notifies no SNS topic of this stack`);
        for (const t of topics) if (regionOf(stack, t) !== regionOf(stack, a)) out.push(`${a.address} notifies ${t.address} in ${regionOf(stack, t)}, another region`);
        return out;
      });
      return at(acl.address, problems.length ? fail(problems.join('; ')) : pass(`${alarms.map((a) => a.address).join(', ')} in ${region}`));
    });
  },
});
