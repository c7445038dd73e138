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
    // A JSON string literal is an HCL string literal; a `${...}` inside it stays a template.
    const entries = Object.entries(own).map(([k, v]) => `${JSON.stringify(k)} = ${JSON.stringify(v)}`);
    return `\${merge(${expression}, { ${entries.join(', ')} })}`;
  }

  toString(): string {
    return Token.asString(this);
  }
}
