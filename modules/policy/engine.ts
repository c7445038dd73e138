import { StackView } from './stack';
import type { TerraformJson } from './tf-json';
import type { PolicyProblem, PolicyTarget, Rule, RuleResult, StackReport, StackVerdict, Suppression } from './types';

/** Stack-level results use the stack name as their subject. */
function subjectOf(stack: StackView, v: StackVerdict): string {
  return v.address ?? stack.name;
}

function verdicts(rule: Rule, stack: StackView): StackVerdict[] {
  if (rule.stackKinds && !rule.stackKinds.includes(stack.target.kind)) return [];
  if (rule.kind === 'stack') return rule.check(stack);
  const out: StackVerdict[] = [];
  for (const r of stack.resources(...rule.resourceTypes)) {
    const v = rule.check(r, stack);
    if (v) out.push({ ...v, address: r.address });
  }
  return out;
}

/** Whether a suppression covers a result. */
function matches(s: Suppression, rule: string, subject: string): boolean {
  return s.rule === rule && (s.resource === undefined || s.resource === subject);
}

/**
 * Runs `rules` over one stack's synthesized JSON. Failures become `relaxed`
 * when the rule names a relaxation the environment declares, else
 * `suppressed` when a suppression covers them, else stay `fail`. Suppressions
 * that cover nothing, or name an unknown rule, are problems (errors) themselves.
 */
export function evaluateStack(json: TerraformJson, target: PolicyTarget, rules: readonly Rule[]): StackReport {
  const stack = new StackView(json, target);
  const used = new Set<Suppression>();
  const results: RuleResult[] = [];
  for (const rule of rules) {
    const relaxation = (rule.relaxedBy ?? []).find((r) => target.relaxations[r] !== undefined);
    for (const v of verdicts(rule, stack)) {
      const subject = subjectOf(stack, v);
      const base = { rule: rule.id, title: rule.title, severity: rule.severity, subject, message: v.message };
      if (v.pass) {
        results.push({ ...base, status: 'pass' });
        continue;
      }
      if (relaxation) {
        results.push({ ...base, status: 'relaxed', relaxation, reason: target.relaxations[relaxation]!.reason });
        continue;
      }
      const s = target.suppressions.find((x) => matches(x, rule.id, subject));
      if (s) {
        used.add(s);
        results.push({ ...base, status: 'suppressed', reason: s.reason });
        continue;
      }
      results.push({ ...base, status: 'fail' });
    }
  }
  const known = new Set(rules.map((r) => r.id));
  const problems: PolicyProblem[] = [];
  for (const s of target.suppressions) {
    if (!known.has(s.rule)) {
      problems.push({ code: 'HAPI-POLICY-02', suppression: s, message: `suppression names unknown rule ${s.rule}` });
    } else if (!used.has(s)) {
      const where = s.resource ? `${s.resource}` : `stack ${target.stackName}`;
      const exists = s.resource === undefined || stack.get(s.resource) !== undefined || s.resource === target.stackName;
      problems.push({
        code: 'HAPI-POLICY-01',
        suppression: s,
        message: `unused suppression of ${s.rule} on ${where}: ${exists ? 'the rule does not fail there' : 'no such resource in the stack'}; remove it`,
      });
    }
  }
  const failing = results.filter((r) => r.status === 'fail');
  const errorCount = failing.filter((r) => r.severity === 'error').length + problems.length;
  const warningCount = failing.filter((r) => r.severity === 'warning').length;
  return {
    stackName: target.stackName,
    kind: target.kind,
    production: target.production,
    failOnError: target.failOnError,
    results,
    problems,
    suppressions: target.suppressions,
    relaxations: target.relaxations,
    errorCount,
    warningCount,
    blocking: target.failOnError && errorCount > 0,
  };
}
