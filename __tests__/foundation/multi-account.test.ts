/**
 * The multi-account model (issue 16): state and DNS in a shared-services account, reached through the roles each
 * environment declares and the `<app>-state` stack creates; state encrypted with the state key.
 */
import { loadEnvironments } from '../../modules/config/load';
import type { EnvironmentConfig } from '../../modules/config/types';
import { parseRoleArn } from '../../modules/core/iam';
import { sharedRoles } from '../../modules/stacks/access';
import { stateKmsKeyAlias } from '../../modules/config/validate';
import { bootstrapStatePath, stateStackKey } from '../../modules/stacks/state-stack';
import { runPolicy } from '../../modules/policy/run';
import type { TerraformJson } from '../../modules/policy/stack';
import { devInput, prodInput, resolveInputs, sharedState } from '../support/fixtures';
import { environmentStackNames } from '../support/environments';
import { SynthesizedStack, synthEnvironments, committedStacks } from '../support/synth';

type Doc = { Statement: { Sid?: string; Effect: string; Action: string | string[]; Resource?: string | string[]; Principal?: unknown; Condition?: Record<string, Record<string, unknown>> }[] };
const doc = (s: string): Doc => JSON.parse(s) as Doc;
const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

let configs: EnvironmentConfig[];
let stacks: Map<string, SynthesizedStack>;
beforeAll(() => {
  configs = loadEnvironments();
  stacks = committedStacks();
});
const stack = (name: string) => {
  const s = stacks.get(name);
  if (!s) throw new Error(`no stack ${name}; have ${[...stacks.keys()].join(', ')}`);
  return s;
};
const backend = (s: SynthesizedStack) => (s.json.terraform as { backend: { s3: Record<string, any> } }).backend.s3;
const rolesByName = (s: SynthesizedStack) => new Map(Object.values(s.resources<{ name: string; assume_role_policy: string }>('aws_iam_role')).map((r) => [r.name, r]));
const inlinePolicies = (s: SynthesizedStack) => Object.values(s.resources<{ role: string; policy: string }>('aws_iam_role_policy'));

describe('the committed organization', () => {
  it('keeps state and the hosted zone in the shared-services account and runs environments elsewhere', () => {
    for (const c of configs) {
      expect(c.state.backend).toBe('s3');
      if (c.state.backend !== 's3') continue;
      expect(c.state.accountId).toBe('333333333333');
      expect(c.dns.accountId).toBe('333333333333');
      expect(c.account.id).not.toBe('333333333333');
      expect(parseRoleArn(c.state.roleArn)!.accountId).toBe('333333333333');
      expect(parseRoleArn(c.dns.roleArn)!.accountId).toBe('333333333333');
    }
  });
});

describe('environment stacks reach their state through the declared role, encrypted with the state key', () => {
  it.each(environmentStackNames())('%s', (name) => {
    const c = configs.find((x) => x.stackName === name)!;
    const b = backend(stack(name));
    expect(b.assume_role).toEqual({ role_arn: c.state.backend === 's3' ? c.state.roleArn : undefined });
    expect(b.encrypt).toBe(true);
    expect(b.kms_key_id).toBe(`arn:aws:kms:us-east-1:333333333333:${stateKmsKeyAlias('helloapi')}`);
    expect(b.use_lockfile).toBe(true);
    expect(b.key).toBe(`helloapi/${c.name}/terraform.tfstate`);
  });

  it('account baselines use the state role of the first environment of their account', () => {
    expect(backend(stack('helloapi-account-nonprod')).assume_role).toEqual({ role_arn: 'arn:aws:iam::333333333333:role/helloapi-state-dev' });
    expect(backend(stack('helloapi-account-prod')).assume_role).toEqual({ role_arn: 'arn:aws:iam::333333333333:role/helloapi-state-prod' });
    expect(backend(stack('helloapi-account-prod')).kms_key_id).toMatch(/:alias\/helloapi-state\/terraform-state$/);
  });
});

