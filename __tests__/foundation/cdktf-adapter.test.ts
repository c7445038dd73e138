/**
 * modules/core/cdktf-adapter.ts, the one home of cdktf internals. The first block fails, naming what
 * changed and the version verified, when an upgrade of cdktf changes an internal the adapter uses:
 * an upgrade cannot make the synth silently slower or wrong. The rest proves the fallback to the
 * public path (a failed check, HELLOAPI_CDKTF_INTERNALS=off|strict) in isolated module registries.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, TerraformStack } from 'cdktf';
import {
  CDKTF_INTERNAL_MODULES,
  CDKTF_VERIFIED_VERSION,
  cdktfInternalsProblems,
  cdktfManifestJson,
  CdktfSurface,
  checkManifestLayout,
  installedCdktf,
  ManifestLayoutError,
} from '../../modules/core/cdktf-adapter';
import { loadEnvironments } from '../../modules/config/load';
import { synthesizeAllParallel } from '../../modules/stacks/parallel';
import { tmpOutdir } from '../support/synth';

type Adapter = typeof import('../../modules/core/cdktf-adapter');
type Cdktf = typeof import('cdktf');

const CDKTF_LIB = path.join(path.dirname(require.resolve('cdktf/package.json')), 'lib');

function libFiles(dir = CDKTF_LIB): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return libFiles(p);
    return e.name.endsWith('.js') ? [p] : [];
  });
}

/** cdktf's lib sources without their inline source maps. */
const sources = new Map(libFiles().map((f) => [path.relative(CDKTF_LIB, f), fs.readFileSync(f, 'utf8').replace(/\/\/# sourceMappingURL=.*$/m, '')]));

describe('the installed cdktf is the one the adapter was verified against', () => {
  it(`has the version and every internal shape expected (cdktf ${CDKTF_VERIFIED_VERSION})`, () => {
    expect(cdktfInternalsProblems()).toEqual([]);
  });

  it('calls captureStackTrace through the module object everywhere, so replacing the export reaches every token', () => {
    const calls = [...sources].filter(([f]) => f !== 'tokens/private/stack-trace.js').flatMap(([f, text]) => [...text.matchAll(/(?:\(0, )?[\w.]*captureStackTrace\)?\(/g)].map((m) => `${f}: ${m[0]}`));
    expect(calls.length).toBeGreaterThanOrEqual(5);
    expect(calls.filter((c) => !/: \(0, stack_trace_1\.captureStackTrace\)\($/.test(c))).toEqual([]);
  });

  it('reads the prepare pass ("preparing") only to add cross-stack references, which self-contained stacks refuse', () => {
    const readers = [...sources].filter(([, text]) => /\.preparing\b/.test(text)).map(([f]) => f).sort();
    expect(readers).toEqual(['tfExpression.js', 'tokens/private/resolve.js', 'tokens/token.js']);
    // resolve.js and token.js only pass the flag on; tfExpression.js acts on it once, for a cross-stack reference.
    expect([...sources.get('tokens/private/resolve.js')!.matchAll(/if \([^)]*preparing/g)]).toHaveLength(0);
    expect([...sources.get('tokens/token.js')!.matchAll(/if \([^)]*preparing/g)]).toHaveLength(0);
    const branch = /if \(context\.preparing\) \{([\s\S]*?)\n {8}\}/.exec(sources.get('tfExpression.js')!);
    expect(branch?.[1]).toMatch(/crossStackReference\(this\.originStack, resolutionStack, this\.identifier\)/);
    expect([...sources.get('tfExpression.js')!.matchAll(/\.preparing\b/g)]).toHaveLength(1);
  });

  it('writes manifest.json as cdktfManifestJson does (json-stable-stringify, 2 spaces)', () => {
    const app = new App({ outdir: tmpOutdir(), stackTraces: false });
    new TerraformStack(app, 'b-stack');
    new TerraformStack(app, 'a-stack');
    app.synth();
    const file = path.join(app.outdir, 'manifest.json');
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toContain('[\n'); // empty arrays are laid out on two lines: the case JSON.stringify would differ on
    expect(() => checkManifestLayout(text, file)).not.toThrow();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const stableStringify = require(require.resolve('json-stable-stringify', { paths: [CDKTF_LIB] })) as (v: unknown, o: { space: number }) => string;
    const sample = { b: [], a: {}, c: [1, { z: 'x', y: [null, true, 1.5] }], d: '"\u2028' };
    expect(cdktfManifestJson(sample)).toBe(stableStringify(sample, { space: 2 }));
  });
});

describe('the adapter is the only home of cdktf internals', () => {
  const ROOT = path.resolve(__dirname, '..', '..');
  const files = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : /\.(ts|js)$/.test(e.name) ? [path.join(dir, e.name)] : []));
  const INTERNALS = [
    /['"`]cdktf\/(?!package\.json)/, // a deep import (cdktf/lib/...)
    /require\.resolve\(\s*['"`][^'"`]+['"`]\s*,\s*\{\s*paths:\s*\[[^\]]*require\.resolve\(['"`]cdktf/, // one of cdktf's own dependencies
    /captureStackTrace|ValidateBinaryVersion|ValidateTerraformVersion|json-stable-stringify/,
    /\b[A-Z]\w*\.prototype\.\w+\s*=[^=]/, // a prototype patch
  ];

  it('no other file of modules/, scripts/, main.ts or index.ts uses them', () => {
    const product = [...files(path.join(ROOT, 'modules')), ...files(path.join(ROOT, 'scripts')), path.join(ROOT, 'main.ts'), path.join(ROOT, 'index.ts')];
    const adapter = path.join(ROOT, 'modules', 'core', 'cdktf-adapter.ts');
    const uses = product
      .filter((f) => f !== adapter)
      .flatMap((f) => fs.readFileSync(f, 'utf8').split('\n').map((line, i) => ({ where: `${path.relative(ROOT, f)}:${i + 1}`, line })))
      .filter(({ line }) => INTERNALS.some((re) => re.test(line)))
      .map(({ where, line }) => `${where}: ${line.trim()}`);
    expect(product.length).toBeGreaterThan(100);
    expect(uses).toEqual([]);
  });

  it('would notice one', () => {
    const lines = [
      "const st = require('cdktf/lib/tokens/private/stack-trace');",
      "require(require.resolve('json-stable-stringify', { paths: [path.dirname(require.resolve('cdktf'))] }));",
      'TerraformStack.prototype.prepareStack = function () {};',
    ];
    expect(lines.filter((line) => INTERNALS.some((re) => re.test(line)))).toEqual(lines);
    expect(INTERNALS.some((re) => re.test("import { App } from 'cdktf';") || re.test("import { Vpc } from '@cdktf/provider-aws/lib/vpc';"))).toBe(false);
  });
});

describe('cdktfInternalsProblems names each changed internal', () => {
  const real = installedCdktf();
  /** The installed cdktf with some modules or prototypes replaced. */
  function changed(over: Partial<CdktfSurface> & { modules?: Record<string, unknown> }): CdktfSurface {
    return { ...real, ...over, load: (p) => (over.modules && p in over.modules ? over.modules[p] : real.load(p)) };
  }
  const binary = real.load(CDKTF_INTERNAL_MODULES.binaryVersion) as { ValidateBinaryVersion: new (...a: string[]) => object };

  it('a different version, naming the verified one', () => {
    expect(cdktfInternalsProblems(changed({ version: '0.22.0' }))).toEqual([`cdktf 0.22.0 is installed, the internals below were verified against ${CDKTF_VERIFIED_VERSION}`]);
  });

  it('a module that moved', () => {
    const surface = { ...real, load: (p: string) => (p === CDKTF_INTERNAL_MODULES.stackTrace ? require('cdktf/lib/tokens/private/no-such-file') : real.load(p)) };
    expect(cdktfInternalsProblems(surface)).toEqual([expect.stringMatching(/^lib\/tokens\/private\/stack-trace: cannot be loaded \(Cannot find module/)]);
  });

  it('the stack trace export: missing, another signature, or not replaceable', () => {
    const st = CDKTF_INTERNAL_MODULES.stackTrace;
    expect(cdktfInternalsProblems(changed({ modules: { [st]: {} } }))).toEqual([`${st}: captureStackTrace is not an exported function`]);
    expect(cdktfInternalsProblems(changed({ modules: { [st]: { captureStackTrace: (a: unknown, b: unknown) => [a, b] } } }))).toEqual([`${st}: captureStackTrace takes 2 parameters, expected 1 (below)`]);
    const frozen = Object.freeze({ captureStackTrace: (below?: unknown) => [below] });
    expect(cdktfInternalsProblems(changed({ modules: { [st]: frozen } }))).toEqual([`${st}: the captureStackTrace export cannot be replaced`]);
  });

  it('the binary version check: no validate(), fields renamed, or a subclass that no longer inherits validate()', () => {
    const bv = CDKTF_INTERNAL_MODULES.binaryVersion;
    const tv = CDKTF_INTERNAL_MODULES.terraformVersion;
    expect(cdktfInternalsProblems(changed({ modules: { [bv]: { ValidateBinaryVersion: class {} } } }))).toEqual([`${bv}: ValidateBinaryVersion is not a class with a validate() method`]);
    class Renamed {
      constructor(readonly binary: string, readonly constraint: string, readonly command: string, readonly hint?: string) {}
      validate(): string[] {
        return [];
      }
    }
    expect(cdktfInternalsProblems(changed({ modules: { [bv]: { ValidateBinaryVersion: Renamed }, [tv]: { ValidateTerraformVersion: class extends Renamed {} } } }))).toEqual([
      `${bv}: new ValidateBinaryVersion(binary, constraint, command, hint) does not keep versionConstraint, versionCommand`,
    ]);
    const Own = class extends binary.ValidateBinaryVersion {
      validate(): string[] {
        return [];
      }
    };
    expect(cdktfInternalsProblems(changed({ modules: { [tv]: { ValidateTerraformVersion: Own } } }))).toEqual([`${tv}: ValidateTerraformVersion overrides validate()`]);
    expect(cdktfInternalsProblems(changed({ modules: { [tv]: { ValidateTerraformVersion: class {} } } }))).toEqual([`${tv}: ValidateTerraformVersion does not extend ValidateBinaryVersion`]);
  });

  it('the prepare pass: prepareStack doing more, or App.synth no longer calling it', () => {
    const Stack = class extends TerraformStack {
      override prepareStack(): void {
        super.prepareStack();
      }
    };
    expect(cdktfInternalsProblems(changed({ TerraformStack: Stack }))).toEqual(['TerraformStack.prepareStack: no longer only ensureBackendExists() plus a preparing resolve of every element']);
    const NewApp = class extends App {
      override synth(): void {
        this.node.findAll();
      }
    };
    expect(cdktfInternalsProblems(changed({ App: NewApp }))).toEqual(['App.synth: no longer calls prepareStack() on every stack']);
  });
});

/** Loads the adapter (and cdktf, and optionally more) in a fresh module registry: patches and the decision never leak. */
function isolated<T>(load: () => T, mocks: Record<string, () => unknown> = {}): T {
  let out!: T;
  jest.isolateModules(() => {
    for (const [name, factory] of Object.entries(mocks)) jest.doMock(name, factory);
    try {
      out = load();
    } finally {
      for (const name of Object.keys(mocks)) jest.dontMock(name);
    }
  });
  return out;
}
/* eslint-disable @typescript-eslint/no-require-imports */
const adapterAndCdktf = () => ({ adapter: require('../../modules/core/cdktf-adapter') as Adapter, cdktf: require('cdktf') as Cdktf });
/* eslint-enable @typescript-eslint/no-require-imports */
/** cdktf reporting another version: every check but that one passes. */
const otherVersion = { 'cdktf/package.json': () => ({ version: '0.99.0' }) };

function creationStack(cdktf: Cdktf): string[] {
  return cdktf.Lazy.anyValue({ produce: () => 1 }).creationStack;
}

/** Synthesizes one self-contained ReadableStack; true when cdktf's prepare pass ran. */
function preparePassRan(cdktf: Cdktf): boolean {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { ReadableStack } = require('../../modules/core/addressing') as typeof import('../../modules/core/addressing');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require('../../modules/core/cdktf-adapter') as Adapter).cdktfInternals({}); // decided before the spy replaces prepareStack
  const app = new cdktf.App({ outdir: tmpOutdir(), stackTraces: false });
  new ReadableStack(app, 'x', { selfContained: true });
  const prepare = jest.spyOn(cdktf.TerraformStack.prototype, 'prepareStack');
  app.synth();
  const calls = prepare.mock.calls.length;
  prepare.mockRestore();
  return calls > 0;
}

describe('the decision, once per process', () => {
  let stderr: jest.SpyInstance;
  beforeEach(() => {
    stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(() => jest.restoreAllMocks());
  const warnings = () => stderr.mock.calls.map((c) => String(c[0])).filter((s) => s.includes("cdktf's internals are not as verified"));

  it('uses the internals when every check passes: no token traces, one version check, no prepare pass', () => {
    let ran = false;
    const { adapter, cdktf } = isolated(() => {
      const loaded = adapterAndCdktf();
      ran = preparePassRan(loaded.cdktf);
      return loaded;
    });
    expect(adapter.cdktfInternals({})).toEqual({ mode: 'auto', enabled: true, problems: [] });
    expect(adapter.disableTokenStackTraces({})).toBe(true);
    expect(creationStack(cdktf)).toEqual([]);
    expect(adapter.runBinaryVersionChecksOnce({})).toBe(true);
    expect(ran).toBe(false);
    expect(warnings()).toEqual([]);
  });

  it('falls back to the public path on a failed check, with one warning naming it and the verified version', () => {
    let ran = false;
    const { adapter, cdktf } = isolated(() => {
      const loaded = adapterAndCdktf();
      ran = preparePassRan(loaded.cdktf);
      return loaded;
    }, otherVersion);
    expect(ran).toBe(true);
    expect(adapter.disableTokenStackTraces({})).toBe(false);
    expect(adapter.runBinaryVersionChecksOnce({})).toBe(false);
    expect(creationStack(cdktf).length).toBeGreaterThan(0);
    expect(adapter.cdktfInternals()).toEqual({ mode: 'auto', enabled: false, problems: [`cdktf 0.99.0 is installed, the internals below were verified against ${CDKTF_VERIFIED_VERSION}`] });
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0]).toContain(`(cdktf ${CDKTF_VERIFIED_VERSION}, modules/core/cdktf-adapter.ts)`);
    expect(warnings()[0]).toContain('  - cdktf 0.99.0 is installed');
    expect(warnings()[0]).toContain('HELLOAPI_CDKTF_INTERNALS=off');
  });

  it('enableFastSynth reports the public path', () => {
    const state = isolated(() => (require('../../modules/core/synth-speed') as typeof import('../../modules/core/synth-speed')).enableFastSynth({}), otherVersion);
    expect(state).toEqual({ tokenStackTraces: true, versionChecksOnce: false });
  });

  it('HELLOAPI_CDKTF_INTERNALS=off: the public path without checks or warning', () => {
    let ran = false;
    const { adapter, cdktf } = isolated(() => {
      const loaded = adapterAndCdktf();
      expect(loaded.adapter.cdktfInternals({ HELLOAPI_CDKTF_INTERNALS: 'off' })).toEqual({ mode: 'off', enabled: false, problems: [] });
      ran = preparePassRan(loaded.cdktf);
      return loaded;
    });
    expect(ran).toBe(true);
    expect(adapter.disableTokenStackTraces({})).toBe(false);
    expect(creationStack(cdktf).length).toBeGreaterThan(0);
    expect(warnings()).toEqual([]);
  });

  it('HELLOAPI_CDKTF_INTERNALS=strict: a failed check throws; a passing one uses the internals', () => {
    const broken = isolated(adapterAndCdktf, otherVersion).adapter;
    expect(() => broken.cdktfInternals({ HELLOAPI_CDKTF_INTERNALS: 'strict' })).toThrow(/cdktf's internals are not as verified \(cdktf 0\.21\.0[^]*- cdktf 0\.99\.0 is installed/);
    expect(isolated(adapterAndCdktf).adapter.cdktfInternals({ HELLOAPI_CDKTF_INTERNALS: 'strict' }).enabled).toBe(true);
    expect(() => isolated(adapterAndCdktf).adapter.cdktfInternals({ HELLOAPI_CDKTF_INTERNALS: 'fast' })).toThrow('HELLOAPI_CDKTF_INTERNALS="fast": expected auto, off or strict');
  });

  it('gives up, restoring cdktf, when replacing captureStackTrace does not reach the tokens', () => {
    const modulePath = `cdktf/${CDKTF_INTERNAL_MODULES.stackTrace}`;
    // A module object that accepts assignments but keeps its export (as a bundled or ESM cdktf would).
    const ignoresWrites = () => new Proxy({ ...jest.requireActual<object>(modulePath) }, { set: () => true });
    const { adapter, cdktf } = isolated(adapterAndCdktf, { [modulePath]: ignoresWrites });
    expect(adapter.disableTokenStackTraces({})).toBe(false);
    expect(creationStack(cdktf).length).toBeGreaterThan(0);
    expect(adapter.cdktfInternals().enabled).toBe(false);
    expect(warnings()).toEqual([expect.stringContaining(`${CDKTF_INTERNAL_MODULES.stackTrace}: replacing captureStackTrace does not reach the tokens cdktf creates`)]);
    const strict = isolated(adapterAndCdktf, { [modulePath]: ignoresWrites }).adapter;
    strict.cdktfInternals({ HELLOAPI_CDKTF_INTERNALS: 'strict' });
    expect(() => strict.disableTokenStackTraces()).toThrow(/replacing captureStackTrace does not reach the tokens/);
  });
});

describe('manifest layout', () => {
  it('names the file when cdktf lays manifest.json out differently', () => {
    expect(() => checkManifestLayout('{"version": "0.21.0"}', '/out/manifest.json')).toThrow(ManifestLayoutError);
    expect(() => checkManifestLayout('{"version": "0.21.0"}', '/out/manifest.json')).toThrow(/\/out\/manifest\.json is not laid out as cdktf 0\.21\.0 writes it/);
    expect(() => checkManifestLayout('{\n  "version": "0.21.0"\n}', 'm')).not.toThrow();
  });

  it('parallel synthesis falls back to a serial synth, with a warning, when it does not match', async () => {
    // cdktf writing its manifest with 4 spaces: what the merge would write differs.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const realFs = require('fs') as typeof fs;
    const write = realFs.writeFileSync.bind(realFs);
    jest.spyOn(realFs, 'writeFileSync').mockImplementation((file, data, options) =>
      String(file).endsWith('manifest.json') ? write(file, JSON.stringify(JSON.parse(String(data)), null, 4), options) : write(file, data, options),
    );
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const configs = loadEnvironments().slice(0, 1);
    const outdir = tmpOutdir();
    const order = await synthesizeAllParallel(configs, { outdir, processes: 1 });
    const printed = stderr.mock.calls.map((c) => String(c[0]));
    jest.restoreAllMocks();
    expect(order).toContain(configs[0].stackName);
    expect(fs.existsSync(path.join(outdir, 'stacks', configs[0].stackName, 'cdk.tf.json'))).toBe(true);
    expect(printed).toContainEqual(expect.stringMatching(/manifest\.json is not laid out as cdktf 0\.21\.0 writes it .* Synthesizing serially instead\./));
  });
});
