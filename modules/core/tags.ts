/**
 * A layer's tags with its own on top (e.g. `Name`), for literal tags (the stacks) and for a Terraform
 * expression such as a published module's `var.tags` alike: layers call `withOwnTags` instead of spreading
 * `props.tags` (cdktf refuses to spread a map token).
 */
import { IResolvable, IResolveContext, Token } from 'cdktf';

/**
 * `tags` with `own` on top (own wins). Literal tags: the merged object, key order as `{ ...tags, ...own }`.
 * A token map (e.g. `Token.asStringMap(variable.value)`): a map token rendering `${merge(var.tags, { "Name" = "..." })}`,
 * merged by Terraform. No own tags: `tags` itself.
 */
export function withOwnTags(tags: Record<string, string> | undefined, own: Record<string, string>): Record<string, string> {
  if (tags === undefined || !Token.isUnresolved(tags)) return { ...(tags ?? {}), ...own };
  if (Object.keys(own).length === 0) return tags;
  return Token.asStringMap(new MergedTags(tags, own));
}

/** `${merge(<tags expression>, { "<key>" = "<value>", ... })}`; the values may hold `${...}` templates. */
class MergedTags implements IResolvable {
  readonly creationStack: string[] = [];

  constructor(
    private readonly tags: Record<string, string>,
    private readonly own: Record<string, string>,
  ) {}

  resolve(context: IResolveContext): string {
    const tags = context.resolve(this.tags);
    const expression = typeof tags === 'string' ? /^\$\{([\s\S]+)\}$/.exec(tags)?.[1] : undefined;
    if (expression === undefined) throw new Error(`withOwnTags: the tags token resolved to ${JSON.stringify(tags)}, not a "\${...}" expression`);
    const own = context.resolve(this.own) as Record<string, string>;
    // A JSON string literal is an HCL string literal; a `${...}` inside it stays a template, copied as is (its own
    // quotes, e.g. `split(".", ...)`, must not be escaped).
    const entries = Object.entries(own).map(([k, v]) => `${JSON.stringify(k)} = ${hclTemplate(v)}`);
    return `\${merge(${expression}, { ${entries.join(', ')} })}`;
  }

  toString(): string {
    return Token.asString(this);
  }
}

/** A string holding `${...}` templates as an HCL quoted template: literal parts escaped as JSON, interpolations verbatim. */
function hclTemplate(value: string): string {
  let out = '';
  let literal = '';
  let i = 0;
  while (i < value.length) {
    if (value.startsWith('${', i)) {
      const end = interpolationEnd(value, i + 2);
      out += JSON.stringify(literal).slice(1, -1) + value.slice(i, end + 1);
      literal = '';
      i = end + 1;
    } else {
      literal += value[i];
      i += 1;
    }
  }
  return `"${out}${JSON.stringify(literal).slice(1, -1)}"`;
}

/** Index of the `}` closing an interpolation whose body starts at `start` (nested braces and quoted strings skipped). */
function interpolationEnd(value: string, start: number): number {
  let depth = 0;
  let quoted = false;
  for (let i = start; i < value.length; i++) {
    const c = value[i];
    if (quoted) {
      if (c === '\\') i += 1;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === '{') depth += 1;
    else if (c === '}') {
      if (depth === 0) return i;
      depth -= 1;
    }
  }
  throw new Error(`withOwnTags: unterminated "\${" in ${JSON.stringify(value)}`);
}
