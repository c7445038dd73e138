/**
 * The emulator mechanism (modules/stacks/emulator.ts): HELLOAPI_AWS_ENDPOINT at synth, with AWS_ENDPOINT_URL (the
 * same URL) for the provider at deploy. Unset, the synthesized output does not change; set, every S3 backend goes to
 * the emulator and every provider gets the emulator's settings (no `endpoints` block: AWS_ENDPOINT_URL), and the
 * only difference from the unset output is the emulator settings themselves.
 */
import { loadEnvironments } from '../../modules/config/load';
import { synthesizeAll } from '../../modules/stacks/app';
import { EMULATOR_ENDPOINT_ENV, EMULATOR_MAX_RETRIES, emulatorEndpoint, emulatorProviderConfig, SDK_ENDPOINT_ENV } from '../../modules/stacks/emulator';
import { readTree, tmpOutdir } from '../support/synth';
import { deployEnv, terraformArgs } from './harness';

const URL = 'http://127.0.0.1:45999';
/** Keys the mechanism adds to a provider block and to an S3 backend block. */
const PROVIDER_KEYS = ['endpoints', 's3_use_path_style', 'max_retries', 'skip_metadata_api_check'];
const BACKEND_KEYS = ['endpoints', 'use_path_style', 'max_retries', 'skip_metadata_api_check'];

/** Runs `f` with the two variables set as given (undefined: unset), then restores them. */
function withEnv<T>(values: { emulator?: string; sdk?: string }, f: () => T): T {
  const names = [EMULATOR_ENDPOINT_ENV, SDK_ENDPOINT_ENV];
  const saved = names.map((n) => process.env[n]);
  [values.emulator, values.sdk].forEach((v, i) => (v === undefined ? delete process.env[names[i]] : (process.env[names[i]] = v)));
  try {
    return f();
  } finally {
    saved.forEach((v, i) => (v === undefined ? delete process.env[names[i]] : (process.env[names[i]] = v)));
  }
}

function synthWith(value: string | undefined): { dir: string; tree: Map<string, string> } {
  return withEnv({ emulator: value, sdk: value }, () => {
    const dir = tmpOutdir('helloapi-emulator-');
    synthesizeAll(loadEnvironments(), { outdir: dir, offline: false });
    return { dir, tree: readTree(dir) };
  });
}

type Json = Record<string, any>;
const stackFiles = (tree: Map<string, string>) => [...tree.keys()].filter((f) => f.endsWith('cdk.tf.json')).sort();

describe('HELLOAPI_AWS_ENDPOINT', () => {
  const unset = synthWith(undefined);
  const set = synthWith(URL);
  const offline = withEnv({ emulator: URL }, () => {
    const dir = tmpOutdir('helloapi-emulator-offline-');
    synthesizeAll(loadEnvironments(), { outdir: dir, offline: true });
    return readTree(dir);
  });

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

  it('set: every provider of every stack gets path-style S3, few retries, no metadata service, and no endpoints block (AWS_ENDPOINT_URL)', () => {
    let providers = 0;
    for (const f of stackFiles(set.tree)) {
      const json = JSON.parse(set.tree.get(f)!) as Json;
      for (const p of json.provider?.aws ?? []) {
        providers++;
        expect([f, p.alias, p.s3_use_path_style, p.max_retries, p.skip_metadata_api_check]).toEqual([f, p.alias, true, EMULATOR_MAX_RETRIES, 'true']);
        // The provider's endpoint comes from AWS_ENDPOINT_URL: an endpoints block costs ~2 CPU-s per provider process.
        expect([f, p.alias, p.endpoints]).toEqual([f, p.alias, undefined]);
      }
    }
    expect(providers).toBeGreaterThanOrEqual(6);
  });

  it('set without AWS_ENDPOINT_URL naming the same URL: the synth is refused, naming both variables and their values', () => {
    for (const sdk of [undefined, '', 'http://127.0.0.1:1', 'https://127.0.0.1:45999']) {
      expect(() => emulatorProviderConfig(false, { [EMULATOR_ENDPOINT_ENV]: URL, ...(sdk === undefined ? {} : { [SDK_ENDPOINT_ENV]: sdk }) })).toThrow(
        `${EMULATOR_ENDPOINT_ENV}="${URL}": the AWS provider reads the emulator's URL from ${SDK_ENDPOINT_ENV} when it deploys, so it needs ${SDK_ENDPOINT_ENV}="${URL}" too (it is ${sdk === undefined ? 'unset' : JSON.stringify(sdk)})`,
      );
    }
    // Whatever would override it is refused too, all at once: a service-specific endpoint elsewhere, and the switch
    // that makes the SDKs ignore configured endpoints (https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html).
    const both = () =>
      emulatorProviderConfig(false, {
        [EMULATOR_ENDPOINT_ENV]: URL,
        [SDK_ENDPOINT_ENV]: URL,
        AWS_ENDPOINT_URL_STS: 'https://sts.amazonaws.com',
        AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true',
      });
    expect(both).toThrow(/AWS_ENDPOINT_URL_STS="https:\/\/sts\.amazonaws\.com" would send that service elsewhere .*; AWS_IGNORE_CONFIGURED_ENDPOINT_URLS="true" would make it ignore AWS_ENDPOINT_URL/);
    expect(emulatorProviderConfig(false, { [EMULATOR_ENDPOINT_ENV]: URL, [SDK_ENDPOINT_ENV]: URL, AWS_ENDPOINT_URL_S3: URL, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'false' })).toMatchObject({
      maxRetries: EMULATOR_MAX_RETRIES,
    });
    // The same URL with a trailing slash is the same URL.
    expect(emulatorProviderConfig(false, { [EMULATOR_ENDPOINT_ENV]: URL, [SDK_ENDPOINT_ENV]: `${URL}/` })).toMatchObject({ maxRetries: EMULATOR_MAX_RETRIES });
    // Through the app as the runbook's synth runs it: the error reaches the caller.
    expect(() => withEnv({ emulator: URL }, () => synthesizeAll(loadEnvironments(), { outdir: tmpOutdir('helloapi-emulator-refused-'), offline: false }))).toThrow(
      `it needs ${SDK_ENDPOINT_ENV}="${URL}" too (it is unset)`,
    );
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
    expect(emulatorProviderConfig(false, { [SDK_ENDPOINT_ENV]: URL })).toEqual({});
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
    // The synth-time setting and the provider's deploy-time one (modules/stacks/emulator.ts) name the same emulator.
    expect([env.HELLOAPI_AWS_ENDPOINT, env.AWS_ENDPOINT_URL]).toEqual(['http://127.0.0.1:1', 'http://127.0.0.1:1']);
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
