/**
 * The one file that relies on cdktf's internals (DEVELOPERS.md: keep them behind
 * one thin adapter, so that a move to another cdktf distribution such as CDK
 * Terrain is a rename of CDKTF_PACKAGE and a re-verification of this file).
 * Everything else in the repository uses cdktf's public API only.
 *
 * What is used, and why (measured with `npm run bench`, bench/README.md):
 * 1. `lib/tokens/private/stack-trace`: cdktf captures a complete stack trace
 *    every time it creates a token; disableTokenStackTraces() replaces the
 *    export (cdktf calls it through the module object).
 * 2. `lib/validations/validate-binary-version`: every terraform_data resource,
 *    import block and stack with moved blocks runs `terraform version` in a
 *    child process during synth; runBinaryVersionChecksOnce() memoizes
 *    ValidateBinaryVersion.prototype.validate per (command, constraint, hint).
 * 3. TerraformStack.prepareStack's behaviour: in cdktf 0.21 it is
 *    ensureBackendExists() plus one "preparing" resolve of every element whose
 *    only effect is discovering cross-stack references; skipPreparePass() lets
 *    a self-contained stack (ReadableStack) do only the first half.
 * 4. The layout of manifest.json (json-stable-stringify, 2 spaces), which the
 *    parallel synthesis reproduces when it merges parts: cdktfManifestJson().
 * 5. constructs' `Node.prototype.addChild` (called once by every construct's
 *    constructor), hooked only while the audit builds the app, and V8's call
 *    sites: where each resource is created, for the audit's SARIF/JUnit
 *    locations (modules/policy/sources.ts): withConstructHook(), callSites().
 *
 * Before 1-3 are used, cdktfInternalsProblems() checks the installed cdktf's
 * version and the shape of everything above (cheap: no synth, no file reads).
 * When a check fails, the public path is used (correct output, slower synth)
 * and one warning naming the problems and the verified version is printed.
 * `HELLOAPI_CDKTF_INTERNALS`: `auto` (default), `off` (always the public path,
 * no warning) or `strict` (a failed check throws). __tests__/foundation/cdktf-adapter.test.ts
 * fails on any problem, so an upgrade of cdktf cannot make the synth silently
 * slower or wrong.
 */
import { App, Lazy, TerraformStack } from 'cdktf';
import { IConstruct, Node } from 'constructs';

/** The package whose internals are used. */
export const CDKTF_PACKAGE = 'cdktf';
/** The cdktf version whose internals this file was verified against. */
export const CDKTF_VERIFIED_VERSION = '0.21.0';
/** Environment variable choosing between cdktf's internals and its public path. */
export const CDKTF_INTERNALS_ENV = 'HELLOAPI_CDKTF_INTERNALS';

/** `auto`: internals when every check passes, else the public path with a warning; `off`: public path; `strict`: throw on a failed check. */
export type CdktfInternalsMode = 'auto' | 'off' | 'strict';

/** The internal modules used, relative to the package. */
export const CDKTF_INTERNAL_MODULES = {
  stackTrace: 'lib/tokens/private/stack-trace',
  binaryVersion: 'lib/validations/validate-binary-version',
  terraformVersion: 'lib/validations/validate-terraform-version',
} as const;

/** cdktf 0.21.0's TerraformStack.prepareStack, comments and whitespace removed (see normalizedSource). */
const PREPARE_STACK_SOURCE = 'prepareStack(){this.ensureBackendExists();terraformElements(this).forEach((e)=>(0,_tokens_1.resolve)(this,e.toTerraform(),true));}';

interface StackTraceModule {
  captureStackTrace(below?: unknown): string[];
}
interface BinaryVersionValidation {
  readonly versionCommand: string;
  readonly versionConstraint: string;
  readonly hint?: string;
  validate(): string[];
}
type BinaryVersionClass = (new (binary: string, constraint: string, command: string, hint?: string) => BinaryVersionValidation) & {
  prototype: BinaryVersionValidation;
};

