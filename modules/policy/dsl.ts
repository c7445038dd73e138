/**
 * Small helpers that keep each rule file short: source constructors,
 * verdict constructors, typed rule factories and the pack factory.
 */
import type { ResourceRule, RulePack, RuleSource, StackRule, StackVerdict, Verdict } from './types';

export const seed = (id: string): RuleSource => ({ kind: 'seed-checklist', id });
export const fsbp = (id: string): RuleSource => ({ kind: 'fsbp', id });
export const cis = (id: string): RuleSource => ({ kind: 'cis', id });
export const checkov = (id: string): RuleSource => ({ kind: 'checkov', id });

export const pass = (message: string): Verdict => ({ pass: true, message });
export const fail = (message: string): Verdict => ({ pass: false, message });
export const verdict = (ok: boolean, passMessage: string, failMessage: string): Verdict => (ok ? pass(passMessage) : fail(failMessage));
export const at = (address: string | undefined, v: Verdict): StackVerdict => ({ ...v, address });

export function resourceRule(rule: Omit<ResourceRule, 'kind'>): ResourceRule {
  return { kind: 'resource', ...rule };
}

export function stackRule(rule: Omit<StackRule, 'kind'>): StackRule {
  return { kind: 'stack', ...rule };
}

/** Orders rules (or rule files) by id: `HAPI-ACCT-01` before `HAPI-ACM-01`, the order of the files. */
export function byId(a: { readonly id: string }, b: { readonly id: string }): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The ids that occur more than once. */
export function repeatedIds(items: readonly { readonly id: string }[]): string[] {
  const ids = items.map((x) => x.id);
  return [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];
}

/** A pack of `rules` (composed from the registry's services), in id order; throws when an id is there twice. */
export function rulePack(pack: RulePack): RulePack {
  const twice = repeatedIds(pack.rules);
  if (twice.length) throw new Error(`rule pack ${pack.name} lists ${twice.join(', ')} more than once`);
  return { ...pack, rules: [...pack.rules].sort(byId) };
}

/** A short JSON rendering of a value for messages. */
export function show(value: unknown): string {
  if (value === undefined) return 'unset';
  const s = JSON.stringify(value);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}
