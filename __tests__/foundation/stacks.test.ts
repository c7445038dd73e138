import { App, TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { ReadableStack, readableLogicalId } from '../../modules/core/addressing';
import { resolveInputs, devInput, prodInput, sharedState } from '../support/fixtures';
import { committedEnvironments, environmentStackNames } from '../support/environments';
import { synthEnvironments, synthStack, tmpOutdir, committedStacks } from '../support/synth';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';

describe('composition of the committed environments', () => {
  const stacks = committedStacks();

  it('synthesizes the state stack and one stack per environment', () => {
    expect([...stacks.keys()]).toEqual(expect.arrayContaining(['helloapi-state', ...environmentStackNames()]));
  });

  it.each([
    ['helloapi-dev', 'dev', '111111111111'],
    ['helloapi-staging', 'staging', '111111111111'],
    ['helloapi-prod', 'prod', '222222222222'],
  ])('%s pins region and account and applies default tags', (name, env, account) => {
    const providers = stacks.get(name)!.json.provider!.aws;
    expect(providers.length).toBeGreaterThanOrEqual(1);
    for (const p of providers) {
      // The aws.dns provider acts in the hosted zone's (shared-services) account, through the DNS role.
      expect(p.allowed_account_ids).toEqual([p.alias === 'dns' ? '333333333333' : account]);
      expect(p.region).toBe('us-east-1');
      const tags = (p.default_tags as { tags: Record<string, string> }[])[0].tags;
      expect(tags).toMatchObject({ Project: 'helloapi', Environment: env, ManagedBy: 'cdktf', CostCenter: `helloapi-${env}` });
      expect(p.skip_credentials_validation).toBeUndefined();
      expect(p.access_key).toBeUndefined();
    }
  });

  it.each(committedEnvironments().map((c) => c.name))('helloapi-%s keeps encrypted, locked state in S3 under <app>/<env>/terraform.tfstate', (env) => {
    const backend = (stacks.get(`helloapi-${env}`)!.json.terraform as { backend: Record<string, Record<string, unknown>> }).backend;
    expect(Object.keys(backend)).toEqual(['s3']);
    expect(backend.s3).toMatchObject({
      bucket: 'helloapi-tfstate-333333333333',
      key: `helloapi/${env}/terraform.tfstate`,
      region: 'us-east-1',
      encrypt: true,
      use_lockfile: true,
    });
  });

  describe('state bootstrap stack', () => {
    const state = stacks.get('helloapi-state')!;

    it('keeps its own state in the bucket it creates (bootstrapped by npm run state:bootstrap), never in cdktf.out', () => {
      const backend = (state.json.terraform as { backend: Record<string, Record<string, unknown>> }).backend;
      expect(Object.keys(backend)).toEqual(['s3']);
      expect(backend.s3).toMatchObject({ bucket: 'helloapi-tfstate-333333333333', key: 'helloapi/state/terraform.tfstate', encrypt: true, use_lockfile: true });
    });

    it('creates an undeletable, versioned, KMS-encrypted, private, TLS-only bucket', () => {
      const buckets = state.resources<any>('aws_s3_bucket');
      expect(Object.keys(buckets)).toEqual(['state_bucket_bucket']);
      const bucket = buckets.state_bucket_bucket;
      expect(bucket.bucket).toBe('helloapi-tfstate-333333333333');
      expect(bucket.lifecycle.prevent_destroy).toBe(true);
      expect(bucket.force_destroy).toBe(false);
      const ref = '${aws_s3_bucket.state_bucket_bucket.id}';
      expect(state.resource('aws_s3_bucket_versioning', 'state_bucket_versioning')).toMatchObject({ bucket: ref, versioning_configuration: { status: 'Enabled' } });
      const sse = state.resource('aws_s3_bucket_server_side_encryption_configuration', 'state_bucket_encryption');
      expect(sse.rule[0].apply_server_side_encryption_by_default).toEqual({ sse_algorithm: 'aws:kms', kms_master_key_id: '${aws_kms_key.state_kms_key.arn}' });
      expect(state.resource('aws_s3_bucket_public_access_block', 'state_bucket_public_access_block')).toMatchObject({
        bucket: ref,
        block_public_acls: true,
        block_public_policy: true,
        ignore_public_acls: true,
        restrict_public_buckets: true,
      });
      const policy = JSON.parse(state.resource('aws_s3_bucket_policy', 'state_bucket_policy').policy);
      expect(policy.Statement).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
      const lifecycle = state.resource('aws_s3_bucket_lifecycle_configuration', 'state_bucket_lifecycle');
      expect(lifecycle.rule[0].noncurrent_version_expiration).toEqual([{ noncurrent_days: 90 }]);
    });

    it('encrypts with a rotating customer-managed key that cannot be destroyed', () => {
      const key = state.resource('aws_kms_key', 'state_kms_key');
      expect(key.enable_key_rotation).toBe(true);
      expect(key.lifecycle.prevent_destroy).toBe(true);
    });

    it('creates no lock table unless an environment names one', () => {
      expect(state.count('aws_dynamodb_table')).toBe(0);
    });
  });
});

describe('backends and providers from config', () => {
  it('creates the optional DynamoDB lock table with PITR and encryption, and points the backend at it', () => {
    const stacks = synthEnvironments(
      resolveInputs(devInput({ state: { ...sharedState('dev'), dynamodbTable: 'example-lock' } }), prodInput({ state: { ...sharedState('prod'), dynamodbTable: 'example-lock' } })),
    );
    const table = stacks.get('helloapi-state')!.resource('aws_dynamodb_table', 'state_lock_table');
    expect(table).toMatchObject({
      name: 'example-lock',
      hash_key: 'LockID',
      point_in_time_recovery: { enabled: true },
      server_side_encryption: { enabled: true },
      lifecycle: { prevent_destroy: true },
    });
    const backend = (stacks.get('helloapi-prod')!.json.terraform as any).backend.s3;
    expect(backend.dynamodb_table).toBe('example-lock');
    expect(backend.use_lockfile).toBe(true);
  });

  it('supports HCP Terraform as the backend', () => {
    const stacks = synthEnvironments(resolveInputs(devInput({ state: { backend: 'hcp', organization: 'acme', workspace: 'helloapi-dev' } })));
    const tf = stacks.get('helloapi-dev')!.json.terraform as any;
    expect(tf.cloud).toMatchObject({ organization: 'acme', hostname: 'app.terraform.io', workspaces: { name: 'helloapi-dev' } });
    expect(tf.backend).toBeUndefined();
    expect(stacks.has('helloapi-state')).toBe(false);
  });

  it('assumes a role for state in another account through the assume_role block', () => {
    const s3 = { backend: 's3' as const, bucket: 'example-tfstate', region: 'us-east-1', accountId: '333333333333', roleArn: 'arn:aws:iam::333333333333:role/terraform-state' };
    const stacks = synthEnvironments(resolveInputs(devInput({ state: s3 })));
    const backend = (stacks.get('helloapi-dev')!.json.terraform as any).backend.s3;
    expect(backend.assume_role).toEqual({ role_arn: 'arn:aws:iam::333333333333:role/terraform-state' });
    expect(backend.role_arn).toBeUndefined();
    expect(stacks.get('helloapi-state')!.json.provider!.aws[0].allowed_account_ids).toEqual(['333333333333']);
  });

  it('offline mode: local state, dummy credentials, every skip_* on, no account pin', () => {
    const stacks = synthEnvironments(resolveInputs(devInput()), { offline: true });
    const dev = stacks.get('helloapi-dev')!;
    expect((dev.json.terraform as any).backend).toEqual({ local: { path: 'terraform.tfstate' } });
    for (const p of dev.json.provider!.aws) {
      expect(p).toMatchObject({ skip_credentials_validation: true, skip_requesting_account_id: true, skip_metadata_api_check: 'true', skip_region_validation: true });
      expect(p.allowed_account_ids).toBeUndefined();
    }
  });
});

describe('readable addresses', () => {
  it('derives logical ids from the construct path, without hashes', () => {
    expect(readableLogicalId(['network', 'private_app_a'])).toBe('network_private_app_a');
    expect(readableLogicalId(['edge', 'webAcl'])).toBe('edge_web_acl');
    expect(readableLogicalId(['9lives'])).toBe('r_9lives');
  });

  it('gives a nested resource the address layer_role', () => {
    const s = synthStack((stack) => {
      const layer = new Construct(stack, 'network');
      new Vpc(layer, 'vpc', { cidrBlock: '10.0.0.0/16' });
      new TerraformOutput(stack, 'vpc_id', { value: 'x' });
    });
    expect(s.addresses()).toEqual(['aws_vpc.network_vpc']);
    expect(Object.keys(s.json.output!)).toEqual(['vpc_id']);
  });

  it('refuses two constructs that map to one address', () => {
    const app = new App({ outdir: tmpOutdir() });
    const stack = new ReadableStack(app, 'collide');
    new Vpc(stack, 'main-vpc', { cidrBlock: '10.0.0.0/16' });
    new Vpc(stack, 'main_vpc', { cidrBlock: '10.1.0.0/16' });
    expect(() => app.synth()).toThrow(/Two constructs map to the Terraform address "aws_vpc.main_vpc"/);
  });
});