const PATCHED = Symbol.for('helloapi.fastSynth');

/** What the checks read from cdktf; tests pass their own to simulate a changed cdktf. */
export interface CdktfSurface {
  /** The installed version (package.json). */
  readonly version: string;
  /** Loads `<package>/<path>` (throws when it does not exist). */
  readonly load: (modulePath: string) => unknown;
  readonly TerraformStack: { readonly prototype: object };
  readonly App: { readonly prototype: object };
}

/** A module, or why it could not be loaded. */
type Loaded = { readonly module: unknown } | { readonly error: string };

function loadFromPackage(modulePath: string): Loaded {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return { module: require(`${CDKTF_PACKAGE}/${modulePath}`) as unknown };
  } catch (e) {
    return { error: String((e as { message?: unknown }).message ?? e).split('\n')[0] };
  }
}

/** Loaded with this module (not at first use), so that a module registry (jest) sees one cdktf. */
const LOADED: Record<string, Loaded> = Object.fromEntries(['package.json', ...Object.values(CDKTF_INTERNAL_MODULES)].map((p) => [p, loadFromPackage(p)]));

/** The installed cdktf. */
export function installedCdktf(): CdktfSurface {
  const pkg = LOADED['package.json'];
  return {
    version: 'module' in pkg ? (pkg.module as { version: string }).version : 'unknown',
    load: (modulePath) => {
      const loaded = LOADED[modulePath] ?? loadFromPackage(modulePath);
      if ('error' in loaded) throw new Error(loaded.error);
      return loaded.module;
    },
    TerraformStack,
    App,
  };
}

/** A function's source without comments and whitespace, to compare implementations across builds. */
export function normalizedSource(fn: unknown): string {
  if (typeof fn !== 'function') return '';
  return Function.prototype.toString
    .call(fn)
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\/\/[^\n]*/g, '')
    .replace(/\s+/g, '');
}

/** `<module path>: <what is wrong>` for each internal used, or [] when all are as verified. */
export function cdktfInternalsProblems(cdktf: CdktfSurface = installedCdktf()): string[] {
  const problems: string[] = [];
  if (cdktf.version !== CDKTF_VERIFIED_VERSION) problems.push(`${CDKTF_PACKAGE} ${cdktf.version} is installed, the internals below were verified against ${CDKTF_VERIFIED_VERSION}`);
  const load = (key: keyof typeof CDKTF_INTERNAL_MODULES): Record<string, unknown> | undefined => {
    try {
      return cdktf.load(CDKTF_INTERNAL_MODULES[key]) as Record<string, unknown>;
    } catch (e) {
      problems.push(`${CDKTF_INTERNAL_MODULES[key]}: cannot be loaded (${String((e as { message?: unknown }).message ?? e).split('\n')[0]})`);
      return undefined;
    }
  };
  problems.push(...stackTraceProblems(load('stackTrace')));
  problems.push(...binaryVersionProblems(load('binaryVersion'), load('terraformVersion')));
  problems.push(...preparePassProblems(cdktf));
  return problems;
}

function stackTraceProblems(mod: Record<string, unknown> | undefined): string[] {
  if (mod === undefined) return [];
  const where = CDKTF_INTERNAL_MODULES.stackTrace;
  const fn = mod.captureStackTrace;
  if (typeof fn !== 'function') return [`${where}: captureStackTrace is not an exported function`];
  const problems: string[] = [];
  if (fn.length !== 1 && (fn as { [PATCHED]?: boolean })[PATCHED] !== true) problems.push(`${where}: captureStackTrace takes ${fn.length} parameters, expected 1 (below)`);
  const descriptor = Object.getOwnPropertyDescriptor(mod, 'captureStackTrace');
  if (!descriptor?.writable) problems.push(`${where}: the captureStackTrace export cannot be replaced`);
  return problems;
}

