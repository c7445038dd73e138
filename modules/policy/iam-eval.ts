/**
 * A small, conservative evaluator of IAM policy documents, for the cross-account rules (HAPI-XACC-*): does a set
 * of statements allow one request, and is it denied? It follows the evaluation logic of
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html (an explicit deny
 * wins; otherwise an allow is needed) and the condition operators of
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 * (a missing key makes positive operators false and negated ones true; `...IfExists` is true when the key is
 * missing; `ForAllValues` is true for an empty set, `ForAnyValue` false).
 *
 * Conservative where it cannot know: a condition on a key the request context does not list, an operator it does
 * not implement, or a resource it cannot resolve makes an Allow count for nothing and a Deny count as applying, and
 * the decision says so. A rule built on it can fail where AWS would allow, never pass where AWS would refuse.
 */
import { isUnresolved, list, principals, Statement } from './tf-json';

/** Condition keys (any case) -> values; `null` marks a key known to be absent. A key not listed is unknown. */
export type RequestContext = Readonly<Record<string, readonly string[] | null>>;

/** One API request: an action on a resource, with its condition context. */
export interface AccessRequest {
  readonly action: string;
  readonly resource: string;
  /** @default {} (every condition key unknown) */
  readonly context?: RequestContext;
}

/**
 * Who makes a request, for resource policies (bucket, key, trust): a principal of `account`, `arn` when known; or an
 * AWS service acting for `account` (`service`, e.g. `events.amazonaws.com`), which only a `Service` principal or `*`
 * names.
 */
export interface Caller {
  readonly account: string;
  /** The principal's ARN (a role's ARN for its sessions); undefined: some principal of the account. */
  readonly arn?: string;
  /** A service principal making the request (then `arn` is unused: account principals never name a service). */
  readonly service?: string;
}

/** A labelled policy document: where it lives, and its statements (undefined when it is not literal JSON). */
export interface PolicySource {
  readonly label: string;
  readonly statements: readonly Statement[] | undefined;
}

type Tri = true | false | 'unknown';

const and = (...xs: Tri[]): Tri => (xs.includes(false) ? false : xs.includes('unknown') ? 'unknown' : true);

/** IAM wildcard match: `*` any run of characters, `?` one character. */
export function globMatch(pattern: string, value: string, caseInsensitive = false): boolean {
  const body = [...pattern].map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[.+^${}()|[\]\\/-]/g, '\\$&'))).join('');
  return new RegExp(`^${body}$`, caseInsensitive ? 'is' : 's').test(value);
}

/** Whether a statement's Action (or NotAction) covers an action (case-insensitive, wildcards). */
export function actionMatches(st: Statement, action: string): boolean {
  if (st.Action.length) return st.Action.some((a) => globMatch(a, action, true));
  if (st.NotAction.length) return !st.NotAction.some((a) => globMatch(a, action, true));
  return false;
}

function resourceMatches(st: Statement, resource: string): Tri {
  const test = (patterns: string[]): Tri => (patterns.some((p) => !isUnresolved(p) && globMatch(p, resource)) ? true : patterns.some(isUnresolved) ? 'unknown' : false);
  if (st.Resource.length) return test(st.Resource);
  if (st.NotResource.length) {
    const r = test(st.NotResource);
    return r === 'unknown' ? 'unknown' : !r;
  }
  return true; // trust policies have no Resource
}

interface Operator {
  readonly negated: boolean;
  readonly test: (value: string, policyValue: string) => boolean;
}

const OPERATORS: Record<string, Operator> = {
  StringEquals: { negated: false, test: (v, p) => v === p },
  StringNotEquals: { negated: true, test: (v, p) => v === p },
  StringEqualsIgnoreCase: { negated: false, test: (v, p) => v.toLowerCase() === p.toLowerCase() },
  StringNotEqualsIgnoreCase: { negated: true, test: (v, p) => v.toLowerCase() === p.toLowerCase() },
  StringLike: { negated: false, test: (v, p) => globMatch(p, v) },
  StringNotLike: { negated: true, test: (v, p) => globMatch(p, v) },
  ArnEquals: { negated: false, test: (v, p) => v === p },
  ArnNotEquals: { negated: true, test: (v, p) => v === p },
  ArnLike: { negated: false, test: (v, p) => globMatch(p, v) },
  ArnNotLike: { negated: true, test: (v, p) => globMatch(p, v) },
  Bool: { negated: false, test: (v, p) => v.toLowerCase() === p.toLowerCase() },
};

function lookup(context: RequestContext, key: string): readonly string[] | null | undefined {
  const k = Object.keys(context).find((x) => x.toLowerCase() === key.toLowerCase());
  return k === undefined ? undefined : context[k];
}

/** One operator on one key. */
function conditionHolds(rawOperator: string, key: string, policyValues: string[], context: RequestContext): Tri {
  const values = lookup(context, key);
  if (values === undefined || policyValues.some(isUnresolved)) return 'unknown';
  let op = rawOperator;
  let set: 'all' | 'any' | undefined;
  if (op.startsWith('ForAllValues:')) [set, op] = ['all', op.slice('ForAllValues:'.length)];
  else if (op.startsWith('ForAnyValue:')) [set, op] = ['any', op.slice('ForAnyValue:'.length)];
  const ifExists = op.endsWith('IfExists');
  if (ifExists) op = op.slice(0, -'IfExists'.length);
  const absent = values === null || values.length === 0;
  if (op === 'Null') return absent === (policyValues[0]?.toLowerCase() === 'true');
  const operator = OPERATORS[op];
  if (!operator) return 'unknown';
  if (absent) {
    if (set === 'all') return true;
    if (set === 'any') return false;
    return ifExists || operator.negated;
  }
  const holds = (v: string) => {
    const hit = policyValues.some((p) => operator.test(v, p));
    return operator.negated ? !hit : hit;
  };
  if (set === 'all') return values!.every(holds);
  if (set === 'any') return values!.some(holds);
  return holds(values![0]);
}

