import { ConfigError } from '../../modules/config/validate';
import { buildApp } from '../../modules/stacks/app';
import { loadEnvironments } from '../../modules/config/load';
import { devInput, prodInput, resolveInputs, sharedState } from '../support/fixtures';
import { committedEnvironments, environmentStackNames } from '../support/environments';
import { synthEnvironments, tmpOutdir, committedStacks } from '../support/synth';

const ACCOUNT_WIDE = [
  'aws_cloudtrail',
  'aws_guardduty_detector',
  'aws_securityhub_account',
  'aws_config_configuration_recorder',
  'aws_s3_account_public_access_block',
  'aws_accessanalyzer_analyzer',
];

describe('account baselines of the committed environments', () => {
  const stacks = committedStacks();
  const baselines = [...stacks.keys()].filter((n) => n.includes('-account-')).sort();

  it('synthesize ONE baseline per account label: dev and staging share helloapi-account-nonprod', () => {
    const byLabel = new Map<string, string[]>();
    for (const c of committedEnvironments()) byLabel.set(`${c.app}-account-${c.account.baseline}`, [...(byLabel.get(`${c.app}-account-${c.account.baseline}`) ?? []), c.name]);
    expect(baselines).toEqual([...byLabel.keys()].sort());
    const built = buildApp(loadEnvironments(), { outdir: tmpOutdir() });
    const covered = built.accountBaselines.map((s) => [s.node.id, [...s.coveredEnvironments].sort()]);
    expect(covered).toEqual([...byLabel].map(([id, envs]) => [id, envs.sort()]));
    expect(covered).toEqual(expect.arrayContaining([['helloapi-account-nonprod', expect.arrayContaining(['dev', 'staging'])], ['helloapi-account-prod', expect.arrayContaining(['prod'])]]));
  });

  it.each([
    ['helloapi-account-nonprod', '111111111111', 'nonprod'],
    ['helloapi-account-prod', '222222222222', 'prod'],
  ])('%s is pinned to account %s and keeps state next to the environments', (name, account, label) => {
    const s = stacks.get(name)!;
    const [provider] = s.json.provider!.aws;
    expect(provider).toMatchObject({ region: 'us-east-1', allowed_account_ids: [account] });
    expect((provider.default_tags as { tags: Record<string, string> }[])[0].tags).toMatchObject({ Project: 'helloapi', Environment: `account-${label}` });
    const backend = (s.json.terraform as { backend: Record<string, Record<string, unknown>> }).backend;
    expect(backend.s3).toMatchObject({
      bucket: 'helloapi-tfstate-333333333333',
      key: `helloapi/account-${label}/terraform.tfstate`,
      region: 'us-east-1',
      encrypt: true,
      use_lockfile: true,
    });
    expect(s.resource('aws_cloudtrail', 'baseline_trail').name).toBe(`${name}-trail`);
    expect(s.resource('aws_s3_bucket', 'baseline_trail_bucket_bucket').bucket).toBe(`${name}-trail-${account}`);
    expect(s.resource('aws_s3_account_public_access_block', 'baseline_s3_public_access_block').account_id).toBe(account);
  });

  it('creates every account-wide resource exactly once per account, never in an environment stack', () => {
    for (const type of ACCOUNT_WIDE) {
      for (const b of baselines) expect({ b, type, n: stacks.get(b)!.count(type) }).toEqual({ b, type, n: 1 });
      for (const env of environmentStackNames()) expect({ env, type, n: stacks.get(env)!.count(type) }).toEqual({ env, type, n: 0 });
    }
  });

  it('keeps the non-production baseline protected because staging is', () => {
    // dev relaxes deletion protection, staging does not: the shared baseline keeps prevent_destroy.
    expect(stacks.get('helloapi-account-nonprod')!.resource('aws_kms_key', 'baseline_kms_key').lifecycle.prevent_destroy).toBe(true);
  });
});

describe('account baseline composition rules', () => {
  // Its own API host name: two environments never serve one (cross-environment check).
  const stagingDns = () => ({ ...devInput().dns!, domain: 'api.staging.example.com' });
  const stagingInput = () => devInput({ name: 'staging', network: { cidr: '10.20.0.0/16', azCount: 2 }, dns: stagingDns() });

  it('refuses one label on two accounts', () => {
    const other = devInput({ name: 'staging', account: { id: '444444444444', region: 'us-east-1', baseline: 'nonprod' }, state: sharedState('staging'), dns: stagingDns() });
    let error: unknown;
    try {
      resolveInputs(devInput(), other);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      expect.objectContaining({ source: 'environments/staging.ts', path: 'account.id', value: '"444444444444"', message: expect.stringMatching(/must be 111111111111.*account baseline "nonprod"/) }),
    ]);
  });

  it('refuses one label in two regions', () => {
    const other = devInput({ name: 'staging', account: { id: '111111111111', region: 'eu-west-1', baseline: 'nonprod' }, network: { cidr: '10.20.0.0/16', azCount: 2 } });
    expect(() => resolveInputs(devInput(), other)).toThrow(/account\.region = "eu-west-1": must be us-east-1/);
  });

  it('refuses environments that disagree on the shared baseline settings', () => {
    const other = { ...stagingInput(), accountBaseline: { guardDuty: { runtimeMonitoring: false } } };
    expect(() => resolveInputs(devInput(), other)).toThrow(/accountBaseline.*must equal environments\/dev\.ts's accountBaseline/);
  });

  it('accepts one account under two labels, and two environments agreeing on one label', () => {
    expect(resolveInputs(devInput(), { ...stagingInput(), account: { id: '111111111111', region: 'us-east-1', baseline: 'other' } })).toHaveLength(2);
    expect(resolveInputs(devInput(), stagingInput())).toHaveLength(2);
  });

  it('refuses a label whose stack name an environment already has', () => {
    const clash = devInput({ name: 'account-main', account: { id: '111111111111', region: 'us-east-1', baseline: 'main' } });
    expect(() => resolveInputs(clash)).toThrow(/baseline stack helloapi-account-main has the name of the environment stack/);
  });

  it('passes the environment settings to the baseline', () => {
    const configs = resolveInputs(
      prodInput({ accountBaseline: { securityHub: { standards: ['aws-foundational-security-best-practices', 'cis-1.4.0'] }, config: { recordingFrequency: 'DAILY' } } }),
    );
    const stacks = synthEnvironments(configs);
    const b = stacks.get('helloapi-account-prod')!;
    expect(Object.keys(b.resources('aws_securityhub_standards_subscription')).sort()).toEqual(['baseline_securityhub_cis_1_4_0', 'baseline_securityhub_fsbp']);
    expect(b.resource('aws_config_configuration_recorder', 'baseline_config_recorder').recording_mode).toEqual({ recording_frequency: 'DAILY' });
  });

  it('uses its own HCP workspace, and local state offline', () => {
    const hcp = resolveInputs(devInput({ state: { backend: 'hcp', organization: 'example', workspace: 'helloapi-dev' } }));
    const online = synthEnvironments(hcp).get('helloapi-account-nonprod')!;
    expect((online.json.terraform as any).cloud).toMatchObject({ organization: 'example', workspaces: { name: 'helloapi-account-nonprod' } });
    const offline = synthEnvironments(resolveInputs(devInput()), { offline: true }).get('helloapi-account-nonprod')!;
    expect((offline.json.terraform as any).backend).toEqual({ local: { path: 'terraform.tfstate' } });
    expect(offline.json.provider!.aws[0]).toMatchObject({ skip_credentials_validation: true, skip_requesting_account_id: true });
  });
});