function binaryVersionProblems(binary: Record<string, unknown> | undefined, terraform: Record<string, unknown> | undefined): string[] {
  if (binary === undefined) return [];
  const where = CDKTF_INTERNAL_MODULES.binaryVersion;
  const cls = binary.ValidateBinaryVersion as BinaryVersionClass | undefined;
  if (typeof cls !== 'function' || typeof cls.prototype?.validate !== 'function') return [`${where}: ValidateBinaryVersion is not a class with a validate() method`];
  const problems: string[] = [];
  if (cls.prototype.validate.length !== 0) problems.push(`${where}: ValidateBinaryVersion.validate takes ${cls.prototype.validate.length} parameters, expected 0`);
  const sample = new cls('terraform', '>=1.0.0', 'terraform version', 'hint') as unknown as Record<string, unknown>;
  const kept = { versionConstraint: '>=1.0.0', versionCommand: 'terraform version', hint: 'hint' };
  const lost = Object.entries(kept).filter(([k, v]) => sample[k] !== v).map(([k]) => k);
  if (lost.length > 0) problems.push(`${where}: new ValidateBinaryVersion(binary, constraint, command, hint) does not keep ${lost.join(', ')}`);
  return [...problems, ...terraformVersionProblems(cls, terraform)];
}

/** cdktf's terraform version checks must inherit the memoized validate(). */
function terraformVersionProblems(base: BinaryVersionClass, terraform: Record<string, unknown> | undefined): string[] {
  if (terraform === undefined) return [];
  const where = CDKTF_INTERNAL_MODULES.terraformVersion;
  const sub = terraform.ValidateTerraformVersion;
  const proto = typeof sub === 'function' ? (sub.prototype as object | undefined) : undefined;
  if (proto === undefined || Object.getPrototypeOf(proto) !== base.prototype) return [`${where}: ValidateTerraformVersion does not extend ValidateBinaryVersion`];
  return Object.prototype.hasOwnProperty.call(proto, 'validate') ? [`${where}: ValidateTerraformVersion overrides validate()`] : [];
}

function preparePassProblems(cdktf: CdktfSurface): string[] {
  const stack = cdktf.TerraformStack.prototype as Record<string, unknown>;
  const problems: string[] = [];
  if (normalizedSource(stack.prepareStack) !== PREPARE_STACK_SOURCE) {
    problems.push('TerraformStack.prepareStack: no longer only ensureBackendExists() plus a preparing resolve of every element');
  }
  if (typeof stack.ensureBackendExists !== 'function') problems.push('TerraformStack.ensureBackendExists: not a method');
  if (!normalizedSource((cdktf.App.prototype as Record<string, unknown>).synth).includes('stacks.forEach((stack)=>stack.prepareStack());')) {
    problems.push('App.synth: no longer calls prepareStack() on every stack');
  }
  return problems;
}

/** Whether cdktf's internals are used in this process (decided once, at first use). */
export interface CdktfInternalsDecision {
  readonly mode: CdktfInternalsMode;
  /** The internals are used. */
  readonly enabled: boolean;
  /** What failed the checks (empty when enabled or when the mode is `off`). */
  readonly problems: readonly string[];
}

let decision: CdktfInternalsDecision | undefined;

function modeOf(env: Record<string, string | undefined>): CdktfInternalsMode {
  const value = (env[CDKTF_INTERNALS_ENV] ?? '').trim();
  if (value === '' || value === 'auto') return 'auto';
  if (value === 'off' || value === 'strict') return value;
  throw new Error(`${CDKTF_INTERNALS_ENV}=${JSON.stringify(value)}: expected auto, off or strict`);
}

