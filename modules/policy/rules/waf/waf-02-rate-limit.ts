import { fail, pass, resourceRule, seed } from '../../dsl';
import { cloudFrontFront, hasRateLimit } from '../../helpers';
import { block, blocks } from '../../tf-json';

export const rule = resourceRule({
  id: 'HAPI-WAF-02',
  title: 'Client-facing web ACLs block clients that exceed a per-IP rate limit',
  severity: 'error',
  resourceTypes: ['aws_wafv2_web_acl'],
  sources: [seed('Rate limiting configured'), seed('Priority 3: Add Rate Limiting (AWS WAF)')],
  fix: 'Add a rule with a rate_based_statement (aggregate_key_type IP, limit from edge.rateLimit) and action block.',
  notes: 'Behind CloudFront the regional ACL sees CloudFront\'s addresses, not clients\': a per-IP limit there would throttle whole edge locations. A REGIONAL ACL passes when every CloudFront distribution of the stack is guarded by a rate-limited ACL (and HAPI-CF-09 proves the ALB refuses direct requests).',
  check(acl, stack) {
    const rate = blocks(acl.values.rule).filter((r) => block(r.statement).rate_based_statement !== undefined && block(r.action).block !== undefined);
    if (rate.length) return pass(rate.map((r) => `${r.name}: ${block(block(r.statement).rate_based_statement).limit}/${block(block(r.statement).rate_based_statement).evaluation_window_sec ?? 300}s`).join(', '));
    const front = cloudFrontFront(stack);
    if (acl.values.scope === 'REGIONAL' && front.length > 0 && front.every((f) => f.acl && hasRateLimit(f.acl))) {
      return pass(`behind CloudFront: rate limited at the edge by ${front.map((f) => f.acl!.address).join(', ')}`);
    }
    return fail('no blocking rate-based rule');
  },
});