describe('the state stack', () => {
  it('keeps its own state in the bucket it creates, encrypted with the key it creates', () => {
    const s = stack('helloapi-state');
    const b = backend(s);
    expect(b.bucket).toBe('helloapi-tfstate-333333333333');
    expect(b.key).toBe(stateStackKey('helloapi'));
    expect(b.assume_role).toBeUndefined();
    const alias = Object.values(s.resources<{ name: string }>('aws_kms_alias')).map((a) => a.name);
    expect(alias).toContain(stateKmsKeyAlias('helloapi'));
    expect(b.kms_key_id).toBe(`arn:aws:kms:us-east-1:333333333333:${stateKmsKeyAlias('helloapi')}`);
    // The bootstrap state lives outside cdktf.out/, which every synth replaces.
    expect(bootstrapStatePath('helloapi')).not.toMatch(/cdktf\.out/);
  });

  it('refuses state objects not encrypted with KMS', () => {
    const policy = doc(Object.values(stack('helloapi-state').resources<{ policy: string }>('aws_s3_bucket_policy'))[0].policy);
    const deny = policy.Statement.find((s) => s.Sid === 'DenyObjectsNotEncryptedWithKms')!;
    expect(deny).toMatchObject({ Effect: 'Deny', Principal: '*', Action: 's3:PutObject', Resource: 'arn:aws:s3:::helloapi-tfstate-333333333333/*' });
    expect(deny.Condition).toEqual({ StringNotEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' } });
  });

  it('creates each state role: trusted by its environment account only, limited to its own state keys and the state key', () => {
    const s = stack('helloapi-state');
    const roles = rolesByName(s);
    const want: Record<string, { account: string; keys: string[] }> = {
      'helloapi-state-dev': { account: '111111111111', keys: ['helloapi/account-nonprod/terraform.tfstate', 'helloapi/dev/terraform.tfstate'] },
      'helloapi-state-staging': { account: '111111111111', keys: ['helloapi/staging/terraform.tfstate'] },
      'helloapi-state-prod': { account: '222222222222', keys: ['helloapi/account-prod/terraform.tfstate', 'helloapi/prod/terraform.tfstate'] },
    };
    for (const [name, { account, keys }] of Object.entries(want)) {
      const role = roles.get(name);
      expect(role).toBeDefined();
      const trust = doc(role!.assume_role_policy).Statement;
      expect(trust).toEqual([{ Sid: 'TrustedAccounts', Effect: 'Allow', Principal: { AWS: [`arn:aws:iam::${account}:root`] }, Action: 'sts:AssumeRole' }]);
      const roleId = Object.entries(s.resources<{ name: string }>('aws_iam_role')).find(([, r]) => r.name === name)![0];
      const policy = inlinePolicies(s).find((p) => p.role === `\${aws_iam_role.${roleId}.id}`)!;
      const st = doc(policy.policy).Statement;
      const rw = st.find((x) => x.Sid === 'ReadWriteState')!;
      expect(list(rw.Resource)).toEqual(keys.map((k) => `\${aws_s3_bucket.state_bucket_bucket.arn}/${k}`));
      expect(list(st.find((x) => x.Sid === 'LockState')!.Resource)).toEqual(keys.map((k) => `\${aws_s3_bucket.state_bucket_bucket.arn}/${k}.tflock`));
      expect(st.find((x) => x.Sid === 'UseStateKey')).toMatchObject({ Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey'], Resource: '${aws_kms_key.state_kms_key.arn}' });
      // Nothing else on the bucket: no other environment's key.
      expect(JSON.stringify(st)).not.toMatch(new RegExp(`helloapi/(${configs.map((c) => c.name).filter((e) => !keys.some((k) => k.includes(`/${e}/`))).join('|')})/`));
    }
  });

  it('creates each DNS role, limited to its environment\'s record names and types in the zone', () => {
    const s = stack('helloapi-state');
    const roles = rolesByName(s);
    for (const c of configs) {
      const name = parseRoleArn(c.dns.roleArn)!.name;
      expect(roles.get(name)).toBeDefined();
      const trust = doc(roles.get(name)!.assume_role_policy).Statement[0];
      expect(trust.Principal).toEqual({ AWS: [`arn:aws:iam::${c.account.id}:root`] });
      const roleId = Object.entries(s.resources<{ name: string }>('aws_iam_role')).find(([, r]) => r.name === name)![0];
      const st = doc(inlinePolicies(s).find((p) => p.role === `\${aws_iam_role.${roleId}.id}`)!.policy).Statement;
      const change = st.find((x) => x.Sid === 'ChangeApiRecords')!;
      expect(change.Resource).toBe(`arn:aws:route53:::hostedzone/${c.dns.hostedZoneId}`);
      expect(change.Condition!['ForAllValues:StringLike']['route53:ChangeResourceRecordSetsNormalizedRecordNames']).toEqual([`*.${c.dns.domain}`, c.dns.domain]);
      expect(change.Condition!['ForAllValues:StringEquals']['route53:ChangeResourceRecordSetsRecordTypes']).toEqual(['A', 'AAAA', 'CNAME']);
    }
  });
});

describe('DNS records are written with the zone account\'s credentials', () => {
  it.each(environmentStackNames())('%s: every Route 53 record uses the aws.dns provider, which assumes the DNS role', (name) => {
    const c = configs.find((x) => x.stackName === name)!;
    const s = stack(name);
    const dns = (s.json.provider!.aws as Record<string, any>[]).find((p) => p.alias === 'dns')!;
    expect(dns.allowed_account_ids).toEqual(['333333333333']);
    expect(dns.assume_role).toEqual([{ role_arn: c.dns.roleArn, session_name: `${name}-dns` }]);
    const records = s.resources<{ provider?: string }>('aws_route53_record');
    expect(Object.keys(records).length).toBeGreaterThan(1);
    for (const [id, r] of Object.entries(records)) expect([id, r.provider]).toEqual([id, 'aws.dns']);
  });

  it('a zone in the environment\'s own account needs no role and no extra provider', () => {
    const [own] = resolveInputs(devInput({ state: { backend: 'local' }, dns: { domain: 'api.dev.example.com', zoneName: 'example.com', hostedZoneId: 'Z0123456789ABCDEFGHIJ' } }));
    expect(own.dns.accountId).toBe(own.account.id);
    const s = synthEnvironments([own], { offline: true }).get('helloapi-dev')!;
    expect((s.json.provider!.aws as Record<string, any>[]).map((p) => p.alias)).not.toContain('dns');
    for (const r of Object.values(s.resources<{ provider?: string }>('aws_route53_record'))) expect(r.provider).toBeUndefined();
    expect(sharedRoles([own], 'helloapi')).toEqual([]);
  });

  it('offline mode never assumes a role (that would call STS)', () => {
    const offline = committedStacks({ offline: true });
    for (const [name, s] of offline) {
      for (const p of (s.json.provider?.aws ?? []) as Record<string, any>[]) expect([name, p.alias, p.assume_role]).toEqual([name, p.alias, undefined]);
      expect(JSON.stringify(s.json.terraform)).not.toMatch(/assume_role/);
    }
  });
});

describe('an optional DynamoDB lock table', () => {
  it('the state roles may lock in it, and every stack still reaches its state (HAPI-XACC-01)', () => {
    const withTable = resolveInputs(
      devInput({ state: { ...sharedState('dev'), dynamodbTable: 'example-lock' } }),
      prodInput({ state: { ...sharedState('prod'), dynamodbTable: 'example-lock' } }),
    );
    const synthesized = synthEnvironments(withTable);
    const state = synthesized.get('helloapi-state')!;
    const statePolicies = inlinePolicies(state).filter((p) => doc(p.policy).Statement.some((x) => x.Sid === 'ReadWriteState'));
    expect(statePolicies.length).toBe(2);
    for (const p of statePolicies) {
      const lock = doc(p.policy).Statement.find((x) => x.Sid === 'LockTable');
      expect(lock).toEqual({
        Sid: 'LockTable',
        Effect: 'Allow',
        Action: ['dynamodb:DescribeTable', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem'],
        Resource: 'arn:aws:dynamodb:us-east-1:333333333333:table/example-lock',
      });
    }
    const run = runPolicy(new Map([...synthesized].map(([n, s]) => [n, s.json as TerraformJson])), withTable);
    const xacc = run.reports.flatMap((r) => r.results.filter((x) => x.rule === 'HAPI-XACC-01').map((x) => [r.stackName, x.status, x.message]));
    expect(xacc.length).toBeGreaterThanOrEqual(4);
    for (const row of xacc) expect(row).toEqual([row[0], 'pass', row[2]]);
  });
});
