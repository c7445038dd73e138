/**
 * The ids of the rule registry, without loading a rule: modules/config validates `policy.suppressions.N.rule`
 * before any stack is built, and must not import the rules (they depend on modules that depend on config).
 * The ids come from rules/ids.ts, generated with the registry from the rule files (modules/policy/registry.ts).
 */
import { RULE_IDS } from './rules/ids';

/** What a rule id looks like. */
export const RULE_ID_PATTERN = /^HAPI-[A-Z][A-Z0-9]*-\d{2}$/;

/** Every rule id of the registry, sorted. */
export function knownRuleIds(): readonly string[] {
  return RULE_IDS;
}

/**
 * Why `rule` is not a rule of the registry (undefined when it is): the ids of its area when the area exists,
 * else the areas there are.
 */
export function unknownRuleMessage(rule: string, known: readonly string[] = RULE_IDS): string | undefined {
  if (known.includes(rule)) return undefined;
  const area = /^HAPI-([A-Z0-9]+)-/.exec(rule)?.[1];
  const sameArea = area ? known.filter((id) => id.startsWith(`HAPI-${area}-`)) : [];
  const where = '(docs/policy-rules.md)';
  if (sameArea.length > 0) return `unknown rule; the HAPI-${area} rules are ${sameArea.join(', ')} ${where}`;
  const areas = [...new Set(known.map((id) => id.split('-')[1]))];
  return `unknown rule; rule ids look like HAPI-<AREA>-NN with AREA one of ${areas.join(', ')} ${where}`;
}
