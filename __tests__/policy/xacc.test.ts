/**
 * The cross-account access rules (HAPI-XACC-01..03) on the committed environments: every stack passes as
 * synthesized, and each mutation of the synthesized JSON that would break `terraform init` or `apply` in the
 * real organization (no role, a role in the wrong account or not created, a trust or a permission missing,
 * a record written with the wrong provider) fails with a message naming what is wrong.
 */
import { loadEnvironments } from '../../modules/config/load';
import { evaluateStack } from '../../modules/policy/engine';
import { rule as xacc01 } from '../../modules/policy/rules/xacc/xacc-01-state-reachable';
import { rule as xacc02 } from '../../modules/policy/rules/xacc/xacc-02-state-key';
import { rule as xacc03 } from '../../modules/policy/rules/xacc/xacc-03-zone-writable';
import { policyTargets } from '../../modules/policy/run';
import type { TerraformJson } from '../../modules/policy/tf-json';
import type { Rule } from '../../modules/policy/types';
import { committedStacks } from '../support/synth';

type Stacks = Map<string, any>;

const configs = loadEnvironments();
const synthesized: ReadonlyMap<string, TerraformJson> = new Map([...committedStacks()].map(([name, s]) => [name, s.json as TerraformJson]));
const STATE = 'helloapi-state';
const BUCKET_ARN = 'arn:aws:s3:::helloapi-tfstate-333333333333';

/** A deep copy of the committed environments' synthesized stacks, edited. */
function stacksWith(edit: (s: Stacks) => void = () => undefined): Stacks {
  const s: Stacks = new Map([...synthesized].map(([n, j]) => [n, JSON.parse(JSON.stringify(j))]));
  edit(s);
  return s;
}

interface Result {
  readonly stack: string;
  readonly subject: string;
  readonly status: string;
  readonly message: string;
}

/** One rule over every stack, with the targets the product derives (siblings' JSON and declared zones included). */
function evaluate(rule: Rule, stacks: Stacks = stacksWith()): Result[] {
  return policyTargets([...stacks.keys()], configs, stacks).flatMap((t) =>
    evaluateStack(stacks.get(t.stackName), t, [rule]).results.map((r) => ({ stack: t.stackName, subject: r.subject, status: r.status, message: r.message })),
  );
}

const failing = (rs: Result[]) => rs.filter((r) => r.status === 'fail');
const on = (rs: Result[], stack: string, subject?: string) => rs.filter((r) => r.stack === stack && (subject === undefined || r.subject === subject));
const backend = (s: Stacks, stack: string) => s.get(stack).terraform.backend.s3;
const resources = (s: Stacks, stack: string, type: string): Record<string, any> => s.get(stack).resource[type] ?? {};

/** The aws_iam_role of the state stack named `name`, and its inline policy resource. */
function role(s: Stacks, name: string): { role: any; address: string; policy: any } {
  const [id, r] = Object.entries(resources(s, STATE, 'aws_iam_role')).find(([, v]) => v.name === name)!;
  const policy = Object.values(resources(s, STATE, 'aws_iam_role_policy')).find((p) => String(p.role).includes(`aws_iam_role.${id}.`));
  return { role: r, address: `aws_iam_role.${id}`, policy };
}

/** Edits a policy document held as JSON text in `resource[attribute]`. */
function editDoc(resource: any, attribute: string, edit: (doc: any) => void): void {
  const d = JSON.parse(resource[attribute]);
  edit(d);
  resource[attribute] = JSON.stringify(d);
}

const statement = (doc: any, sid: string) => doc.Statement.find((x: any) => x.Sid === sid);
const S3_STACKS = [...synthesized.keys()].filter((n) => (synthesized.get(n)!.terraform as any)?.backend?.s3);

describe('the committed environments', () => {
  it('put every stack on the S3 backend (so every stack gets the state rules)', () => {
    expect(S3_STACKS.sort()).toEqual([...synthesized.keys()].sort());
  });

  it.each([
    ['HAPI-XACC-01', xacc01],
    ['HAPI-XACC-02', xacc02],
    ['HAPI-XACC-03', xacc03],
  ])('pass %s in every stack', (_id, rule) => {
    const rs = evaluate(rule);
    expect(failing(rs)).toEqual([]);
    expect(rs.length).toBeGreaterThan(0);
  });
});

