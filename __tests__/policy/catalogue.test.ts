import * as fs from 'fs';
import * as path from 'path';
import { CONFLICTS, NOT_IMPLEMENTED, renderCatalogue } from '../../modules/policy/catalogue';
import { RULES } from '../../modules/policy/rules';

describe('docs/policy-rules.md', () => {
  const text = fs.readFileSync(path.join(__dirname, '../../docs/policy-rules.md'), 'utf8');

  it('is in sync with the rule pack (regenerate with node dist/scripts/audit.js --catalogue docs/policy-rules.md)', () => {
    expect(text).toBe(renderCatalogue());
  });

  it('lists every rule with its sources, and the controls left out and the conflicts', () => {
    for (const r of RULES) expect(text).toContain(`| ${r.id} |`);
    expect(NOT_IMPLEMENTED.length).toBeGreaterThan(15);
    expect(CONFLICTS.length).toBeGreaterThan(8);
    expect(text).toContain('CKV_AWS_145');
    expect(text).toContain('SecretsManager.1');
    expect(text).toContain('CKV_AWS_338');
  });
});

describe('README.md "Security policy and audit"', () => {
  const readme = fs.readFileSync(path.join(__dirname, '../../README.md'), 'utf8');

  it('states the number of rules in the pack', () => {
    expect(Number(/against (\d+)\s+rules, one per file/.exec(readme)?.[1])).toBe(RULES.length);
  });

  it('names the cross-account rules it describes', () => {
    for (const id of RULES.map((r) => r.id).filter((x) => x.startsWith('HAPI-XACC-'))) expect(readme).toContain(id);
  });
});
