/**
 * References inside synthesized Terraform JSON that name a resource or data
 * source the same document does not declare. A self-contained stack (see
 * ReadableStackOptions.selfContained) checks its own output with this, so a
 * reference to another stack's resource fails the synth instead of reaching
 * `terraform validate`.
 */

/** Resource types checked: the AWS provider's and Terraform's built-in `terraform_data`. */
const ADDRESS = /(?<![\w.])(data\.)?(aws_[a-z0-9_]+|terraform_data)\.([A-Za-z_][\w-]*)/g;

/** The `${ ... }` interpolations of a string (outermost only, braces balanced, quoted strings skipped). */
export function interpolations(text: string): string[] {
  const out: string[] = [];
  let from = 0;
  for (let start = text.indexOf('${', from); start !== -1; start = text.indexOf('${', from)) {
    let depth = 0;
    let inString = false;
    let end = -1;
    for (let i = start + 1; i < text.length; i++) {
      const c = text[i];
      if (inString) {
        if (c === '\\') i++;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      else if (c === '{') depth++;
      else if (c === '}' && --depth === 0) {
        end = i;
        break;
      }
    }
    if (end === -1) break;
    out.push(text.slice(start + 2, end));
    from = end + 1;
  }
  return out;
}

/** Quoted strings inside an expression, blanked so that their text is not read as references. */
function withoutStringLiterals(expression: string): string {
  return expression.replace(/"(?:[^"\\]|\\.)*"/g, '""');
}

/**
 * Every `type.name` (or `data.type.name`) referenced from an interpolation in
 * `tf` that `tf` itself does not declare, sorted and without duplicates.
 * Metadata (`//` keys) is not read.
 */
export function undeclaredReferences(tf: Record<string, unknown>): string[] {
  const declared = new Set<string>();
  for (const [section, prefix] of [['resource', ''], ['data', 'data.']] as const) {
    const byType = (tf[section] ?? {}) as Record<string, Record<string, unknown>>;
    for (const [type, byName] of Object.entries(byType)) for (const name of Object.keys(byName)) declared.add(`${prefix}${type}.${name}`);
  }
  const missing = new Set<string>();
  const visit = (value: unknown): void => {
    if (typeof value === 'string') {
      if (!value.includes('${')) return;
      for (const expression of interpolations(value)) {
        for (const m of withoutStringLiterals(expression).matchAll(ADDRESS)) {
          const address = `${m[1] ?? ''}${m[2]}.${m[3]}`;
          if (!declared.has(address)) missing.add(address);
        }
      }
    } else if (Array.isArray(value)) {
      value.forEach(visit);
    } else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) if (k !== '//') visit(v);
    }
  };
  visit(tf);
  return [...missing].sort();
}
