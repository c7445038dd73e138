/**
 * Test helpers that synthesize through the same path the product uses
 * (App.synth with stack preparation and validations), never Testing.synth.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdktf';
import { ReadableStack } from '../../modules/core/addressing';
import { loadEnvironments } from '../../modules/config/load';
import { EnvironmentConfig } from '../../modules/config/types';
import { buildApp } from '../../modules/stacks/app';
import { createAwsProvider } from '../../modules/stacks/providers';
import { sharedDir, sharedOnceSync } from './shared';

export type TfJson = {
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
  output?: Record<string, { value: unknown; description?: string; sensitive?: boolean }>;
  provider?: Record<string, Record<string, unknown>[]>;
  terraform?: Record<string, unknown>;
  moved?: unknown[];
  [key: string]: unknown;
};

/** A synthesized stack with convenience look-ups. */
export class SynthesizedStack {
  constructor(
    readonly name: string,
    readonly json: TfJson,
    readonly dir: string,
  ) {}

  /** All resources of a type, keyed by logical id. */
  resources<T = Record<string, unknown>>(type: string): Record<string, T> {
    return (this.json.resource?.[type] ?? {}) as Record<string, T>;
  }

  /** One resource; throws listing what exists when it is missing. */
  resource<T = Record<string, any>>(type: string, name: string): T {
    const all = this.resources<T>(type);
    const r = all[name];
    if (!r) throw new Error(`no ${type}.${name}; have: ${Object.keys(all).join(', ') || 'none'}`);
    return r;
  }

  /** Every resource address (`type.name`) in the stack. */
  addresses(): string[] {
    return Object.entries(this.json.resource ?? {}).flatMap(([type, byName]) => Object.keys(byName).map((n) => `${type}.${n}`));
  }

  /** Count of resources of a type. */
  count(type: string): number {
    return Object.keys(this.resources(type)).length;
  }

  /** The raw JSON text. */
  text(): string {
    return JSON.stringify(this.json);
  }
}

export function tmpOutdir(prefix = 'helloapi-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

function readStacks(outdir: string): Map<string, SynthesizedStack> {
  const stacksDir = path.join(outdir, 'stacks');
  const out = new Map<string, SynthesizedStack>();
  for (const name of fs.readdirSync(stacksDir)) {
    const dir = path.join(stacksDir, name);
    out.set(name, new SynthesizedStack(name, JSON.parse(fs.readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8')) as TfJson, dir));
  }
  return out;
}

/**
 * Synthesizes a single test stack: a ReadableStack with an (offline-capable)
 * AWS provider, populated by `build`.
 */
export function synthStack(build: (stack: ReadableStack) => void, options: { name?: string; offline?: boolean; region?: string } = {}): SynthesizedStack {
  const outdir = tmpOutdir();
  const app = new App({ outdir, stackTraces: false });
  const name = options.name ?? 'test';
  const stack = new ReadableStack(app, name);
  createAwsProvider(stack, 'aws', { region: options.region ?? 'us-east-1', accountId: '123456789012', defaultTags: { Project: 'test' }, offline: options.offline ?? true });
  build(stack);
  app.synth();
  return readStacks(outdir).get(name)!;
}

/** Synthesizes the product's app for the given (or the real) environments. */
export function synthEnvironments(configs?: EnvironmentConfig[], options: { offline?: boolean } = {}): Map<string, SynthesizedStack> {
  const outdir = tmpOutdir();
  const built = buildApp(configs ?? loadEnvironments(), { outdir, offline: options.offline ?? false });
  built.app.synth();
  return readStacks(outdir);
}

/**
 * The committed environments (`loadEnvironments()`; online providers unless `offline`) synthesized ONCE per jest
 * run (per mode), exactly as `synthEnvironments()` does (buildApp + App.synth), by whichever test file asks first; every other file and
 * worker reads the same output folder (bench/README.md, "session 7, unit suites"). Each call parses the files
 * again, so a caller gets its own objects and may change them. A test about synthesis itself (determinism) or a
 * variant config calls synthEnvironments() instead.
 */
export function committedStacks(options: { offline?: boolean } = {}): Map<string, SynthesizedStack> {
  const offline = options.offline ?? false;
  // The key names the work: the environments folder the app would load (HELLOAPI_ENVIRONMENTS_DIR or the default)
  // and the providers' mode.
  const envDir = process.env.HELLOAPI_ENVIRONMENTS_DIR ?? '';
  const key = `committed-synth-${offline ? 'offline' : 'online'}-${createHash('sha256').update(envDir).digest('hex').slice(0, 12)}`;
  const outdir = sharedOnceSync(key, () => {
    const shared = sharedDir();
    const dir = shared ? fs.mkdtempSync(path.join(shared, 'committed-synth-')) : tmpOutdir();
    buildApp(loadEnvironments(), { outdir: dir, offline }).app.synth();
    return dir;
  });
  return readStacks(outdir);
}

/** Every file under `dir` (relative path -> text): for comparing two synthesized output folders byte for byte. */
export function readTree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(path.relative(dir, p), fs.readFileSync(p, 'utf8'));
    }
  };
  walk(dir);
  return out;
}
