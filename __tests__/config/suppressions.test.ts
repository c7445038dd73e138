import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { knownRuleIds, RULE_ID_PATTERN, unknownRuleMessage } from '../../modules/policy/rule-ids';
import { RULES } from '../../modules/policy/rules';

describe('rule ids for suppression checks (modules/policy/rule-ids.ts)', () => {
  it('are exactly the ids of the rule pack, read without loading it', () => {
    expect(knownRuleIds()).toEqual(RULES.map((r) => r.id).sort());
    for (const id of knownRuleIds()) expect(id).toMatch(RULE_ID_PATTERN);
  });

  it('come from rule files (.ts or compiled .js), not from declarations, maps or helpers', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rule-ids-'));
    for (const f of ['waf-01-a.js', 'waf-01-a.d.ts', 'waf-01-a.js.map', 's3-10-b.ts', 'index.ts', 'helpers.js']) fs.writeFileSync(path.join(dir, f), '');
    expect(knownRuleIds(dir)).toEqual(['HAPI-S3-10', 'HAPI-WAF-01']);
  });

  it('explain an unknown id: the ids of its area, or the areas', () => {
    const known = ['HAPI-S3-01', 'HAPI-S3-02', 'HAPI-WAF-01'];
    expect(unknownRuleMessage('HAPI-S3-01', known)).toBeUndefined();
    expect(unknownRuleMessage('HAPI-S3-09', known)).toBe('unknown rule; the HAPI-S3 rules are HAPI-S3-01, HAPI-S3-02 (docs/policy-rules.md)');
    expect(unknownRuleMessage('waf-01', known)).toBe('unknown rule; rule ids look like HAPI-<AREA>-NN with AREA one of S3, WAF (docs/policy-rules.md)');
  });
});
