/**
 * A small EventBridge event-pattern matcher for tests: the subset of the pattern syntax the stacks use
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html and
 * eb-create-pattern-operators.html): nested objects, arrays of literal values (a field matches when any of its
 * values, or the value itself, equals one of them), `prefix`, `exists` and `anything-but` (literals), and `$or`
 * (an array of sub-patterns, one of which must match besides the other fields of its level).
 * Anything else throws, so a pattern the matcher does not understand never silently passes.
 */
export type EventPattern = { readonly [field: string]: EventPattern | readonly unknown[] };

/** True when `event` matches `pattern`. */
export function matchesEventPattern(pattern: EventPattern, event: unknown): boolean {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) return false;
  const fields = event as Record<string, unknown>;
  return Object.entries(pattern).every(([field, expected]) => {
    if (field === '$or') {
      if (!Array.isArray(expected) || expected.length < 2) throw new Error(`matchesEventPattern: $or needs an array of at least two patterns, got ${JSON.stringify(expected)}`);
      return (expected as EventPattern[]).some((branch) => matchesEventPattern(branch, event));
    }
    return Array.isArray(expected) ? fieldMatches(expected, fields[field], field in fields) : matchesEventPattern(expected as EventPattern, fields[field]);
  });
}

/** A leaf: the event's value (or any element of it, for arrays) matches one of the pattern's values. */
function fieldMatches(expected: readonly unknown[], value: unknown, present: boolean): boolean {
  const values = Array.isArray(value) ? value : [value];
  return expected.some((e) => {
    if (e !== null && typeof e === 'object') return operatorMatches(e as Record<string, unknown>, values, present);
    return present && values.some((v) => v === e);
  });
}

function operatorMatches(op: Record<string, unknown>, values: unknown[], present: boolean): boolean {
  const [name, arg] = Object.entries(op)[0] ?? [];
  switch (name) {
    case 'prefix':
      return present && values.some((v) => typeof v === 'string' && v.startsWith(String(arg)));
    case 'exists':
      return arg === present;
    case 'anything-but': {
      const excluded = Array.isArray(arg) ? arg : [arg];
      return present && values.every((v) => !excluded.includes(v));
    }
    default:
      throw new Error(`matchesEventPattern: unsupported operator ${JSON.stringify(op)}`);
  }
}
