/**
 * The function-length rule (issue 18): no function, method, constructor, accessor or arrow function in
 * modules/**\/*.ts has a body over MAX_BODY_LINES lines, unless it is listed in EXCEPTIONS with a reason.
 * A body's lines are those between its braces (comments and blank lines included); an arrow function
 * without braces counts the lines of its expression. A layer constructor should read as a table of
 * contents: split by concern into sub-constructs and helpers rather than growing an exception.
 *
 * The list cannot go stale: an exception for a function that is no longer over the limit (or no longer
 * exists) fails the test too. Functions are named `<file> <Class>.<method>`, `<file> <function>`,
 * `<file> <variable or property>` (arrows, function expressions) or `<file> <enclosing> <arrow>` for an
 * anonymous one (`<arrow>#2` for the second in the same place).
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

const MAX_BODY_LINES = 80;

/** `<file> <name>` -> why it may be longer than MAX_BODY_LINES. */
const EXCEPTIONS: Record<string, string> = {
};

const ROOT = path.resolve(__dirname, '..', '..');

function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return tsFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

type FunctionNode = ts.FunctionLikeDeclaration & { body: ts.ConciseBody };

function isFunction(node: ts.Node): node is FunctionNode {
  return (
    (ts.isFunctionDeclaration(node) ||
      ts.isMethodDeclaration(node) ||
      ts.isConstructorDeclaration(node) ||
      ts.isGetAccessorDeclaration(node) ||
      ts.isSetAccessorDeclaration(node) ||
      ts.isArrowFunction(node) ||
      ts.isFunctionExpression(node)) &&
    node.body !== undefined
  );
}

function propertyName(name: ts.PropertyName | ts.BindingName | undefined, file: ts.SourceFile): string | undefined {
  if (name === undefined) return undefined;
  if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name)) return name.text;
  return name.getText(file);
}

/** The function's own name, or the name it is assigned to; undefined for an anonymous one (a callback). */
function ownName(node: FunctionNode, file: ts.SourceFile): string | undefined {
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  if (!ts.isArrowFunction(node) && node.name !== undefined) return propertyName(node.name, file);
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) return propertyName(parent.name, file);
  return undefined;
}

/** `Class.method`, `function`, `outer inner` or `outer <arrow>`: the chain of named scopes around the function. */
function qualifiedName(node: FunctionNode, file: ts.SourceFile): string {
  const own = ownName(node, file) ?? '<arrow>';
  const owner = node.parent;
  const prefix = (ts.isClassLike(owner) ? `${owner.name?.text ?? '<class>'}.` : '') + own;
  for (let p: ts.Node | undefined = node.parent; p !== undefined; p = p.parent) {
    if (isFunction(p)) return `${qualifiedName(p, file)} ${prefix}`;
  }
  return prefix;
}

/** Lines between a block body's braces, or spanned by an expression body. */
function bodyLines(body: ts.ConciseBody, file: ts.SourceFile): number {
  const first = file.getLineAndCharacterOfPosition(body.getStart(file)).line;
  const last = file.getLineAndCharacterOfPosition(body.getEnd()).line;
  return ts.isBlock(body) ? Math.max(0, last - first - 1) : last - first + 1;
}

interface Measured {
  readonly key: string;
  readonly lines: number;
}

function measure(fileName: string): Measured[] {
  const rel = path.relative(ROOT, fileName).split(path.sep).join('/');
  // JSDoc is not parsed: it is not code, and skipping it saves time.
  const file = ts.createSourceFile(fileName, fs.readFileSync(fileName, 'utf8'), { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone }, true);
  const out: Measured[] = [];
  const seen = new Map<string, number>();
  const visit = (node: ts.Node): void => {
    if (isFunction(node)) {
      const name = `${rel} ${qualifiedName(node, file)}`;
      const n = (seen.get(name) ?? 0) + 1;
      seen.set(name, n);
      out.push({ key: n === 1 ? name : `${name}#${n}`, lines: bodyLines(node.body, file) });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return out;
}

const measured = tsFiles(path.join(ROOT, 'modules')).flatMap(measure);
const tooLong = new Map(measured.filter((m) => m.lines > MAX_BODY_LINES).map((m) => [m.key, m.lines]));

describe(`function length (at most ${MAX_BODY_LINES} body lines in modules/)`, () => {
  it('measures every function of modules/', () => {
    expect(measured.length).toBeGreaterThan(500);
    expect(measured.some((m) => m.key === 'modules/core/addressing.ts ReadableStack.allocateLogicalId')).toBe(true);
    expect(measured.some((m) => m.key === 'modules/stacks/parallel.ts synthesizeInParts <arrow>')).toBe(true);
  });

  it('has no function over the limit that is not an exception', () => {
    const unlisted = [...tooLong].filter(([key]) => !(key in EXCEPTIONS)).map(([key, lines]) => `${key} (${lines} lines)`);
    expect(unlisted).toEqual([]);
  });

  it('lists only exceptions that are still over the limit, each with a reason', () => {
    const stale = Object.keys(EXCEPTIONS).filter((key) => !tooLong.has(key));
    expect(stale).toEqual([]);
    expect(Object.entries(EXCEPTIONS).filter(([, reason]) => reason.trim().length < 10)).toEqual([]);
  });
});

describe('how a body is measured', () => {
  const sample = (source: string): Measured[] => {
    const file = path.join(ROOT, 'modules', '__sample__.ts');
    const read = jest.spyOn(fs, 'readFileSync').mockReturnValueOnce(source);
    const out = measure(file);
    read.mockRestore();
    return out;
  };

  it('counts the lines between the braces, names methods, constructors, assigned and anonymous arrows', () => {
    const source = [
      'export class A {',
      '  constructor() {',
      '    this.f([1].map((x) => {',
      '      return x;',
      '    }));',
      '  }',
      '  f(x: unknown) { return x; }',
      '}',
      'export const g = (a: number) =>',
      '  a + 1;',
      'function h() {}',
    ].join('\n');
    expect(sample(source)).toEqual([
      { key: 'modules/__sample__.ts A.constructor', lines: 3 },
      { key: 'modules/__sample__.ts A.constructor <arrow>', lines: 1 },
      { key: 'modules/__sample__.ts A.f', lines: 0 },
      { key: 'modules/__sample__.ts g', lines: 1 },
      { key: 'modules/__sample__.ts h', lines: 0 },
    ]);
  });

  it('numbers anonymous functions that share a name', () => {
    const keys = sample('function outer() {\n  [].map(() => 1);\n  [].map(() => 2);\n}').map((m) => m.key);
    expect(keys).toEqual(['modules/__sample__.ts outer', 'modules/__sample__.ts outer <arrow>', 'modules/__sample__.ts outer <arrow>#2']);
  });

  it(`flags a body of ${MAX_BODY_LINES + 1} lines and accepts ${MAX_BODY_LINES}`, () => {
    const fn = (name: string, lines: number) => `function ${name}() {\n${'  x();\n'.repeat(lines)}}\n`;
    expect(sample(fn('ok', MAX_BODY_LINES) + fn('long', MAX_BODY_LINES + 1)).filter((m) => m.lines > MAX_BODY_LINES).map((m) => m.key)).toEqual(['modules/__sample__.ts long']);
  });
});
