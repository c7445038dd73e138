/**
 * Documentation check of the public API: every property of every exported
 * interface in the package's source entry points has a JSDoc comment, and
 * every optional one states its `@default`; every public property (and
 * getter) of every exported class has a JSDoc comment.
 */
import * as path from 'path';
import * as ts from 'typescript';
import { entryPoints, repoRoot } from './api-report';

export interface DocProblem {
  readonly file: string;
  readonly symbol: string;
  readonly message: string;
}

const root = repoRoot();

/** Source (.ts) file for a declaration entry point (dist/...d.ts). */
function sourceOf(dts: string): string {
  return path.join(root, path.relative(path.join(root, 'dist'), dts).replace(/\.d\.ts$/, '.ts'));
}

/** Problems of one exported interface: a property without JSDoc, an optional one without `@default`. */
export function interfaceDocProblems(decl: ts.InterfaceDeclaration, where: string): DocProblem[] {
  const problems: DocProblem[] = [];
  for (const member of decl.members) {
    if (!ts.isPropertySignature(member)) continue;
    const name = `${decl.name.text}.${member.name.getText()}`;
    const docs = ts.getJSDocCommentsAndTags(member);
    if (docs.length === 0) {
      problems.push({ file: where, symbol: name, message: 'has no JSDoc comment' });
      continue;
    }
    const hasDefault = ts.getJSDocTags(member).some((t) => t.tagName.text === 'default');
    if (member.questionToken && !hasDefault) problems.push({ file: where, symbol: name, message: 'is optional but has no @default' });
  }
  return problems;
}

type ClassProperty = ts.PropertyDeclaration | ts.GetAccessorDeclaration | ts.ParameterDeclaration;

/** Whether a class property is public: no private/protected modifier and no #private name. */
function isPublic(member: ClassProperty): boolean {
  if (ts.isPrivateIdentifier(member.name)) return false;
  return (ts.getCombinedModifierFlags(member) & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) === 0;
}

/** The class's public properties: fields, getters and constructor parameter properties. */
function publicProperties(decl: ts.ClassDeclaration): ClassProperty[] {
  const members: ClassProperty[] = [];
  for (const member of decl.members) {
    if (ts.isPropertyDeclaration(member) || ts.isGetAccessorDeclaration(member)) members.push(member);
    else if (ts.isConstructorDeclaration(member)) members.push(...member.parameters.filter((p) => ts.isParameterPropertyDeclaration(p, member)));
  }
  return members.filter(isPublic);
}

/** Problems of one exported class: a public property (field, getter or constructor parameter property) without JSDoc. */
export function classDocProblems(decl: ts.ClassDeclaration, where: string): DocProblem[] {
  const className = decl.name?.text ?? 'default';
  return publicProperties(decl)
    .filter((member) => ts.getJSDocCommentsAndTags(member).length === 0)
    .map((member) => ({ file: where, symbol: `${className}.${member.name.getText()}`, message: 'has no JSDoc comment' }));
}

/**
 * Problems of the exported interfaces and classes of the given entry files in
 * a program (declarations under node_modules skipped).
 */
export function docProblemsOf(program: ts.Program, files: readonly string[], base: string = root): DocProblem[] {
  const checker = program.getTypeChecker();
  const problems: DocProblem[] = [];
  const seen = new Set<ts.Declaration>();
  for (const file of files) {
    const sf = program.getSourceFile(file);
    const mod = sf && checker.getSymbolAtLocation(sf);
    if (!mod) continue;
    for (const sym of checker.getExportsOfModule(mod)) {
      const target = sym.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(sym) : sym;
      for (const decl of target.declarations ?? []) {
        if (!(ts.isInterfaceDeclaration(decl) || ts.isClassDeclaration(decl)) || seen.has(decl)) continue;
        seen.add(decl);
        const where = path.relative(base, decl.getSourceFile().fileName);
        if (where.split(path.sep).includes('node_modules')) continue;
        problems.push(...(ts.isInterfaceDeclaration(decl) ? interfaceDocProblems(decl, where) : classDocProblems(decl, where)));
      }
    }
  }
  return problems;
}

export function checkApiDocs(): DocProblem[] {
  const files = Object.values(entryPoints()).map(sourceOf);
  const program = ts.createProgram(files, { skipLibCheck: true, noEmit: true, strict: true, esModuleInterop: true });
  return docProblemsOf(program, files);
}

if (require.main === module) {
  const problems = checkApiDocs();
  for (const p of problems) process.stdout.write(`${p.file}: ${p.symbol} ${p.message}\n`);
  process.stdout.write(`${problems.length} problems\n`);
  process.exit(problems.length > 0 ? 1 : 0);
}
