/**
 * The emulator mechanism (modules/stacks/emulator.ts): one synth-time setting, HELLOAPI_AWS_ENDPOINT.
 * Unset, the synthesized output does not change; set, every provider and every S3 backend goes to the emulator,
 * and the only difference from the unset output is the emulator settings themselves.
 */
import * as fs from 'fs';
import * as path from 'path';
import { loadEnvironments } from '../../modules/config/load';
import { synthesizeAll } from '../../modules/stacks/app';
import {
  EMULATED_SERVICE_OF_RESOURCE,
  EMULATOR_ENDPOINT_ENV,
  EMULATOR_MAX_RETRIES,
  emulatedServiceOf,
  emulatedServices,
  emulatorEndpoint,
  emulatorProviderConfig,
} from '../../modules/stacks/emulator';
import { readTree, tmpOutdir } from '../support/synth';
import { deployEnv, terraformArgs } from './harness';

const URL = 'http://127.0.0.1:45999';
/** Keys the mechanism adds to a provider block and to an S3 backend block. */
const PROVIDER_KEYS = ['endpoints', 's3_use_path_style', 'max_retries', 'skip_metadata_api_check'];
const BACKEND_KEYS = ['endpoints', 'use_path_style', 'max_retries', 'skip_metadata_api_check'];

function synthWith(value: string | undefined): { dir: string; tree: Map<string, string> } {
  const saved = process.env[EMULATOR_ENDPOINT_ENV];
  if (value === undefined) delete process.env[EMULATOR_ENDPOINT_ENV];
  else process.env[EMULATOR_ENDPOINT_ENV] = value;
  try {
    const dir = tmpOutdir('helloapi-emulator-');
    synthesizeAll(loadEnvironments(), { outdir: dir, offline: false });
    return { dir, tree: readTree(dir) };
  } finally {
    if (saved === undefined) delete process.env[EMULATOR_ENDPOINT_ENV];
    else process.env[EMULATOR_ENDPOINT_ENV] = saved;
  }
}

type Json = Record<string, any>;
const stackFiles = (tree: Map<string, string>) => [...tree.keys()].filter((f) => f.endsWith('cdk.tf.json')).sort();

