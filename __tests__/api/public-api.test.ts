/**
 * The public API: a committed report of every exported declaration (a change
 * to it is deliberate: `npm run api:update`), and documentation of every
 * exported property (JSDoc, plus `@default` when optional).
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { API_REPORT, renderApiReport } from '../../scripts/api-report';
import { tmpOutdir } from '../support/synth';
import { checkApiDocs } from '../../scripts/api-docs';

describe('public API', () => {
  it('matches the committed API report (run `npm run api:update` and review the diff when it changes)', () => {
    const committed = fs.readFileSync(API_REPORT, 'utf8');
    expect(renderApiReport()).toBe(committed);
  });

  it('documents every exported property, with @default on optional ones', () => {
    expect(checkApiDocs().map((p) => `${p.file}: ${p.symbol} ${p.message}`)).toEqual([]);
  });

  it('exposes every layer on its own subpath', () => {
    const pkg = JSON.parse(fs.readFileSync(require.resolve('../../package.json'), 'utf8'));
    for (const layer of ['network', 'database', 'compute', 'edge', 'monitoring', 'account-baseline', 'state']) {
      expect(pkg.exports[`./${layer}`]).toEqual({ types: `./dist/modules/${layer}/index.d.ts`, default: `./dist/modules/${layer}/index.js` });
    }
  });

  it('typesVersions maps every subpath export to its declarations (TypeScript before node16 resolution reads no "exports")', () => {
    const pkg = JSON.parse(fs.readFileSync(require.resolve('../../package.json'), 'utf8'));
    const subpaths = Object.entries(pkg.exports as Record<string, { types?: string }>).filter(([k]) => k !== '.' && k !== './package.json');
    expect(pkg.typesVersions).toEqual({ '*': Object.fromEntries(subpaths.map(([k, v]) => [k.slice(2), [v.types!.replace(/^\.\//, '')]])) });
  });

  it("compiles for a consumer with cdktf init's module settings (commonjs: node10 resolution) and no @types/node", () => {
    // The package as a dependency of a fresh project (a link to this checkout: its dist/ and its peers' node_modules).
    const dir = tmpOutdir('helloapi-node10-');
    fs.mkdirSync(path.join(dir, 'node_modules'));
    const root = path.resolve(__dirname, '..', '..');
    fs.symlinkSync(root, path.join(dir, 'node_modules', 'helloapi-infra'), 'dir');
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    const specifiers = Object.keys(pkg.exports as Record<string, unknown>).filter((k) => k !== './package.json').map((k) => (k === '.' ? 'helloapi-infra' : `helloapi-infra/${k.slice(2)}`));
    const file = path.join(dir, 'main.ts');
    fs.writeFileSync(file, specifiers.map((s, i) => `import * as m${i} from '${s}';`).join('\n') + `\nexport const all = [${specifiers.map((_, i) => `m${i}`).join(', ')}];\n`);
    // skipLibCheck: resolution errors are the consumer file's own; checking every library's declarations costs ~3.5 CPU-s.
    const program = ts.createProgram([file], { strict: true, module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, types: [], noEmit: true, skipLibCheck: true });
    const errors = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(errors).toEqual([]);
    expect(specifiers.length).toBeGreaterThanOrEqual(11);
    // Without @types/node the NodeJS namespace does not exist: none of the package's declarations a consumer loads
    // may name it (with skipLibCheck the compiler would not say so).
    const ours = program.getSourceFiles().filter((f) => fs.realpathSync(f.fileName).startsWith(path.join(root, 'dist') + path.sep));
    expect(ours.length).toBeGreaterThan(50);
    expect(ours.filter((f) => /\bNodeJS\./.test(f.text)).map((f) => path.relative(root, fs.realpathSync(f.fileName)))).toEqual([]);
  });
});
