import { fail, fsbp, pass, resourceRule, seed } from '../dsl';
import { block, blocks } from '../stack';

const REQUIRED = ['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesSQLiRuleSet', 'AWSManagedRulesAmazonIpReputationList'];

export const rule = resourceRule({
  id: 'HAPI-WAF-04',
  title: 'Web ACLs use the common, SQL-injection and IP-reputation managed rule groups, and are not count-only',
  severity: 'error',
  resourceTypes: ['aws_wafv2_web_acl'],
  sources: [seed('AWS WAF enabled'), seed('SQL injection protection'), fsbp('WAF.10')],
  fix: `Add managed rule groups ${REQUIRED.join(', ')} with override_action { none {} } (count only observes).`,
  check(acl) {
    const rules = blocks(acl.values.rule);
    const byName = new Map(rules.map((r) => [block(block(r.statement).managed_rule_group_statement).name, r]));
    const missing = REQUIRED.filter((n) => !byName.has(n));
    const counting = REQUIRED.filter((n) => byName.has(n) && block(byName.get(n)!.override_action).count !== undefined);
    const problems = [missing.length ? `missing ${missing.join(', ')}` : '', counting.length ? `count-only ${counting.join(', ')}` : ''].filter(Boolean);
    return problems.length ? fail(problems.join('; ')) : pass(`${rules.length} rules incl. ${REQUIRED.join(', ')}`);
  },
});
