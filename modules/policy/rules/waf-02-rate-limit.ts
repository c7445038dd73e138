import { fail, pass, resourceRule, seed } from '../dsl';
import { block, blocks } from '../stack';

export const rule = resourceRule({
  id: 'HAPI-WAF-02',
  title: 'Web ACLs block clients that exceed a per-IP rate limit',
  severity: 'error',
  resourceTypes: ['aws_wafv2_web_acl'],
  sources: [seed('Rate limiting configured'), seed('Priority 3: Add Rate Limiting (AWS WAF)')],
  fix: 'Add a rule with a rate_based_statement (aggregate_key_type IP, limit from edge.rateLimit) and action block.',
  check(acl) {
    const rate = blocks(acl.values.rule).filter((r) => block(r.statement).rate_based_statement !== undefined && block(r.action).block !== undefined);
    return rate.length
      ? pass(rate.map((r) => `${r.name}: ${block(block(r.statement).rate_based_statement).limit}/${block(block(r.statement).rate_based_statement).evaluation_window_sec ?? 300}s`).join(', '))
      : fail('no blocking rate-based rule');
  },
});
