import { fail, pass, resourceRule, seed } from '../../dsl';
import type { ResourceView } from '../../tf-json';
import { block, blocks } from '../../tf-json';

/**
 * The rules of a web ACL that only count: managed groups with override_action count
 * (`<group> (whole group)`), rules with action count (rate limits, deny list, rules of your own),
 * and rules switched to count inside a managed group (`<group>/<rule>`, rule_action_override).
 */
export function countOnlyWafRules(acl: ResourceView): string[] {
  const out: string[] = [];
  for (const r of blocks(acl.values.rule)) {
    const group = block(block(r.statement).managed_rule_group_statement);
    if (block(r.override_action).count !== undefined) out.push(`${r.name} (whole group)`);
    else if (block(r.action).count !== undefined) out.push(String(r.name));
    for (const o of blocks(group.rule_action_override)) {
      if (block(o.action_to_use).count !== undefined) out.push(`${r.name}/${o.name}`);
    }
  }
  return out;
}

export const rule = resourceRule({
  id: 'HAPI-WAF-08',
  title: 'In production every WAF rule enforces (blocks); a count-only rule needs a reasoned suppression',
  severity: 'error',
  resourceTypes: ['aws_wafv2_web_acl'],
  sources: [seed('AWS WAF enabled'), seed('Priority 3: Add Rate Limiting (AWS WAF)')],
  fix: 'Remove the rule from edge.wafRuleModes (or set it to block) and from edge.wafCountRules once staging has shown it blocks no legitimate traffic; or suppress HAPI-WAF-08 on the web ACL with the reason it must keep counting.',
  notes: 'Staged rollout: a new rule runs in count mode in staging first (HAPI-WAF-09 lists it there), then blocks in production. Production only: elsewhere counting is the point of the stage.',
  check(acl, stack) {
    if (!stack.target.production) return undefined;
    const counting = countOnlyWafRules(acl);
    return counting.length ? fail(`count-only in production: ${counting.join(', ')}`) : pass(`no count-only rule (${blocks(acl.values.rule).length} rules)`);
  },
});