/** Every operator and key of a Condition block (AND), each key's values OR-ed. */
export function conditionsHold(condition: Statement['Condition'], context: RequestContext): Tri {
  if (!condition) return true;
  const results: Tri[] = [];
  for (const [op, keys] of Object.entries(condition)) {
    for (const [key, raw] of Object.entries(keys ?? {})) results.push(conditionHolds(op, key, list(raw).map(String), context));
  }
  return and(...results);
}

/** Whether a statement's Principal (or NotPrincipal) names the caller. */
export function principalMatches(st: Statement, caller: Caller): Tri {
  const matchOne = (p: string): Tri => {
    if (p === '*' || p === 'AWS:*') return true;
    if (caller.service !== undefined) {
      if (!p.startsWith('Service:')) return false; // an account or role principal never names a service
      const v = p.slice('Service:'.length);
      return isUnresolved(v) ? 'unknown' : v.toLowerCase() === caller.service.toLowerCase();
    }
    if (!p.startsWith('AWS:')) return false; // service and federated principals are never our callers
    const v = p.slice(4);
    if (isUnresolved(v)) return 'unknown';
    if (v === caller.account) return true;
    const m = /^arn:aws[a-z-]*:iam::(\d{12}):(.+)$/.exec(v);
    if (!m || m[1] !== caller.account) return false;
    if (m[2] === 'root') return true;
    if (caller.arn === undefined) return 'unknown';
    return v === caller.arn;
  };
  const any = (ps: string[]): Tri => {
    const rs = ps.map(matchOne);
    return rs.includes(true) ? true : rs.includes('unknown') ? 'unknown' : false;
  };
  if (st.Principal !== undefined) return any(principals(st.Principal));
  if (st.NotPrincipal !== undefined) {
    const r = any(principals(st.NotPrincipal));
    return r === 'unknown' ? 'unknown' : !r;
  }
  return true; // identity policies have no principal: they apply to their holder
}

function sid(st: Statement, i: number): string {
  return st.Sid ? `"${st.Sid}"` : `#${i + 1}`;
}

/** Whether one statement applies to a request (and, for resource policies, to the caller). */
export function statementApplies(st: Statement, req: AccessRequest, caller?: Caller): Tri {
  if (!actionMatches(st, req.action)) return false;
  return and(resourceMatches(st, req.resource), caller ? principalMatches(st, caller) : true, conditionsHold(st.Condition, req.context ?? {}));
}

/** The outcome of evaluating policies for one request. */
export interface Decision {
  readonly allowed: boolean;
  /** Set when a Deny applies (or may apply). */
  readonly denied?: string;
  /** The statements that allow it, or why nothing does. */
  readonly detail: string;
}

/** The first Deny that applies (or may apply) to the request, described. */
export function denial(sources: readonly PolicySource[], req: AccessRequest, caller?: Caller): string | undefined {
  for (const src of sources) {
    for (const [i, st] of (src.statements ?? []).entries()) {
      if (st.Effect !== 'Deny') continue;
      const r = statementApplies(st, req, caller);
      if (r === true) return `${req.action} on ${req.resource} is denied by ${src.label} ${sid(st, i)}`;
      if (r === 'unknown') return `${req.action} on ${req.resource} may be denied by ${src.label} ${sid(st, i)} (its resource, principal or condition cannot be evaluated)`;
    }
  }
  return undefined;
}

/** The Allow statements that certainly apply (and those whose conditions or resources cannot be evaluated). */
export function grants(sources: readonly PolicySource[], req: AccessRequest, caller?: Caller): { sure: string[]; unsure: string[] } {
  const sure: string[] = [];
  const unsure: string[] = [];
  for (const src of sources) {
    for (const [i, st] of (src.statements ?? []).entries()) {
      if (st.Effect !== 'Allow') continue;
      const r = statementApplies(st, req, caller);
      if (r === true) sure.push(`${src.label} ${sid(st, i)}`);
      else if (r === 'unknown') unsure.push(`${src.label} ${sid(st, i)}`);
    }
  }
  return { sure, unsure };
}

/** Identity-policy evaluation: allowed when some Allow applies and no Deny does. */
export function decide(sources: readonly PolicySource[], req: AccessRequest, caller?: Caller): Decision {
  const denied = denial(sources, req, caller);
  if (denied) return { allowed: false, denied, detail: denied };
  const { sure, unsure } = grants(sources, req, caller);
  if (sure.length) return { allowed: true, detail: `${req.action} on ${req.resource} allowed by ${sure.join(', ')}` };
  const unreadable = sources.filter((s) => s.statements === undefined).map((s) => s.label);
  const why = [
    unsure.length ? `only ${unsure.join(', ')}, whose resource or condition cannot be evaluated` : '',
    unreadable.length ? `${unreadable.join(', ')} not literal JSON` : '',
  ].filter(Boolean);
  return { allowed: false, detail: `no statement allows ${req.action} on ${req.resource}${why.length ? ` (${why.join('; ')})` : ''}` };
}
