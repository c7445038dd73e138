import { fail, pass, resourceRule, seed } from '../../dsl';
import { blocks } from '../../tf-json';
import { countOnlyWafRules } from './waf-08-enforce-in-production';

export const rule = resourceRule({
  id: 'HAPI-WAF-09',
  title: 'WAF rules in count mode are listed (they observe but do not block)',
  severity: 'warning',
  resourceTypes: ['aws_wafv2_web_acl'],
  sources: [seed('AWS WAF enabled')],
  fix: 'Once the rule\'s CloudWatch metrics and sampled requests show no legitimate traffic would be blocked, remove it from edge.wafRuleModes (or set block) and from edge.wafCountRules.',
  notes: 'The audit\'s inventory of count-only rules in every environment (a warning: counting is how a staged rollout starts). Production additionally fails HAPI-WAF-08 unless suppressed.',
  check(acl) {
    const counting = countOnlyWafRules(acl);
    return counting.length ? fail(`count mode (observing, not blocking): ${counting.join(', ')}`) : pass(`no count-only rule (${blocks(acl.values.rule).length} rules)`);
  },
});