/** The message of a failed check: the problems, the version verified, and what to do. */
export function cdktfInternalsMessage(problems: readonly string[]): string {
  return (
    `helloapi-infra: cdktf's internals are not as verified (${CDKTF_PACKAGE} ${CDKTF_VERIFIED_VERSION}, modules/core/cdktf-adapter.ts):\n` +
    problems.map((p) => `  - ${p}\n`).join('') +
    `Using cdktf's public path instead: the output is the same, synthesis is slower. Re-verify the adapter for this version, ` +
    `or set ${CDKTF_INTERNALS_ENV}=off to use the public path without this warning.`
  );
}

/**
 * Decides, once per process, whether cdktf's internals are used: `env` is read at the first call.
 * A failed check prints one warning (`auto`) or throws (`strict`).
 */
export function cdktfInternals(env: Record<string, string | undefined> = process.env): CdktfInternalsDecision {
  if (decision !== undefined) return decision;
  const mode = modeOf(env);
  const problems = mode === 'off' ? [] : cdktfInternalsProblems();
  if (problems.length > 0 && mode === 'strict') throw new Error(cdktfInternalsMessage(problems));
  if (problems.length > 0) process.stderr.write(`${cdktfInternalsMessage(problems)}\n`);
  decision = { mode, enabled: mode !== 'off' && problems.length === 0, problems };
  return decision;
}

/** Turns a check that failed after patching into the public path (warning or, in strict mode, an error). */
function giveUp(problem: string): false {
  const previous = cdktfInternals();
  decision = { mode: previous.mode, enabled: false, problems: [...previous.problems, problem] };
  if (previous.mode === 'strict') throw new Error(cdktfInternalsMessage([problem]));
  process.stderr.write(`${cdktfInternalsMessage([problem])}\n`);
  return false;
}

function stackTraceModule(): StackTraceModule & { [PATCHED]?: boolean } {
  return installedCdktf().load(CDKTF_INTERNAL_MODULES.stackTrace) as StackTraceModule & { [PATCHED]?: boolean };
}

/** Token creation stack traces are off in this process (disableTokenStackTraces() took effect). */
export function tokenStackTracesDisabled(): boolean {
  return cdktfInternals().enabled && stackTraceModule()[PATCHED] === true;
}

/**
 * Stops cdktf from capturing a stack trace for every token it creates (read only to decorate the
 * error of a token that fails to resolve). Returns whether traces are off; false on the public path.
 */
export function disableTokenStackTraces(env: Record<string, string | undefined> = process.env): boolean {
  if (!cdktfInternals(env).enabled) return false;
  const mod = stackTraceModule();
  if (mod[PATCHED]) return true;
  const original = mod.captureStackTrace;
  const off = (): string[] => [];
  Object.assign(off, { [PATCHED]: true });
  mod.captureStackTrace = off;
  mod[PATCHED] = true;
  // cdktf must call the export through the module object for the replacement to take effect.
  if ((Lazy.anyValue({ produce: () => 0 }).creationStack ?? []).length === 0) return true;
  mod.captureStackTrace = original;
  delete mod[PATCHED];
  return giveUp(`${CDKTF_INTERNAL_MODULES.stackTrace}: replacing captureStackTrace does not reach the tokens cdktf creates`);
}

/**
 * Runs each distinct binary version check (`terraform version` against a constraint) once per
 * process and reuses its result, a failure included. Returns false on the public path.
 */
export function runBinaryVersionChecksOnce(env: Record<string, string | undefined> = process.env): boolean {
  if (!cdktfInternals(env).enabled) return false;
  const mod = installedCdktf().load(CDKTF_INTERNAL_MODULES.binaryVersion) as { ValidateBinaryVersion: BinaryVersionClass };
  const proto = mod.ValidateBinaryVersion.prototype as BinaryVersionValidation & { [PATCHED]?: boolean };
  if (proto[PATCHED]) return true;
  const original = proto.validate;
  const results = new Map<string, string[]>();
  proto.validate = function validate(this: BinaryVersionValidation): string[] {
    const key = [this.versionCommand, this.versionConstraint, this.hint ?? ''].join('\u0000');
    let result = results.get(key);
    if (result === undefined) {
      result = original.call(this);
      results.set(key, result);
    }
    return [...result];
  };
  proto[PATCHED] = true;
  return true;
}

