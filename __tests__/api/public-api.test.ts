/**
 * The public API: a committed report of every exported declaration (a change
 * to it is deliberate: `npm run api:update`), and documentation of every
 * exported interface property (JSDoc, plus `@default` when optional) and of
 * every public property of an exported class (JSDoc).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import { API_REPORT, renderApiReport } from '../../scripts/api-report';
import { tmpOutdir } from '../support/synth';
import { checkApiDocs, docProblemsOf } from '../../scripts/api-docs';

describe('public API', () => {
  it('matches the committed API report (run `npm run api:update` and review the diff when it changes)', () => {
    const committed = fs.readFileSync(API_REPORT, 'utf8');
    expect(renderApiReport()).toBe(committed);
  });

  it('documents every exported property, with @default on optional ones', () => {
    expect(checkApiDocs().map((p) => `${p.file}: ${p.symbol} ${p.message}`)).toEqual([]);
  });

  it('reports every undocumented public property of an exported class, and nothing else', () => {
    // An entry point held in memory: the class rule sees fields, getters and parameter properties, public only.
    const file = path.join(os.tmpdir(), 'api-docs-fixture', 'index.ts');
    const source = [
      'export class Layer {',
      '  readonly undocumented: string = "";',
      '  /** Documented. */',
      '  readonly documented: string = "";',
      '  private readonly hidden: string = "";',
      '  protected readonly forSubclasses: string = "";',
      '  readonly #own: string = "";',
      '  get undocumentedGetter(): string { return this.hidden + this.#own; }',
      '  /** Documented. */',
      '  get documentedGetter(): string { return ""; }',
      '  constructor(readonly undocumentedParameter: string, /** Documented. */ readonly documentedParameter: string, private readonly secret: string) {}',
      '  undocumentedMethod(): string { return this.secret; }',
      '}',
      'class Internal { readonly undocumented = 1; }',
      'export const internal = new Internal();',
    ].join('\n');
    const host = ts.createCompilerHost({ noEmit: true, target: ts.ScriptTarget.ES2022 });
    const getSourceFile = host.getSourceFile;
    host.getSourceFile = (name, version, ...rest) => (name === file ? ts.createSourceFile(name, source, version) : getSourceFile.call(host, name, version, ...rest));
    host.fileExists = ((exists) => (name: string) => name === file || exists(name))(host.fileExists);
    const program = ts.createProgram([file], { noEmit: true, target: ts.ScriptTarget.ES2022, types: [] }, host);
    expect(docProblemsOf(program, [file], path.dirname(file)).map((p) => `${p.file}: ${p.symbol} ${p.message}`)).toEqual([
      'index.ts: Layer.undocumented has no JSDoc comment',
      'index.ts: Layer.undocumentedGetter has no JSDoc comment',
      'index.ts: Layer.undocumentedParameter has no JSDoc comment',
    ]);
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
