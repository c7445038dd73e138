import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { rulePack } from '../../modules/policy/dsl';
import { DEFAULT_PACK, HELLOAPI_PACK, PACKS } from '../../modules/policy/packs';
import { discoverRuleFiles, renderRegistry, renderRuleIds, writeRegistry } from '../../modules/policy/registry';
import { RULES, RULES_BY_SERVICE } from '../../modules/policy/rules';
import { RULE_IDS, RULE_SERVICES } from '../../modules/policy/rules/ids';
import type { Rule } from '../../modules/policy/types';

const RULES_DIR = path.join(__dirname, '../../modules/policy/rules');
const REGENERATE = 'regenerate with `npm run build && node dist/scripts/audit.js --registry`';

/** A scratch rules/ folder with these files (path -> content). */
function scratch(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-rules-'));
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

describe('the rule registry (modules/policy/rules/index.ts, ids.ts)', () => {
  const files = discoverRuleFiles(RULES_DIR);

  it(`is what the rule files say (${REGENERATE})`, () => {
    expect([fs.readFileSync(path.join(RULES_DIR, 'index.ts'), 'utf8'), fs.readFileSync(path.join(RULES_DIR, 'ids.ts'), 'utf8')]).toEqual([renderRegistry(files), renderRuleIds(files)]);
  });

  it('holds every rule file once, each exporting the rule with the id of its file name and folder', () => {
    expect(RULES.map((r) => r.id)).toEqual(files.map((f) => f.id));
    expect(RULE_IDS).toEqual(files.map((f) => f.id));
    for (const f of files) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { rule } = require(path.join(RULES_DIR, f.module)) as { rule?: Rule };
      expect([f.module, rule?.id]).toEqual([f.module, f.id]);
      expect(RULES_BY_SERVICE[f.service as keyof typeof RULES_BY_SERVICE]).toContain(rule);
    }
    expect(Object.keys(RULES_BY_SERVICE)).toEqual([...RULE_SERVICES]);
  });

  it('is generated from the folder: files sorted by id, one import and one service entry each', () => {
    const dir = scratch({ 's3/s3-02-b.ts': '', 's3/s3-01-a.ts': '', 'acm/acm-01-c.ts': '', 'index.ts': '', 'ids.ts': '' });
    const found = discoverRuleFiles(dir);
    expect(found).toEqual([
      { service: 'acm', id: 'HAPI-ACM-01', module: './acm/acm-01-c', binding: 'acm_01' },
      { service: 's3', id: 'HAPI-S3-01', module: './s3/s3-01-a', binding: 's3_01' },
      { service: 's3', id: 'HAPI-S3-02', module: './s3/s3-02-b', binding: 's3_02' },
    ]);
    const registry = renderRegistry(found);
    expect(registry).toContain("import { rule as s3_01 } from './s3/s3-01-a';");
    expect(registry).toContain('  acm: [acm_01],\n  s3: [s3_01, s3_02],\n');
    expect(renderRuleIds(found)).toContain("  'HAPI-ACM-01',\n  'HAPI-S3-01',\n  'HAPI-S3-02',\n");
    expect(writeRegistry(dir)).toEqual([path.join(dir, 'index.ts'), path.join(dir, 'ids.ts')]);
    expect(fs.readFileSync(path.join(dir, 'index.ts'), 'utf8')).toBe(registry);
  });

  it('refuses files it could not register, naming every one', () => {
    const dir = scratch({ 's3/s3-01-a.ts': '', 's3/s3-01-copy.ts': '', 's3/helpers.ts': '', 'waf/s3-02-b.ts': '', 'stray.ts': '', 'index.ts': '' });
    expect(() => discoverRuleFiles(dir)).toThrow(
      [
        'the rule files are not laid out as the registry expects:',
        '- modules/policy/rules/s3/helpers.ts is not named <service>-<nn>-<slug>.ts: every file of a service folder is one rule',
        '- modules/policy/rules/stray.ts is not in a service folder (rules/<service>/)',
        '- modules/policy/rules/waf/s3-02-b.ts names service s3 but lives in rules/waf/',
        '- HAPI-S3-01 is the id of several files: ./s3/s3-01-a, ./s3/s3-01-copy',
      ].join('\n'),
    );
  });
});

describe('rule packs (modules/policy/packs)', () => {
  it('together run every rule of the registry, and only those', () => {
    const packed = new Set(PACKS.flatMap((p) => p.rules));
    expect(RULES.filter((r) => !packed.has(r)).map((r) => r.id)).toEqual([]);
    expect([...packed].filter((r) => !RULES.includes(r)).map((r) => r.id)).toEqual([]);
  });

  it('have distinct names and a description each', () => {
    expect(new Set(PACKS.map((p) => p.name)).size).toBe(PACKS.length);
    for (const p of PACKS) expect(p.description.length).toBeGreaterThan(20);
  });

  it('default to the HelloAPI pack: every rule, in id order', () => {
    expect(DEFAULT_PACK).toBe(HELLOAPI_PACK);
    expect(HELLOAPI_PACK.rules).toEqual(RULES);
  });

  it('are built in id order, each rule once', () => {
    const [a, b, c] = RULES;
    expect(rulePack({ name: 'x', description: 'y', rules: [c, a, b] }).rules).toEqual([a, b, c]);
    expect(() => rulePack({ name: 'twice', description: 'y', rules: [a, b, a] })).toThrow(`rule pack twice lists ${a.id} more than once`);
  });
});
