/**
 * Adding an environment file must not break the unit suites: a test that means "every committed environment"
 * iterates committedEnvironments() / environmentStackNames() (support/environments.ts) instead of listing
 * them. This guard finds the usual slip, an array literal naming exactly the committed environments (or their
 * stacks), in any test file. Tables of one environment's own settings (`['dev', 1, ...]`) are not lists of names.
 */
import * as fs from 'fs';
import * as path from 'path';
import { committedEnvironments } from '../support/environments';

const TESTS = path.resolve(__dirname, '..');

function testFiles(dir = TESTS): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? testFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

/** Array literals of string literals only, with their line. */
export function stringArrays(source: string): { line: number; items: string[] }[] {
  const out: { line: number; items: string[] }[] = [];
  for (const m of source.matchAll(/\[\s*((?:'[^'\n]*'\s*,\s*)+'[^'\n]*'\s*,?\s*)\]/g)) {
    out.push({ line: source.slice(0, m.index).split('\n').length, items: [...m[1].matchAll(/'([^']*)'/g)].map((x) => x[1]) });
  }
  return out;
}

describe('tests that mean every committed environment', () => {
  const envs = committedEnvironments();
  const names = new Set(envs.map((c) => c.name));
  const stacks = new Set(envs.map((c) => c.stackName));
  const same = (items: string[], set: Set<string>) => items.length === set.size && items.every((i) => set.has(i));

  it('derive the list instead of naming every environment', () => {
    const found = testFiles().flatMap((f) =>
      stringArrays(fs.readFileSync(f, 'utf8'))
        .filter((a) => same(a.items, names) || same(a.items, stacks))
        .map((a) => `${path.relative(TESTS, f)}:${a.line}: [${a.items.join(', ')}]`),
    );
    expect(found).toEqual([]);
  });

  it('the guard sees such a list, in any order, with or without the app prefix', () => {
    const list = [...names].reverse();
    const code = `it.each([${list.map((n) => `'${n}'`).join(', ')}])('%s', () => {});\nfor (const s of [\n  ${[...stacks].map((n) => `'${n}'`).join(',\n  ')},\n]) f(s);`;
    expect(stringArrays(code).filter((a) => same(a.items, names) || same(a.items, stacks)).map((a) => a.line)).toEqual([1, 2]);
  });
});