/**
 * For a stack that never references another stack: does what cdktf's prepare pass does for it
 * (ensures a backend) and returns true, so the caller skips the pass (about 30% of synth time).
 * Returns false on the public path: the caller then runs cdktf's prepareStack().
 */
export function skipPreparePass(stack: TerraformStack): boolean {
  if (!cdktfInternals().enabled) return false;
  stack.ensureBackendExists();
  return true;
}

/**
 * JSON exactly as cdktf 0.21 writes manifest.json (json-stable-stringify with `space: 2`: sorted
 * keys, empty arrays and objects opened and closed on two lines). For JSON-parsed values.
 */
export function cdktfManifestJson(value: unknown, level = 0): string {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  const indent = `\n${'  '.repeat(level)}`;
  const items = Array.isArray(value)
    ? value.map((v) => `${indent}  ${cdktfManifestJson(v, level + 1)}`)
    : Object.keys(value)
        .sort()
        .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
        .map((k) => `${indent}  ${JSON.stringify(k)}: ${cdktfManifestJson((value as Record<string, unknown>)[k], level + 1)}`);
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  return `${open}${items.join(',')}${indent}${close}`;
}

/** cdktf's manifest.json is not laid out as verified (parallel synthesis falls back to serial). */
export class ManifestLayoutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ManifestLayoutError';
  }
}

/** Throws, naming the file, unless `text` (a manifest.json cdktf wrote) is laid out as cdktfManifestJson writes it. */
export function checkManifestLayout(text: string, file: string): void {
  if (cdktfManifestJson(JSON.parse(text)) !== text) {
    throw new ManifestLayoutError(
      `${file} is not laid out as ${CDKTF_PACKAGE} ${CDKTF_VERIFIED_VERSION} writes it (modules/core/cdktf-adapter.ts cdktfManifestJson): ` +
        'merged parallel output would differ from a serial synth.',
    );
  }
}

/**
 * The current call stack as V8's structured call sites (at most `limit` frames, this function's own excluded): no
 * formatting and no source-map lookups, cheap enough to run for every construct (item 5 above).
 */
export function callSites(limit = 50): NodeJS.CallSite[] {
  const savedLimit = Error.stackTraceLimit;
  const savedPrepare = Error.prepareStackTrace;
  Error.stackTraceLimit = limit;
  Error.prepareStackTrace = (_e, sites) => sites;
  const holder: { stack?: NodeJS.CallSite[] } = {};
  try {
    Error.captureStackTrace(holder, callSites);
    // V8 formats the stack when it is first read: read it while our prepareStackTrace is installed.
    return Array.isArray(holder.stack) ? holder.stack : [];
  } finally {
    Error.stackTraceLimit = savedLimit;
    Error.prepareStackTrace = savedPrepare;
  }
}

type AddChild = (this: Node, child: IConstruct, childName: string) => void;

/**
 * Runs `build` with `onChild(child)` called for every construct added to a construct tree (constructs'
 * `Node.prototype.addChild`, which every construct's constructor calls once, before the child is attached), and
 * removes the hook when `build` returns or throws (item 5 above).
 */
export function withConstructHook<T>(onChild: (child: IConstruct) => void, build: () => T): T {
  const proto = Node.prototype as unknown as { addChild: AddChild };
  const original = proto.addChild;
  if (typeof original !== 'function') throw new Error('constructs Node.addChild is not a method any more: update modules/core/cdktf-adapter.ts (withConstructHook)');
  proto.addChild = function (this: Node, child: IConstruct, childName: string) {
    onChild(child);
    return original.call(this, child, childName);
  };
  try {
    return build();
  } finally {
    proto.addChild = original;
  }
}