describe('HELLOAPI_AWS_ENDPOINT', () => {
  const unset = synthWith(undefined);
  const set = synthWith(URL);
  const offline = (() => {
    process.env[EMULATOR_ENDPOINT_ENV] = URL;
    try {
      const dir = tmpOutdir('helloapi-emulator-offline-');
      synthesizeAll(loadEnvironments(), { outdir: dir, offline: true });
      return readTree(dir);
    } finally {
      delete process.env[EMULATOR_ENDPOINT_ENV];
    }
  })();

  it('unset: no stack has any emulator setting (the committed output does not change)', () => {
    expect(stackFiles(unset.tree).length).toBeGreaterThanOrEqual(4);
    for (const f of stackFiles(unset.tree)) {
      const json = JSON.parse(unset.tree.get(f)!) as Json;
      for (const p of json.provider?.aws ?? []) for (const k of PROVIDER_KEYS) expect([f, k, p[k]]).toEqual([f, k, undefined]);
      const s3 = json.terraform?.backend?.s3;
      if (s3) for (const k of BACKEND_KEYS) expect([f, k, s3[k]]).toEqual([f, k, undefined]);
      expect(unset.tree.get(f)).not.toContain(URL);
    }
  });

  it('set: removing exactly the emulator settings gives the unset output back (same files; other files byte for byte)', () => {
    expect([...set.tree.keys()].sort()).toEqual([...unset.tree.keys()].sort());
    for (const [f, text] of set.tree) {
      if (!f.endsWith('cdk.tf.json')) {
        expect([f, text]).toEqual([f, unset.tree.get(f)]);
        continue;
      }
      const json = JSON.parse(text) as Json;
      for (const p of json.provider?.aws ?? []) for (const k of PROVIDER_KEYS) delete p[k];
      const s3 = json.terraform?.backend?.s3;
      if (s3) for (const k of BACKEND_KEYS) delete s3[k];
      expect([f, json]).toEqual([f, JSON.parse(unset.tree.get(f)!)]);
    }
  });

  it('set: every provider of every stack sends every service the stack uses to the emulator, path-style, with few retries', () => {
    for (const f of stackFiles(set.tree)) {
      const json = JSON.parse(set.tree.get(f)!) as Json;
      const used = new Set([...Object.keys(json.resource ?? {}), ...Object.keys(json.data ?? {})].map(emulatedServiceOf).filter((s): s is string => s !== undefined));
      const providers = json.provider?.aws ?? [];
      expect(providers.length).toBeGreaterThanOrEqual(1);
      for (const p of providers) {
        const endpoints = p.endpoints[0] as Record<string, string>;
        for (const s of [...used, 'sts']) expect([f, p.alias, s, endpoints[s]]).toEqual([f, p.alias, s, URL]);
        expect(p.s3_use_path_style).toBe(true);
        expect(p.max_retries).toBe(EMULATOR_MAX_RETRIES);
        expect(p.skip_metadata_api_check).toBe('true');
      }
    }
  });

  it('set: every S3 backend (state, lock file, assume_role) goes to the emulator', () => {
    let backends = 0;
    for (const f of stackFiles(set.tree)) {
      const s3 = (JSON.parse(set.tree.get(f)!) as Json).terraform?.backend?.s3;
      if (!s3) continue;
      backends++;
      expect([f, s3.endpoints]).toEqual([f, { s3: URL, sts: URL, iam: URL, dynamodb: URL }]);
      expect([f, s3.use_path_style, s3.max_retries]).toEqual([f, true, EMULATOR_MAX_RETRIES]);
    }
    expect(backends).toBeGreaterThanOrEqual(3);
  });

  it('offline plans ignore it (their provider never calls anything)', () => {
    for (const f of stackFiles(offline)) expect([f, offline.get(f)!.includes(URL)]).toEqual([f, false]);
  });

  it('every resource and data source type the committed stacks use maps to a service with an endpoint (a new service cannot be missed)', () => {
    const types = new Set(
      stackFiles(unset.tree).flatMap((f) => {
        const json = JSON.parse(unset.tree.get(f)!) as Json;
        return [...Object.keys(json.resource ?? {}), ...Object.keys(json.data ?? {})];
      }),
    );
    const unmapped = [...types].filter((t) => t.startsWith('aws_') && emulatedServiceOf(t) === undefined);
    expect(unmapped).toEqual([]);
    // Every pattern is used by some stack: no stale entries.
    const unusedPatterns = EMULATED_SERVICE_OF_RESOURCE.filter(([re]) => ![...types].some((t) => re.test(t))).map(([re]) => String(re));
    expect(unusedPatterns).toEqual([]);
  });

  it('every endpoint key is one the AWS provider (5.100.0) accepts', () => {
    const src = fs.readFileSync(path.join(require.resolve('@cdktf/provider-aws/lib/provider'), '..', 'index.js'), 'utf8');
    const keys = new Set([...src.matchAll(/^\s+(\w+): cdktf\.stringToTerraform\(struct\.(\w+)\)/gm)].map((m) => m[1]));
    expect(keys.size).toBeGreaterThan(200);
    expect(emulatedServices().filter((s) => !keys.has(s))).toEqual([]);
  });

  it('a bad value is refused naming the variable, the value and what is allowed', () => {
    for (const bad of ['127.0.0.1:5000', 'ftp://127.0.0.1:5000', 'http://127.0.0.1:5000/moto', 'http://u:p@127.0.0.1:5000', 'http://127.0.0.1:5000?x=1']) {
      expect(() => emulatorEndpoint({ [EMULATOR_ENDPOINT_ENV]: bad })).toThrow(
        `${EMULATOR_ENDPOINT_ENV}=${JSON.stringify(bad)} is not an emulator URL: expected http(s)://host:port with no path, query or credentials`,
      );
    }
    expect(emulatorEndpoint({ [EMULATOR_ENDPOINT_ENV]: 'http://127.0.0.1:5000/' })).toBe('http://127.0.0.1:5000');
    expect(emulatorEndpoint({ [EMULATOR_ENDPOINT_ENV]: '' })).toBeUndefined();
    expect(emulatorProviderConfig(false, {})).toEqual({});
    expect(emulatorProviderConfig(true, { [EMULATOR_ENDPOINT_ENV]: URL })).toEqual({});
  });
});

describe('deployEnv (the real CLIs against the emulator)', () => {
  it('runs the lanes without a shared Terraform plugin cache (not safe for concurrent inits)', () => {
    const env = deployEnv({
      emulator: { url: 'http://127.0.0.1:1' },
      proxyPort: 2,
      profiles: { credentialsFile: '/c', configFile: '/f' },
      cliConfigFile: '/tf.rc',
      base: { PATH: '/bin', TF_PLUGIN_CACHE_DIR: '/shared/cache' },
    });
    expect(env.CDKTF_DISABLE_PLUGIN_CACHE_ENV).toBe('true');
    expect(env.TF_PLUGIN_CACHE_DIR).toBeUndefined();
    expect(env.TF_CLI_CONFIG_FILE).toBe('/tf.rc');
    expect(env.PATH).toBe('/bin');
  });

  it("leaves Terraform's concurrency at its default (-parallelism=32 was tried in session 8: no measured gain, and the one emulator saw a CreateSubnet twice)", () => {
    const env = deployEnv({ emulator: { url: 'http://127.0.0.1:1' }, proxyPort: 2, profiles: { credentialsFile: '/c', configFile: '/f' }, cliConfigFile: '/tf.rc', base: {} });
    for (const command of ['apply', 'plan', 'destroy']) expect(env[`TF_CLI_ARGS_${command}`]).toBeUndefined();
  });
});

describe('terraformArgs', () => {
  it('adds arguments per Terraform command after those the environment passes already, and changes nothing else', () => {
    const base = { PATH: '/bin', TF_CLI_ARGS_apply: '-parallelism=32' };
    const out = terraformArgs(base, { apply: '-refresh=false', destroy: '-refresh=false' });
    expect(out).toEqual({ PATH: '/bin', TF_CLI_ARGS_apply: '-parallelism=32 -refresh=false', TF_CLI_ARGS_destroy: '-refresh=false' });
    expect(base.TF_CLI_ARGS_apply).toBe('-parallelism=32');
  });
});
