import { at, fail, pass, seed, stackRule } from '../../dsl';
import { applicationLoadBalancers, cloudFrontFront, isInternetFacing, listenersOf } from '../../helpers';
import { blocks } from '../../tf-json';

export const rule = stackRule({
  id: 'HAPI-CF-09',
  title: 'Behind CloudFront, the ALB refuses requests that did not come through CloudFront',
  severity: 'error',
  resourceTypes: ['aws_cloudfront_distribution', 'aws_lb_listener', 'aws_lb_listener_rule'],
  stackKinds: ['environment'],
  sources: [seed('CloudFront CDN in front of ALB'), seed('AWS WAF enabled')],
  fix: 'Make the HTTPS listener default to a fixed 403 and forward only in a listener rule that requires the origin-verify header CloudFront adds (custom_header on the origin).',
  notes: 'Otherwise clients can bypass CloudFront and its web ACL (rate limits, IP reputation) by calling the ALB directly.',
  check(stack) {
    if (cloudFrontFront(stack).length === 0) return [];
    const headers = new Set(
      stack
        .resources('aws_cloudfront_distribution')
        .flatMap((d) => blocks(d.values.origin).flatMap((o) => blocks(o.custom_header).map((h) => String(h.name).toLowerCase()))),
    );
    const out = [];
    for (const lb of applicationLoadBalancers(stack).filter(isInternetFacing)) {
      for (const l of listenersOf(stack, lb).filter((x) => x.values.protocol === 'HTTPS')) {
        const forwardsByDefault = blocks(l.values.default_action).some((a) => a.type === 'forward' || a.target_group_arn !== undefined);
        const rules = stack.referencing(l.address, ['aws_lb_listener_rule', 'aws_alb_listener_rule'], 'listener_arn');
        const forwarding = rules.filter((r) => blocks(r.values.action).some((a) => a.type === 'forward'));
        const unguarded = forwarding.filter((r) => !blocks(r.values.condition).some((c) => blocks(c.http_header).some((h) => headers.has(String(h.http_header_name).toLowerCase()))));
        if (forwardsByDefault) out.push(at(l.address, fail('the default action forwards: direct requests reach the service without CloudFront')));
        else if (unguarded.length) out.push(at(l.address, fail(`forwarding rules without the origin-verify header condition: ${unguarded.map((r) => r.address).join(', ')}`)));
        else out.push(at(l.address, pass(`default ${blocks(l.values.default_action)[0]?.type}; ${forwarding.length} forwarding rule(s) require ${[...headers].join(', ') || 'a CloudFront header'}`)));
      }
    }
    return out;
  },
});
