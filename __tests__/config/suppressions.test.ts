import { knownRuleIds, RULE_ID_PATTERN, unknownRuleMessage } from '../../modules/policy/rule-ids';
import { RULES } from '../../modules/policy/rules';

describe('rule ids for suppression checks (modules/policy/rule-ids.ts)', () => {
  it('are exactly the ids of the rule registry, read without loading a rule', () => {
    expect(knownRuleIds()).toEqual(RULES.map((r) => r.id).sort());
    for (const id of knownRuleIds()) expect(id).toMatch(RULE_ID_PATTERN);
  });

  it('explain an unknown id: the ids of its area, or the areas', () => {
    const known = ['HAPI-S3-01', 'HAPI-S3-02', 'HAPI-WAF-01'];
    expect(unknownRuleMessage('HAPI-S3-01', known)).toBeUndefined();
    expect(unknownRuleMessage('HAPI-S3-09', known)).toBe('unknown rule; the HAPI-S3 rules are HAPI-S3-01, HAPI-S3-02 (docs/policy-rules.md)');
    expect(unknownRuleMessage('waf-01', known)).toBe('unknown rule; rule ids look like HAPI-<AREA>-NN with AREA one of S3, WAF (docs/policy-rules.md)');
  });
});
