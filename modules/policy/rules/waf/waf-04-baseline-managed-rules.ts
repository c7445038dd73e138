import { fail, fsbp, pass, resourceRule, seed } from '../../dsl';
import { cloudFrontFront } from '../../helpers';
import { block, blocks } from '../../tf-json';

const REQUIRED = ['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesSQLiRuleSet', 'AWSManagedRulesAmazonIpReputationList'];
const IP_REPUTATION = 'AWSManagedRulesAmazonIpReputationList';

export const rule = resourceRule({
  id: 'HAPI-WAF-04',
  title: 'Web ACLs use the common, SQL-injection and (where client IPs are visible) IP-reputation managed rule groups, not count-only',
  severity: 'error',
  resourceTypes: ['aws_wafv2_web_acl'],
  sources: [seed('AWS WAF enabled'), seed('SQL injection protection'), fsbp('WAF.10')],
  fix: `Add managed rule groups ${REQUIRED.join(', ')} with override_action { none {} } (count only observes).`,
  notes: 'A REGIONAL ACL behind CloudFront only sees CloudFront addresses, so the IP-reputation group belongs on the CLOUDFRONT ACL; the regional one still needs the common and SQLi groups.',
  check(acl, stack) {
    const rules = blocks(acl.values.rule);
    const byName = new Map(rules.map((r) => [block(block(r.statement).managed_rule_group_statement).name, r]));
    const front = cloudFrontFront(stack);
    const behindCloudFront = acl.values.scope === 'REGIONAL' && front.length > 0 && front.every((f) => f.acl && blocks(f.acl.values.rule).some((r) => block(block(r.statement).managed_rule_group_statement).name === IP_REPUTATION));
    const required = behindCloudFront ? REQUIRED.filter((n) => n !== IP_REPUTATION) : REQUIRED;
    const missing = required.filter((n) => !byName.has(n));
    const counting = required.filter((n) => byName.has(n) && block(byName.get(n)!.override_action).count !== undefined);
    const problems = [missing.length ? `missing ${missing.join(', ')}` : '', counting.length ? `count-only ${counting.join(', ')}` : ''].filter(Boolean);
    return problems.length ? fail(problems.join('; ')) : pass(`${rules.length} rules incl. ${required.join(', ')}${behindCloudFront ? ' (IP reputation at the CloudFront ACL)' : ''}`);
  },
});
