/**
 * Documentation check of the public API: every property of every exported
 * interface in the package's source entry points has a JSDoc comment, and
 * every optional one states its `@default`.
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

export function checkApiDocs(): DocProblem[] {
  const files = Object.values(entryPoints()).map(sourceOf);
  const program = ts.createProgram(files, { skipLibCheck: true, noEmit: true, strict: true, esModuleInterop: true });
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
        if (!ts.isInterfaceDeclaration(decl) || seen.has(decl)) continue;
        seen.add(decl);
        const where = path.relative(root, decl.getSourceFile().fileName);
        if (where.startsWith('node_modules')) continue;
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
      }
    }
  }
  return problems;
}

if (require.main === module) {
  const problems = checkApiDocs();
  for (const p of problems) process.stdout.write(`${p.file}: ${p.symbol} ${p.message}\n`);
  process.stdout.write(`${problems.length} problems\n`);
  process.exit(problems.length > 0 ? 1 : 0);
}