describe('HAPI-XACC-01 state reachable', () => {
  const rs = evaluate(xacc01);

  it('checks every stack; environments and baselines through their environment\'s role, the state stack in its own account', () => {
    expect(rs.map((r) => r.stack).sort()).toEqual([...S3_STACKS].sort());
    expect(on(rs, 'helloapi-dev')[0].message).toContain('assumes arn:aws:iam::333333333333:role/helloapi-state-dev (created by helloapi-state, trusts arn:aws:iam::111111111111:root)');
    expect(on(rs, 'helloapi-dev')[0].message).toContain('reads and writes helloapi/dev/terraform.tfstate and its lock file');
    expect(on(rs, 'helloapi-account-prod')[0].message).toContain('role/helloapi-state-prod');
    expect(on(rs, STATE)[0].message).toContain("in the stack's own account");
  });

  it('fails when the backend of a stack in another account assumes no role', () => {
    const r = evaluate(xacc01, stacksWith((s) => delete backend(s, 'helloapi-dev').assume_role));
    expect(failing(r).map((x) => x.stack)).toEqual(['helloapi-dev']);
    expect(on(r, 'helloapi-dev')[0].message).toMatch(/state bucket helloapi-tfstate-333333333333 \(account 333333333333, created by helloapi-state\) is in another account than the stack \(111111111111\) and the backend assumes no role/);
  });

  it('fails when the role is in the wrong account', () => {
    const r = evaluate(xacc01, stacksWith((s) => (backend(s, 'helloapi-prod').assume_role.role_arn = 'arn:aws:iam::222222222222:role/helloapi-state-prod')));
    expect(failing(r).map((x) => x.stack)).toEqual(['helloapi-prod']);
    expect(on(r, 'helloapi-prod')[0].message).toContain('a role in account 222222222222, but the state bucket helloapi-tfstate-333333333333 is in account 333333333333');
  });

  it('fails when no synthesized stack creates the role (both stacks using it)', () => {
    const r = evaluate(xacc01, stacksWith((s) => (role(s, 'helloapi-state-dev').role.name = 'helloapi-state-renamed')));
    expect(failing(r).map((x) => x.stack).sort()).toEqual(['helloapi-account-nonprod', 'helloapi-dev']);
    expect(on(r, 'helloapi-dev')[0].message).toContain('which no synthesized stack creates');
  });

  it('fails when the role does not trust the stack\'s account', () => {
    const r = evaluate(xacc01, stacksWith((s) => editDoc(role(s, 'helloapi-state-staging').role, 'assume_role_policy', (d) => (d.Statement[0].Principal.AWS = ['arn:aws:iam::999999999999:root']))));
    expect(failing(r).map((x) => x.stack)).toEqual(['helloapi-staging']);
    expect(on(r, 'helloapi-staging')[0].message).toContain('its trust policy lets no principal of account 111111111111 sts:AssumeRole');
  });

  it('fails when the role may not write the lock file', () => {
    const r = evaluate(xacc01, stacksWith((s) => editDoc(role(s, 'helloapi-state-staging').policy, 'policy', (d) => (d.Statement = d.Statement.filter((x: any) => x.Sid !== 'LockState')))));
    expect(failing(r).map((x) => x.stack)).toEqual(['helloapi-staging']);
    expect(on(r, 'helloapi-staging')[0].message).toContain(`no statement allows s3:PutObject on ${BUCKET_ARN}/helloapi/staging/terraform.tfstate.tflock`);
    expect(on(r, 'helloapi-staging')[0].message).toContain('s3:DeleteObject');
  });

  it('fails only the stack whose state key the role lost', () => {
    const r = evaluate(
      xacc01,
      stacksWith((s) => editDoc(role(s, 'helloapi-state-dev').policy, 'policy', (d) => (statement(d, 'ReadWriteState').Resource = statement(d, 'ReadWriteState').Resource.filter((x: string) => !x.endsWith('/helloapi/dev/terraform.tfstate'))))),
    );
    expect(failing(r).map((x) => x.stack)).toEqual(['helloapi-dev']);
    expect(on(r, 'helloapi-dev')[0].message).toContain(`no statement allows s3:GetObject on ${BUCKET_ARN}/helloapi/dev/terraform.tfstate`);
  });

  it('counts wildcard actions and resources', () => {
    const r = evaluate(
      xacc01,
      stacksWith((s) =>
        editDoc(role(s, 'helloapi-state-dev').policy, 'policy', (d) => {
          d.Statement = [
            { Effect: 'Allow', Action: 's3:List*', Resource: '${aws_s3_bucket.state_bucket_bucket.arn}' },
            { Effect: 'Allow', Action: ['s3:*Object'], Resource: `${BUCKET_ARN}/helloapi/*` },
          ];
        }),
      ),
    );
    expect(failing(r)).toEqual([]);
  });

  it('sees a Deny in the state bucket policy (the state stack\'s own lock file included)', () => {
    const r = evaluate(
      xacc01,
      stacksWith((s) => editDoc(Object.values(resources(s, STATE, 'aws_s3_bucket_policy'))[0], 'policy', (d) => d.Statement.push({ Sid: 'NoDeletes', Effect: 'Deny', Principal: '*', Action: 's3:DeleteObject', Resource: `${BUCKET_ARN}/*` }))),
    );
    expect(failing(r).map((x) => x.stack).sort()).toEqual([...S3_STACKS].sort());
    expect(on(r, STATE)[0].message).toContain('helloapi/state/terraform.tfstate.tflock is denied by');
    expect(on(r, 'helloapi-prod')[0].message).toContain(`s3:DeleteObject on ${BUCKET_ARN}/helloapi/prod/terraform.tfstate.tflock is denied by helloapi-state aws_s3_bucket_policy.state_bucket_policy "NoDeletes"`);
  });

  it('sees the bucket policy refuse the AES256 puts of a backend without kms_key_id', () => {
    const r = evaluate(xacc01, stacksWith((s) => delete backend(s, 'helloapi-dev').kms_key_id));
    expect(on(r, 'helloapi-dev')[0].message).toContain('is denied by helloapi-state aws_s3_bucket_policy.state_bucket_policy "DenyObjectsNotEncryptedWithKms"');
  });

  it('applies the backend\'s session policy', () => {
    const session = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] });
    const r = evaluate(xacc01, stacksWith((s) => (backend(s, 'helloapi-dev').assume_role.policy = session)));
    expect(on(r, 'helloapi-dev')[0].message).toContain('session policy: no statement allows s3:ListBucket');
  });

  it('fails, saying it cannot verify, when no synthesized stack creates the bucket', () => {
    const r = evaluate(xacc01, stacksWith((s) => s.delete(STATE)));
    expect(r.every((x) => x.status === 'fail')).toBe(true);
    expect(r[0].message).toBe('no synthesized stack creates the state bucket helloapi-tfstate-333333333333: access to it cannot be verified');
  });

  it('fails a backend pointed at another region than the bucket\'s', () => {
    const r = evaluate(xacc01, stacksWith((s) => (backend(s, 'helloapi-dev').region = 'eu-west-1')));
    expect(on(r, 'helloapi-dev')[0].message).toBe("the backend's region is eu-west-1 but helloapi-tfstate-333333333333 is created in us-east-1");
  });

  it('fails when the stack pins no account', () => {
    const r = evaluate(xacc01, stacksWith((s) => delete s.get('helloapi-prod').provider.aws[0].allowed_account_ids));
    expect(on(r, 'helloapi-prod')[0].message).toContain("the stack's account is unknown: provider aws pins no account");
  });
});

