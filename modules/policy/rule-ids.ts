/**
 * The ids of the rule pack, without loading it: modules/config validates `policy.suppressions.N.rule`
 * before any stack is built, and must not import the rules (they depend on modules that depend on config).
 * Every rule lives in its own file `rules/<area>-<nn>-<slug>` and has the id `HAPI-<AREA>-<NN>`;
 * __tests__/config/suppressions.test.ts keeps this equal to RULES.
 */
import * as fs from 'fs';
import * as path from 'path';

/** `acct-01-guardduty.ts` / `.js` -> `HAPI-ACCT-01` (declaration and map files excluded). */
const RULE_FILE = /^([a-z][a-z0-9]*)-(\d{2})-[a-z0-9-]+\.(?:ts|js)$/;

/** What a rule id looks like. */
export const RULE_ID_PATTERN = /^HAPI-[A-Z][A-Z0-9]*-\d{2}$/;

let cached: readonly string[] | undefined;

/** Every rule id of the pack, sorted. */
export function knownRuleIds(dir: string = path.join(__dirname, 'rules')): readonly string[] {
  if (cached && dir === path.join(__dirname, 'rules')) return cached;
  const ids = new Set<string>();
  for (const file of fs.readdirSync(dir)) {
    const m = RULE_FILE.exec(file);
    if (m) ids.add(`HAPI-${m[1].toUpperCase()}-${m[2]}`);
  }
  const sorted = [...ids].sort();
  if (dir === path.join(__dirname, 'rules')) cached = sorted;
  return sorted;
}

/**
 * Why `rule` is not a rule of the pack (undefined when it is): the ids of its area when the area exists,
 * else the areas there are.
 */
export function unknownRuleMessage(rule: string, known: readonly string[] = knownRuleIds()): string | undefined {
  if (known.includes(rule)) return undefined;
  const area = /^HAPI-([A-Z0-9]+)-/.exec(rule)?.[1];
  const sameArea = area ? known.filter((id) => id.startsWith(`HAPI-${area}-`)) : [];
  const where = '(docs/policy-rules.md)';
  if (sameArea.length > 0) return `unknown rule; the HAPI-${area} rules are ${sameArea.join(', ')} ${where}`;
  const areas = [...new Set(known.map((id) => id.split('-')[1]))];
  return `unknown rule; rule ids look like HAPI-<AREA>-NN with AREA one of ${areas.join(', ')} ${where}`;
}
