/**
 * Small helpers that keep each rule file short: source constructors,
 * verdict constructors and typed rule factories.
 */
import type { ResourceRule, RuleSource, StackRule, StackVerdict, Verdict } from './types';

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

/** A short JSON rendering of a value for messages. */
export function show(value: unknown): string {
  if (value === undefined) return 'unset';
  const s = JSON.stringify(value);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}