describe('HAPI-XACC-02 state encrypted with the state key', () => {
  it('names the key, who may use it and the bucket policy statement', () => {
    const m = on(evaluate(xacc02), 'helloapi-prod')[0].message;
    expect(m).toContain('kms_key_id arn:aws:kms:us-east-1:333333333333:alias/helloapi-state/terraform-state is helloapi-state aws_kms_key.state_kms_key');
    expect(m).toContain('arn:aws:iam::333333333333:role/helloapi-state-prod may use it');
    expect(m).toContain('"DenyObjectsNotEncryptedWithKms" refuses puts without SSE-KMS');
  });

  it('fails a backend without kms_key_id, or without encrypt', () => {
    const r = evaluate(
      xacc02,
      stacksWith((s) => {
        delete backend(s, 'helloapi-dev').kms_key_id;
        backend(s, 'helloapi-staging').encrypt = false;
      }),
    );
    expect(failing(r).map((x) => x.stack).sort()).toEqual(['helloapi-dev', 'helloapi-staging']);
    expect(on(r, 'helloapi-dev')[0].message).toContain('kms_key_id is unset: the backend sends AES256 on every put');
    expect(on(r, 'helloapi-staging')[0].message).toContain('encrypt is false');
  });

  it('fails a key no synthesized stack creates, and a key named by ID', () => {
    const r = evaluate(
      xacc02,
      stacksWith((s) => {
        backend(s, 'helloapi-dev').kms_key_id = 'arn:aws:kms:us-east-1:333333333333:alias/some-other-key';
        backend(s, 'helloapi-prod').kms_key_id = 'arn:aws:kms:us-east-1:333333333333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
      }),
    );
    expect(on(r, 'helloapi-dev')[0].message).toContain('no synthesized stack creates the KMS alias alias/some-other-key in account 333333333333');
    expect(on(r, 'helloapi-prod')[0].message).toContain('names a key by ID');
  });

  it('fails when the alias points at a key that does not encrypt the state bucket', () => {
    const r = evaluate(
      xacc02,
      stacksWith((s) => {
        const keys = resources(s, STATE, 'aws_kms_key');
        keys.other_key = { ...keys.state_kms_key, description: 'not the state key' };
        Object.values(resources(s, STATE, 'aws_kms_alias'))[0].target_key_id = '${aws_kms_key.other_key.key_id}';
      }),
    );
    expect(failing(r).length).toBe(S3_STACKS.length);
    expect(on(r, 'helloapi-prod')[0].message).toContain("is helloapi-state aws_kms_key.other_key, not the state key (helloapi-state aws_kms_key.state_kms_key, the bucket's default encryption key)");
  });

  it('fails when the role may not generate data keys', () => {
    const r = evaluate(xacc02, stacksWith((s) => editDoc(role(s, 'helloapi-state-prod').policy, 'policy', (d) => (statement(d, 'UseStateKey').Action = ['kms:Encrypt', 'kms:Decrypt']))));
    expect(failing(r).map((x) => x.stack).sort()).toEqual(['helloapi-account-prod', 'helloapi-prod']);
    expect(on(r, 'helloapi-prod')[0].message).toMatch(/no statement allows kms:GenerateDataKey on arn:aws:kms:us-east-1:333333333333:key\//);
  });

  it('fails when the key policy does not let the state account\'s IAM grant the key', () => {
    const r = evaluate(xacc02, stacksWith((s) => editDoc(resources(s, STATE, 'aws_kms_key').state_kms_key, 'policy', (d) => (d.Statement[0].Principal = { AWS: 'arn:aws:iam::999999999999:root' }))));
    expect(failing(r).length).toBe(S3_STACKS.length);
    expect(on(r, 'helloapi-dev')[0].message).toContain('key policy lets no principal of account 333333333333 kms:Encrypt');
  });

  it('fails when the state bucket accepts non-KMS puts', () => {
    const r = evaluate(
      xacc02,
      stacksWith((s) => editDoc(Object.values(resources(s, STATE, 'aws_s3_bucket_policy'))[0], 'policy', (d) => (d.Statement = d.Statement.filter((x: any) => x.Sid !== 'DenyObjectsNotEncryptedWithKms')))),
    );
    expect(failing(r).length).toBe(S3_STACKS.length);
    expect(on(r, STATE)[0].message).toContain("no statement of the state bucket's policy denies s3:PutObject without s3:x-amz-server-side-encryption = aws:kms");
  });

  it('does not take a Deny that also refuses SSE-KMS puts for the non-KMS guard', () => {
    const r = evaluate(
      xacc02,
      stacksWith((s) =>
        editDoc(Object.values(resources(s, STATE, 'aws_s3_bucket_policy'))[0], 'policy', (d) => (statement(d, 'DenyObjectsNotEncryptedWithKms').Condition = { StringNotEquals: { 's3:x-amz-server-side-encryption': 'AES256' } })),
      ),
    );
    expect(on(r, 'helloapi-dev')[0].status).toBe('fail');
  });
});

describe('HAPI-XACC-03 hosted zone writable', () => {
  const rs = evaluate(xacc03);

  it('checks every record; ACM validation records for every certificate name', () => {
    expect(on(rs, 'helloapi-prod').map((r) => r.subject).sort()).toEqual(Object.keys(resources(stacksWith(), 'helloapi-prod', 'aws_route53_record')).map((n) => `aws_route53_record.${n}`).sort());
    const validation = on(rs, 'helloapi-prod', 'aws_route53_record.edge_certificate_validation_record')[0].message;
    expect(validation).toContain('assumes arn:aws:iam::333333333333:role/helloapi-dns-prod (created by helloapi-state, trusts arn:aws:iam::222222222222:root)');
    expect(validation).toContain('_<token>.api.helloapi.example.com, _<token>.origin.api.helloapi.example.com (CNAME)');
  });

  it('fails a record written with the default provider into a zone of another account', () => {
    const r = evaluate(xacc03, stacksWith((s) => delete resources(s, 'helloapi-dev', 'aws_route53_record').edge_api_a.provider));
    expect(failing(r).map((x) => x.subject)).toEqual(['aws_route53_record.edge_api_a']);
    expect(failing(r)[0].message).toBe(
      'written with provider aws (account 111111111111) into zone Z0123456789ABCDEFGHIJ, owned by account 333333333333: Route 53 has no resource policies, so the change fails with AccessDenied (use the aws.dns provider)',
    );
  });

  it('fails the validation records when the role lost the names under the domain', () => {
    const r = evaluate(
      xacc03,
      stacksWith((s) =>
        editDoc(role(s, 'helloapi-dns-dev').policy, 'policy', (d) => {
          const c = statement(d, 'ChangeApiRecords').Condition['ForAllValues:StringLike'];
          c['route53:ChangeResourceRecordSetsNormalizedRecordNames'] = ['api.dev.helloapi.example.com'];
        }),
      ),
    );
    expect(failing(r).map((x) => `${x.stack} ${x.subject}`)).toEqual(['helloapi-dev aws_route53_record.edge_certificate_validation_record']);
    expect(failing(r)[0].message).toContain('no statement allows route53:ChangeResourceRecordSets on arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ');
  });

  it('fails when a certificate gains a name the role does not cover', () => {
    const r = evaluate(xacc03, stacksWith((s) => (resources(s, 'helloapi-staging', 'aws_acm_certificate').edge_certificate.subject_alternative_names.push('www.helloapi.example.org'))));
    expect(failing(r).map((x) => `${x.stack} ${x.subject}`)).toEqual(['helloapi-staging aws_route53_record.edge_certificate_validation_record']);
  });

  it('fails a grant that is not limited to names', () => {
    const r = evaluate(xacc03, stacksWith((s) => editDoc(role(s, 'helloapi-dns-prod').policy, 'policy', (d) => delete statement(d, 'ChangeApiRecords').Condition)));
    expect(failing(r).length).toBe(on(rs, 'helloapi-prod').length);
    expect(failing(r)[0].message).toContain('is not limited by route53:ChangeResourceRecordSetsNormalizedRecordNames');
  });

  it('fails when the role may not poll changes, or does not trust the stack\'s account', () => {
    const r = evaluate(
      xacc03,
      stacksWith((s) => {
        editDoc(role(s, 'helloapi-dns-prod').policy, 'policy', (d) => (d.Statement = d.Statement.filter((x: any) => x.Sid !== 'PollChanges')));
        editDoc(role(s, 'helloapi-dns-staging').role, 'assume_role_policy', (d) => (d.Statement[0].Principal.AWS = ['arn:aws:iam::222222222222:root']));
      }),
    );
    expect(on(r, 'helloapi-prod').every((x) => x.status === 'fail' && x.message.includes('no statement allows route53:GetChange'))).toBe(true);
    expect(on(r, 'helloapi-staging').every((x) => x.status === 'fail' && x.message.includes('lets no principal of account 111111111111 sts:AssumeRole'))).toBe(true);
    expect(on(r, 'helloapi-dev').every((x) => x.status === 'pass')).toBe(true);
  });

  it('fails when no synthesized stack creates the role, or the provider points at another account', () => {
    const r = evaluate(
      xacc03,
      stacksWith((s) => {
        role(s, 'helloapi-dns-dev').role.name = 'helloapi-dns-renamed';
        s.get('helloapi-prod').provider.aws.find((p: any) => p.alias === 'dns').allowed_account_ids = ['222222222222'];
      }),
    );
    expect(on(r, 'helloapi-dev')[0].message).toBe('provider aws.dns assumes arn:aws:iam::333333333333:role/helloapi-dns-dev, which no synthesized stack creates: its trust and permissions cannot be verified');
    expect(on(r, 'helloapi-prod')[0].message).toContain('provider aws.dns assumes a role in 333333333333 but only allows account 222222222222');
  });

  it('fails an aliased provider for the zone\'s account that would run with the stack\'s own credentials', () => {
    const r = evaluate(xacc03, stacksWith((s) => delete s.get('helloapi-dev').provider.aws.find((p: any) => p.alias === 'dns').assume_role));
    expect(on(r, 'helloapi-dev').every((x) => x.status === 'fail')).toBe(true);
    expect(on(r, 'helloapi-dev')[0].message).toContain('provider aws.dns only allows account 333333333333 but neither assumes a role nor has credentials of its own');
    const withProfile = evaluate(
      xacc03,
      stacksWith((s) => {
        const dns = s.get('helloapi-dev').provider.aws.find((p: any) => p.alias === 'dns');
        delete dns.assume_role;
        dns.profile = 'helloapi-shared';
      }),
    );
    expect(on(withProfile, 'helloapi-dev')[0].message).toContain('with its own credentials (profile)');
  });

  it('fails a record in a zone no environment file declares', () => {
    const r = evaluate(xacc03, stacksWith((s) => (resources(s, 'helloapi-dev', 'aws_route53_record').edge_api_a.zone_id = 'ZOTHERZONE1')));
    expect(failing(r)[0].message).toBe('zone ZOTHERZONE1 is not declared by any environment file (dns.hostedZoneId): its account is unknown');
  });

  it('skips offline-plan stacks (dummy credentials, local state): they make no AWS call', () => {
    const offline = new Map([...committedStacks({ offline: true })].map(([n, st]) => [n, st.json]));
    for (const rule of [xacc01, xacc02, xacc03]) expect(evaluate(rule, offline)).toEqual([]);
  });
});

describe('policyTargets', () => {
  it('gives every target the synthesized stacks and the zones the environment files declare, with their accounts', () => {
    const stacks = stacksWith();
    const targets = policyTargets([...stacks.keys()], configs, stacks);
    const dev = targets.find((t) => t.stackName === 'helloapi-dev')!;
    expect(dev.hostedZones).toEqual([{ zoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'helloapi.example.com', accountId: '333333333333', source: expect.stringContaining('dev') }]);
    expect(dev.stacks).toBe(stacks);
    expect(targets.find((t) => t.stackName === STATE)!.hostedZones!.map((z) => z.zoneId)).toEqual(['Z0123456789ABCDEFGHIJ']);
  });
});
