import { checkov, fail, pass, resourceRule } from '../../dsl';
import { block, blocks } from '../../tf-json';

export const rule = resourceRule({
  id: 'HAPI-WAF-03',
  title: 'Web ACLs use the Known Bad Inputs managed rule group (Log4j and similar exploits)',
  severity: 'error',
  resourceTypes: ['aws_wafv2_web_acl'],
  sources: [checkov('CKV_AWS_192'), checkov('CKV2_AWS_47')],
  fix: 'Add a managed_rule_group_statement for AWS / AWSManagedRulesKnownBadInputsRuleSet with override_action none.',
  check(acl) {
    const groups = blocks(acl.values.rule).map((r) => block(block(r.statement).managed_rule_group_statement).name).filter(Boolean);
    return groups.includes('AWSManagedRulesKnownBadInputsRuleSet') ? pass('AWSManagedRulesKnownBadInputsRuleSet') : fail(`managed groups: ${groups.join(', ') || 'none'}`);
  },
});
