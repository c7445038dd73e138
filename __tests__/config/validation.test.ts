import * as fs from 'fs';
import { ConfigError, ConfigProblem, stateKmsKeyAlias, stateLocation, validateEnvironments } from '../../modules/config/validate';
import { KNOWN_AWS_REGIONS, partitionOf } from '../../modules/config/regions';
import { MIN_POSTGRES_MAJOR } from '../../modules/database';
import { dnsSchema, edgeSchema, environmentSchema, ROLE_ARN, type EnvironmentInput } from '../../modules/config/schema';
import { parseRoleArn } from '../../modules/core/iam';
import { ACCOUNT_ID_PATTERN, isDnsName, NAME_PREFIX_PATTERN, URL_PATH_PATTERN } from '../../modules/core/patterns';
import { DEFAULT_ENVIRONMENTS_DIR, loadEnvironments } from '../../modules/config/load';
import { resolve } from '../../modules/config/resolve';
import { devInput, prodInput, resolveInputs, sharedState, sharedZone } from '../support/fixtures';
import { computeValues, databaseValues, edgeValues } from '../../modules/config/layer-props';
import { databaseValueProblems } from '../../modules/database/validation';
import { edgeValueProblems } from '../../modules/edge/validation';
import { computePropsProblems, fargateSizeProblems } from '../../modules/compute/validate';
import { GUARDDUTY_FARGATE_AGENT_ACCOUNTS } from '../../modules/compute/guardduty';
import { networkPropsProblems } from '../../modules/network/validation';

/** Validates and returns the problems (fails the test if validation passes). */
function problems(...inputs: unknown[]): ConfigProblem[] {
  try {
    validateEnvironments(inputs.map((raw) => ({ source: `environments/${(raw as { name: string }).name}.ts`, fileName: (raw as { name: string }).name, raw })));
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return [...(e as ConfigError).problems];
  }
  throw new Error('expected validation to fail');
}

function problemAt(list: ConfigProblem[], path: string): ConfigProblem {
  const p = list.find((x) => x.path === path);
  if (!p) throw new Error(`no problem at ${path}; got: ${list.map((x) => `${x.path}: ${x.message}`).join(' | ')}`);
  return p;
}

describe('environment validation', () => {
  it('accepts the committed environments: one per file in environments/', () => {
    const configs = loadEnvironments();
    const files = fs.readdirSync(DEFAULT_ENVIRONMENTS_DIR).filter((f) => /\.(ts|json)$/.test(f) && !f.endsWith('.d.ts') && !f.startsWith('_'));
    expect(files.length).toBeGreaterThan(0);
    expect(configs.map((c) => c.name).sort()).toEqual(files.map((f) => f.replace(/\.(ts|json)$/, '')).sort());
  });

  it('accepts a minimal valid environment and applies secure defaults', () => {
    const [c] = resolveInputs(devInput());
    expect(c.app).toBe('helloapi');
    expect(c.network.natGateways).toBe('per-az');
    expect(c.network.vpcEndpoints).toBe(true);
    expect(c.database.multiAz).toBe(true);
    expect(c.database.deletionProtection).toBe(true);
    expect(c.database.skipFinalSnapshot).toBe(false);
    expect(c.edge.cloudFront).toBe(true);
    expect(c.logRetentionDays).toBe(365);
    expect(c.compute.execEnabled).toBe(false);
    expect(c.compute.containerPort).toBe(8000);
    expect(c.network.availabilityZones).toEqual(['us-east-1a', 'us-east-1b']);
    expect(c.policy.failOnError).toBe(false);
  });

  it('production defaults: 14-day backups, policy errors fail the synth', () => {
    const [c] = resolveInputs(prodInput());
    expect(c.database.backupRetentionDays).toBe(14);
    expect(c.policy.failOnError).toBe(true);
  });

  it('relaxations weaken only what they name', () => {
    const [c] = resolveInputs(devInput({ relaxations: { singleNatGateway: { reason: 'cost in dev environment' } } }));
    expect(c.network.natGateways).toBe('single');
    expect(c.database.multiAz).toBe(true);
  });

  it.each([
    ['network.cidr', { network: { cidr: '10.0.0.0/33', azCount: 2 } }, /not an IPv4 CIDR/],
    ['network.cidr', { network: { cidr: '300.0.0.0/16', azCount: 2 } }, /not an IPv4 CIDR/],
    ['network.cidr', { network: { cidr: '10.0.0.1/16', azCount: 2 } }, /host bits/],
    ['network.cidr', { network: { cidr: '10.0.0.0/12', azCount: 2 } }, /\/16 to \/28/],
    ['network.cidr', { network: { cidr: '10.0.0.0/24', azCount: 3 } }, /too small for 9 subnets.*use a \/23 or larger/],
    ['network.azCount', { network: { cidr: '10.0.0.0/16', azCount: 1 } }, /2 or 3/],
    ['network.azCount', { network: { cidr: '10.0.0.0/16', azCount: 7 } }, /2 or 3/],
    ['network.availabilityZones.1', { network: { cidr: '10.0.0.0/16', azCount: 2, availabilityZones: ['us-east-1a', 'eu-west-1b'] } }, /zone of us-east-1/],
    ['account.id', { account: { id: '12345', region: 'us-east-1' } }, /12 digits/],
    ['account.region', { account: { id: '111111111111', region: 'us-middle-1' } }, /AWS region/],
    ['dns.domain', { dns: { domain: 'api.other.org', zoneName: 'example.com', hostedZoneId: 'Z0123456789ABCDEFGHIJ' } }, /under it/],
    ['dns.hostedZoneId', { dns: { domain: 'api.example.com', zoneName: 'example.com', hostedZoneId: 'abc' } }, /hosted zone ID/],
    ['compute.cpu', { compute: { cpu: 300, memory: 512, desiredCount: 1, image: { tag: 'v1' } } }, /Fargate CPU size/],
    ['compute.memory', { compute: { cpu: 256, memory: 4096, desiredCount: 1, image: { tag: 'v1' } } }, /with cpu 256 must be 512, 1024, 2048 MiB/],
    ['compute.desiredCount', { compute: { cpu: 256, memory: 512, desiredCount: 0, image: { tag: 'v1' } } }, /greater than zero/],
    ['compute.desiredCount', { compute: { cpu: 256, memory: 512, desiredCount: -2, image: { tag: 'v1' } } }, /greater than zero/],
    ['compute.image', { compute: { cpu: 256, memory: 512, desiredCount: 1, image: {} } }, /exactly one of tag or digest/],
    ['compute.image.tag', { compute: { cpu: 256, memory: 512, desiredCount: 1, image: { tag: 'latest' } } }, /mutableImageTag/],
    ['database.allocatedStorage', { database: { instanceClass: 'db.t4g.micro', allocatedStorage: 0 } }, /whole number 20-65536/],
    ['database.instanceClass', { database: { instanceClass: 't4g.micro', allocatedStorage: 20 } }, /RDS instance class/],
    ['database.maxAllocatedStorage', { database: { instanceClass: 'db.t4g.micro', allocatedStorage: 100, maxAllocatedStorage: 50 } }, /at least allocatedStorage/],
    ['database.readReplicas', { database: { instanceClass: 'db.t4g.micro', allocatedStorage: 20, readReplicas: 1 } }, /RDS cannot create a read replica.*manages in Secrets Manager/],
    ['database.masterUsername', { database: { instanceClass: 'db.t4g.micro', allocatedStorage: 20, masterUsername: 'postgres' } }, /default, reserved or guessable/],
    ['logRetentionDays', { logRetentionDays: 45 }, /^must be a CloudWatch Logs retention value \(1, 3, 5, .*, 3653\)$/],
    ['logRetentionDays', { logRetentionDays: 30 }, /shortLogRetention/],
    ['monitoring.alarmEmails', { monitoring: { alarmEmails: [] } }, /at least one alarm subscriber/],
    ['monitoring.alarmEmails.0', { monitoring: { alarmEmails: ['not-an-email'] } }, /email address/],
    ['state.backend', { state: { backend: 'gcs' } }, /"s3", "hcp" or "local"/],
    ['relaxations.singleNatGateway.reason', { relaxations: { singleNatGateway: { reason: '' } } }, /reason must say why/],
  ] as [string, Partial<EnvironmentInput>, RegExp][])('rejects a bad %s with a message naming the field', (path, override, message) => {
    const list = problems(devInput(override as Partial<EnvironmentInput>));
    const p = problemAt(list, path);
    expect(p.message).toMatch(message);
    expect(p.source).toBe('environments/dev.ts');
  });

  it('names the offending value in the message', () => {
    const p = problemAt(problems(devInput({ network: { cidr: '10.0.0.0/24', azCount: 3 } })), 'network.cidr');
    expect(p.value).toBe('"10.0.0.0/24"');
    const err = new ConfigError([p]);
    expect(err.message).toContain('environments/dev.ts: network.cidr = "10.0.0.0/24": ');
  });

  it('rejects unknown keys at any depth and lists the allowed ones', () => {
    const raw = { ...devInput(), colour: 'blue', network: { cidr: '10.0.0.0/16', azCount: 2, natMode: 'single' } };
    const list = problems(raw);
    expect(problemAt(list, 'colour').message).toMatch(/unknown key; allowed keys here: app, name, production, account/);
    expect(problemAt(list, 'network.natMode').message).toMatch(/allowed keys here: cidr, azCount, availabilityZones, flowLogRetentionDays/);
  });

  it('reports every problem of every file at once', () => {
    const list = problems(
      devInput({ network: { cidr: 'nope', azCount: 2 }, account: { id: '1', region: 'us-east-1' } }),
      prodInput({ relaxations: { singleAzDatabase: { reason: 'trying to save money here' } } }),
    );
    expect(list.map((p) => `${p.source}:${p.path}`)).toEqual(
      expect.arrayContaining(['environments/dev.ts:account.id', 'environments/prod.ts:relaxations.singleAzDatabase']),
    );
  });

  it('reports schema and cross-field problems of one file together', () => {
    // account.id is a schema problem; the CIDR size and memory/cpu checks are cross-field ones on sections that parsed.
    const list = problems(
      devInput({
        account: { id: 'x', region: 'us-east-1' },
        network: { cidr: '10.0.0.0/26', azCount: 2 },
        compute: { cpu: 256, memory: 4096, desiredCount: 1, image: { tag: 'v1' } },
      }),
    );
    expect(list.map((p) => p.path).sort()).toEqual(['account.id', 'compute.memory', 'network.cidr']);
  });

  it('runs network cross-field checks when another section is malformed', () => {
    const list = problems(devInput({ dns: { domain: 'NOT A DOMAIN', zoneName: 'example.com', hostedZoneId: 'Z0123456789ABCDEFGHIJ' }, network: { cidr: '10.0.0.0/26', azCount: 2 } }));
    expect(list.map((p) => p.path).sort()).toEqual(['dns.domain', 'network.cidr']);
  });

  it.each([
    'singleNatGateway',
    'noVpcEndpoints',
    'singleAzDatabase',
    'noDeletionProtection',
    'skipFinalSnapshot',
    'noCloudFront',
    'shortLogRetention',
    'mutableImageTag',
    'noAlarmSubscribers',
    'offHoursScaleDown',
  ])('refuses the relaxation %s in production', (name) => {
    const p = problemAt(problems(prodInput({ relaxations: { [name]: { reason: 'a reason that is long enough' } } })), `relaxations.${name}`);
    expect(p.message).toMatch(/not allowed in production/);
  });

  describe('compute.offHours (scheduled scaling)', () => {
    type OffHours = NonNullable<EnvironmentInput['compute']['offHours']>;
    const compute = (offHours: OffHours) => ({ compute: { cpu: 1024, memory: 2048, desiredCount: 3, minCount: 3, maxCount: 12, image: { tag: 'v1' }, offHours } });

    it('reports the compute layer\'s refusals at the environment field, with the value and what is allowed', () => {
      const list = problems(devInput(compute({ timezone: 'Mars/Olympus', scaleDown: 'cron(0 20 * * *)', minCount: 4, maxCount: 13 })));
      expect(problemAt(list, 'compute.offHours.timezone')).toMatchObject({ value: '"Mars/Olympus"', message: expect.stringMatching(/canonical IANA time zone/) });
      expect(problemAt(list, 'compute.offHours.scaleDown')).toMatchObject({ value: '"cron(0 20 * * *)"', message: expect.stringMatching(/has 5 fields/) });
      expect(problemAt(list, 'compute.offHours.minCount')).toMatchObject({ value: '4', message: expect.stringMatching(/to minCount \(3\)/) });
      expect(problemAt(list, 'compute.offHours.maxCount')).toMatchObject({ value: '13', message: expect.stringMatching(/to maxCount \(12\)/) });
    });

    it('needs relaxations.offHoursScaleDown for a floor below minCount outside production, and refuses it in production', () => {
      expect(problemAt(problems(devInput(compute({ timezone: 'UTC', minCount: 1 }))), 'compute.offHours.minCount').message).toBe(
        'below compute.minCount (3) needs relaxations.offHoursScaleDown with a reason',
      );
      const [dev] = resolveInputs(devInput({ ...compute({ timezone: 'UTC', minCount: 1 }), relaxations: { offHoursScaleDown: { reason: 'Cost: dev is idle at night.' } } }));
      expect(computeValues(dev).scaling.offHours).toEqual({ timezone: 'UTC', minCount: 1 });
      const prod = problems(prodInput({ ...compute({ timezone: 'UTC', minCount: 2 }), relaxations: { offHoursScaleDown: { reason: 'a reason that is long enough' } } }));
      expect(problemAt(prod, 'relaxations.offHoursScaleDown').message).toMatch(/not allowed in production/);
      expect(problemAt(problems(prodInput(compute({ timezone: 'UTC', minCount: 2 }))), 'compute.offHours.minCount').message).toMatch(/not allowed in production: keep the floor off-hours/);
    });

    it('lets production lower only the ceiling off-hours', () => {
      const [prod] = resolveInputs(prodInput(compute({ timezone: 'Europe/Berlin', minCount: 3, maxCount: 6 })));
      expect(computeValues(prod).scaling).toMatchObject({ minCount: 3, maxCount: 12, offHours: { timezone: 'Europe/Berlin', minCount: 3, maxCount: 6 } });
    });
  });

  it('allows ecsExec in production with a reason', () => {
    const [c] = resolveInputs(prodInput({ relaxations: { ecsExec: { reason: 'incident response needs a shell for now' } } }));
    expect(c.compute.execEnabled).toBe(true);
  });

  it('refuses production rules: latest tag, fewer than 2 tasks, local state', () => {
    const list = problems(
      prodInput({ compute: { cpu: 1024, memory: 2048, desiredCount: 1, image: { tag: 'latest' } }, state: { backend: 'local' } }),
    );
    expect(problemAt(list, 'compute.image.tag').message).toMatch(/never "latest"/);
    expect(problemAt(list, 'compute.desiredCount').message).toMatch(/at least 2 in production/);
    expect(problemAt(list, 'state.backend').message).toMatch(/remotely/);
  });

  it('requires the file name to match the environment name', () => {
    try {
      validateEnvironments([{ source: 'environments/qa.ts', fileName: 'qa', raw: devInput() }]);
      throw new Error('expected failure');
    } catch (e) {
      expect((e as ConfigError).problems[0]).toMatchObject({ path: 'name', message: expect.stringMatching(/file name "qa"/) });
    }
  });

  it('requires all environments of an app to share the state bucket', () => {
    const list = problems(devInput(), prodInput({ state: { backend: 's3', bucket: 'another-bucket', region: 'us-east-1' } }));
    expect(problemAt(list, 'state.bucket').message).toMatch(/share one state bucket/);
  });
});

describe('log retention', () => {
  const relaxed = { shortLogRetention: { reason: 'release checks only; 90 days is enough' } };
  it("the VPC flow logs follow logRetentionDays unless network.flowLogRetentionDays sets theirs (staging's 90 days were 30)", () => {
    const [ninety] = resolveInputs(devInput({ logRetentionDays: 90, relaxations: relaxed }));
    expect([ninety.logRetentionDays, ninety.network.flowLogRetentionDays]).toEqual([90, 90]);
    const [own] = resolveInputs(devInput({ logRetentionDays: 90, relaxations: relaxed, network: { cidr: '10.10.0.0/16', azCount: 2, flowLogRetentionDays: 30 } }));
    expect(own.network.flowLogRetentionDays).toBe(30);
    const [unset] = resolveInputs(devInput({ relaxations: relaxed }));
    expect([unset.logRetentionDays, unset.network.flowLogRetentionDays]).toEqual([30, 30]);
  });
});

describe('a relaxation that does not parse hides no other problem (all at once)', () => {
  it('reports the misspelt relaxation and the problems the other checks find, with the valid relaxations applied', () => {
    const base = prodInput();
    const relaxations = { noCloudFrnt: { reason: 'a misspelt relaxation name' }, singleAzDatabase: { reason: 'a standby doubles the cost' } };
    const list = problems(prodInput({ compute: { ...(base.compute as object), cpu: 256, memory: 300 }, relaxations } as never));
    const paths = list.map((p) => p.path);
    // The schema's: the unknown relaxation.
    expect(paths).toContainEqual(expect.stringMatching(/^relaxations/));
    // The layer's and the environment's, in the same run: the Fargate size, and a relaxation production refuses.
    expect(paths).toContain('compute.memory');
    expect(paths).toContain('relaxations.singleAzDatabase');
  });
});

describe('cross-environment checks', () => {
  it('refuses overlapping VPC CIDRs in one account and region', () => {
    const list = problems(devInput(), devInput({ name: 'qa', network: { cidr: '10.10.128.0/17', azCount: 2 } }));
    expect(problemAt(list, 'network.cidr').message).toMatch(/overlaps environments\/dev.ts \(10.10.0.0\/16\) in the same account and region/);
  });

  it("refuses a host name another environment serves (its records and certificate validation would take over the other's)", () => {
    const dev = devInput();
    const list = problems(dev, devInput({ name: 'qa', network: { cidr: '10.11.0.0/16', azCount: 2 } }));
    expect(list.map((p) => [p.source, p.path, p.message])).toEqual([
      ['environments/qa.ts', 'dns.domain', `is also an API host name of environments/dev.ts: each environment needs host names of its own`],
    ]);
    // An alternative name counts too, and its own host names pass.
    const alt = problems(dev, devInput({ name: 'qa', network: { cidr: '10.11.0.0/16', azCount: 2 }, dns: { ...dev.dns, domain: 'api.qa.example.com', alternativeNames: [(dev.dns as { domain: string }).domain] } }));
    expect(alt.map((p) => [p.path, p.message.split(':')[0]])).toEqual([['dns.alternativeNames.0', 'is also an API host name of environments/dev.ts']]);
    expect(() => resolveInputs(dev, devInput({ name: 'qa', network: { cidr: '10.11.0.0/16', azCount: 2 }, dns: { ...dev.dns, domain: 'api.qa.example.com' } }))).not.toThrow();
  });

  it('allows the same CIDR in different accounts', () => {
    expect(() => resolveInputs(devInput(), prodInput({ network: { cidr: '10.10.0.0/16', azCount: 3 } }))).not.toThrow();
  });
});

describe('multi-account model: state and DNS across accounts', () => {
  const zone = { domain: 'api.dev.example.com', zoneName: 'example.com', hostedZoneId: 'Z0123456789ABCDEFGHIJ' };

  it('requires state.roleArn when the state account differs from account.id, naming both accounts and an example role', () => {
    const p = problemAt(problems(devInput({ state: { ...sharedState('dev'), roleArn: undefined } })), 'state.roleArn');
    expect(p.value).toBeUndefined();
    expect(p.message).toMatch(/is required: the state bucket example-tfstate is in account 333333333333 \(state.accountId\) and this environment runs in 111111111111 \(account.id\)/);
    expect(p.message).toContain('arn:aws:iam::333333333333:role/helloapi-state-dev');
  });

  it('refuses a state role outside the state account', () => {
    const p = problemAt(problems(devInput({ state: { ...sharedState('dev'), roleArn: 'arn:aws:iam::111111111111:role/helloapi-state-dev' } })), 'state.roleArn');
    expect(p.value).toBe('"arn:aws:iam::111111111111:role/helloapi-state-dev"');
    expect(p.message).toMatch(/must be a role in account 333333333333, where the state bucket example-tfstate is \(state.accountId\).*names account 111111111111/);
  });

  it('refuses a state role of another partition than the state region', () => {
    const p = problemAt(problems(devInput({ state: { ...sharedState('dev'), roleArn: 'arn:aws-cn:iam::333333333333:role/helloapi-state-dev' } })), 'state.roleArn');
    expect(p.message).toMatch(/must be in partition aws \(region us-east-1, state.region, and this environment's region us-east-1, account.region\): .*AssumeRole cannot cross partitions; the ARN names partition aws-cn/);
  });

  describe('review 16 nit 16: roles that would be ignored, cross-partition roles, over-long role names', () => {
    const govAccount = { id: '111111111111', region: 'us-gov-west-1', baseline: 'nonprod' as const };

    it('refuses dns.roleArn when the zone is in the environment account (it would be silently ignored), saying what to do', () => {
      for (const dns of [
        { ...zone, roleArn: 'arn:aws:iam::111111111111:role/helloapi-dns-dev' },
        { ...zone, accountId: '111111111111', roleArn: 'arn:aws:iam::111111111111:role/helloapi-dns-dev' },
      ]) {
        const p = problemAt(problems(devInput({ dns })), 'dns.roleArn');
        expect(p.source).toBe('environments/dev.ts');
        expect(p.value).toBe('"arn:aws:iam::111111111111:role/helloapi-dns-dev"');
        expect(p.message).toMatch(/would be ignored: the hosted zone Z0123456789ABCDEFGHIJ is in this environment's own account 111111111111 \((account\.id|dns\.accountId)\)/);
        expect(p.message).toMatch(/no role is assumed; remove dns\.roleArn, or, if the zone is in another account, set dns\.accountId to that account/);
      }
      // The zone in the environment account without a role stays valid.
      expect(() => resolveInputs(devInput({ dns: zone }))).not.toThrow();
    });

    it("checks the state role's partition against the environment's region, not only the state region", () => {
      // A GovCloud environment whose state is in aws-us-gov: an aws-partition role could never be assumed.
      const p = problemAt(
        problems(devInput({ account: govAccount, dns: zone, state: { ...sharedState('dev'), region: 'us-gov-east-1', roleArn: 'arn:aws:iam::333333333333:role/helloapi-state-dev' } })),
        'state.roleArn',
      );
      expect(p.value).toBe('"arn:aws:iam::333333333333:role/helloapi-state-dev"');
      expect(p.message).toMatch(/must be in partition aws-us-gov \(region us-gov-east-1, state.region, and this environment's region us-gov-west-1, account.region\): .*AssumeRole cannot cross partitions; the ARN names partition aws; e.g. arn:aws-us-gov:iam::333333333333:role\/helloapi-state-dev/);

      // State in the aws partition, environment in GovCloud: the role matches the state region (accepted before)
      // but the environment's credentials cannot assume it; no role can serve both, and the message says so.
      const list = problems(devInput({ account: govAccount, dns: zone, state: sharedState('dev') }));
      const mismatch = list.filter((x) => x.path === 'state.roleArn');
      expect(mismatch).toHaveLength(1);
      expect(mismatch[0].message).toMatch(
        /must be in partition aws-us-gov, the partition of this environment's region us-gov-west-1 \(account.region\): .*AssumeRole cannot cross partitions; the ARN names partition aws; the state bucket example-tfstate is in partition aws \(state.region us-east-1\), so no role can serve this environment: keep it in partition aws-us-gov/,
      );

      // The DNS role is held to the environment's partition too.
      const dns = problemAt(problems(devInput({ account: govAccount, dns: { ...zone, ...sharedZone('dev') }, state: { backend: 'local' } })), 'dns.roleArn');
      expect(dns.message).toMatch(/must be in partition aws-us-gov \(region us-gov-west-1, account.region\): .*AssumeRole cannot cross partitions/);

      // The matching partition everywhere raises no role problem. (GovCloud has no known GuardDuty Fargate agent
      // repository: the compute layer's rule refuses the region; and no CloudFront origin-facing prefix list in the
      // edge layer's table, so CloudFront needs edge.cloudFrontOriginPrefixListId: the only problems left.)
      expect(
        problems(
          devInput({
            account: govAccount,
            dns: { ...zone, accountId: '333333333333', roleArn: 'arn:aws-us-gov:iam::333333333333:role/helloapi-dns-dev' },
            state: { ...sharedState('dev'), region: 'us-gov-east-1', roleArn: 'arn:aws-us-gov:iam::333333333333:role/helloapi-state-dev' },
          }),
        ).map((x) => x.path),
      ).toEqual(['edge.cloudFrontOriginPrefixListId', 'account.region']);
    });

    it("refuses role names longer than IAM's 64 characters (the path does not count)", () => {
      const long = 'r'.repeat(65);
      const p = problemAt(problems(devInput({ state: { ...sharedState('dev'), roleArn: `arn:aws:iam::333333333333:role/${long}` } })), 'state.roleArn');
      expect(p.message).toBe(`names role "${long}" (65 characters); IAM role names are at most 64 characters (a path before the name does not count), e.g. arn:aws:iam::333333333333:role/helloapi-state-dev`);
      const dns = problemAt(problems(devInput({ dns: { ...zone, ...sharedZone('dev'), roleArn: `arn:aws:iam::333333333333:role/team/${long}` } })), 'dns.roleArn');
      expect(dns.message).toMatch(/names role "r{65}" \(65 characters\); IAM role names are at most 64 characters/);
      const longPathOk = `arn:aws:iam::333333333333:role/${'p'.repeat(80)}/${'r'.repeat(64)}`;
      expect(() => resolveInputs(devInput({ state: { ...sharedState('dev'), roleArn: longPathOk } }))).not.toThrow();
    });

    it('reports every role problem at once, each with file, field and value', () => {
      const list = problems(
        devInput({
          account: govAccount,
          dns: { ...zone, roleArn: 'arn:aws-us-gov:iam::111111111111:role/helloapi-dns-dev' },
          state: { ...sharedState('dev'), region: 'us-gov-east-1', roleArn: `arn:aws:iam::333333333333:role/${'x'.repeat(70)}` },
        }),
      );
      const roles = list.filter((x) => x.path === 'dns.roleArn' || x.path === 'state.roleArn');
      expect(roles.map((x) => [x.source, x.path, x.message.split(':')[0]])).toEqual([
        ['environments/dev.ts', 'dns.roleArn', 'would be ignored'],
        ['environments/dev.ts', 'state.roleArn', 'must be in partition aws-us-gov (region us-gov-east-1, state.region, and this environment\'s region us-gov-west-1, account.region)'],
        ['environments/dev.ts', 'state.roleArn', `names role "${'x'.repeat(70)}" (70 characters); IAM role names are at most 64 characters (a path before the name does not count), e.g. arn`],
      ]);
      expect(roles.every((x) => x.value !== undefined)).toBe(true);
    });
  });

  it('needs no state role when the bucket is in the environment account (and the role, if named, must be there)', () => {
    const own = { backend: 's3' as const, bucket: 'example-tfstate', region: 'us-east-1' };
    const [c] = resolveInputs(devInput({ state: own }));
    expect(stateLocation(c).roleArn).toBeUndefined();
    const p = problemAt(problems(devInput({ state: { ...own, roleArn: 'arn:aws:iam::333333333333:role/x' } })), 'state.roleArn');
    expect(p.message).toMatch(/must be a role in account 111111111111, where the state bucket example-tfstate is \(account.id\)/);
  });

  it('refuses a malformed role ARN in the schema, saying what is allowed', () => {
    const list = problems(devInput({ state: { ...sharedState('dev'), roleArn: 'helloapi-state-dev' }, dns: { ...zone, accountId: '33', roleArn: 'arn:aws:iam::333333333333:user/x' } }));
    expect(problemAt(list, 'state.roleArn').message).toMatch(/IAM role ARN such as arn:aws:iam::123456789012:role\/name/);
    expect(problemAt(list, 'dns.accountId').message).toMatch(/12 digits/);
    expect(problemAt(list, 'dns.roleArn').message).toMatch(/IAM role ARN/);
  });

  it('requires dns.roleArn when the zone lives in another account, and a role in that account', () => {
    const missing = problemAt(problems(devInput({ dns: { ...zone, accountId: '333333333333' } })), 'dns.roleArn');
    expect(missing.message).toMatch(/is required: the hosted zone Z0123456789ABCDEFGHIJ is in account 333333333333 \(dns.accountId\) and this environment runs in 111111111111/);
    expect(missing.message).toContain('arn:aws:iam::333333333333:role/helloapi-dns-dev');
    const elsewhere = problemAt(problems(devInput({ dns: { ...zone, accountId: '333333333333', roleArn: 'arn:aws:iam::444444444444:role/dns' } })), 'dns.roleArn');
    expect(elsewhere.message).toMatch(/must be a role in account 333333333333, where the hosted zone Z0123456789ABCDEFGHIJ is \(dns.accountId\)/);
  });

  it('resolves dns.accountId to account.id and keeps roleArn undefined when the zone is local', () => {
    const [c] = resolveInputs(devInput({ dns: zone }));
    expect(c.dns).toMatchObject({ accountId: '111111111111', roleArn: undefined, hostedZoneId: 'Z0123456789ABCDEFGHIJ' });
    const [shared] = resolveInputs(devInput());
    expect(shared.dns).toMatchObject({ accountId: '333333333333', roleArn: 'arn:aws:iam::333333333333:role/helloapi-dns-dev' });
  });

  it('refuses environments that disagree on the account of one hosted zone', () => {
    const list = problems(devInput(), prodInput({ dns: { domain: 'api.example.com', zoneName: 'example.com', hostedZoneId: 'Z0123456789ABCDEFGHIJ' } }));
    const p = problemAt(list, 'dns.accountId');
    expect(p.source).toBe('environments/prod.ts');
    expect(p.value).toBe('"222222222222"');
    expect(p.message).toMatch(/must be 333333333333, the account environments\/dev.ts gives for hosted zone Z0123456789ABCDEFGHIJ/);
  });

  it('refuses one state role shared by environments in different accounts', () => {
    const p = problemAt(problems(devInput(), prodInput({ state: sharedState('dev') })), 'state.roleArn');
    expect(p.source).toBe('environments/prod.ts');
    expect(p.message).toMatch(/is also the state role of environments\/dev.ts in account 111111111111; a state role trusts one account.*role\/helloapi-state-prod/);
  });

  it('allows one state role for environments in the same account', () => {
    expect(() => resolveInputs(devInput(), devInput({ name: 'qa', network: { cidr: '10.20.0.0/16', azCount: 2 }, dns: { ...zone, domain: 'api.qa.example.com', ...sharedZone('qa') } }))).not.toThrow();
  });

  it('resolves the state location: role, partition and the state key alias ARN, with kmsKeyId overriding', () => {
    const [dev, prod] = resolveInputs(devInput(), prodInput({ state: { ...sharedState('prod'), kmsKeyId: 'arn:aws:kms:us-east-1:333333333333:key/abc' } }));
    expect(stateLocation(dev)).toEqual({
      bucket: 'example-tfstate',
      region: 'us-east-1',
      accountId: '333333333333',
      dynamodbTable: undefined,
      partition: 'aws',
      roleArn: 'arn:aws:iam::333333333333:role/helloapi-state-dev',
      kmsKeyId: 'arn:aws:kms:us-east-1:333333333333:alias/helloapi-state/terraform-state',
    });
    expect(stateLocation(prod)).toMatchObject({ roleArn: 'arn:aws:iam::333333333333:role/helloapi-state-prod', kmsKeyId: 'arn:aws:kms:us-east-1:333333333333:key/abc' });
    expect(stateKmsKeyAlias('shop')).toBe('alias/shop-state/terraform-state');
  });

  it('uses the partition of the state region in the key ARN', () => {
    const cn = devInput({
      account: { id: '111111111111', region: 'cn-north-1', baseline: 'nonprod' },
      dns: zone,
      state: { backend: 's3', bucket: 'example-tfstate', region: 'cn-northwest-1', accountId: '333333333333', roleArn: 'arn:aws-cn:iam::333333333333:role/helloapi-state-dev' },
    });
    // China has no known GuardDuty Fargate agent repository (the compute layer's rule) nor a CloudFront origin-facing
    // prefix list in the edge layer's table: the only problems; the state location as it resolves is still computed.
    expect(problems(cn).map((p) => p.path)).toEqual(['edge.cloudFrontOriginPrefixListId', 'account.region']);
    const c = resolve(environmentSchema.parse(cn), 'environments/dev.ts');
    expect(stateLocation(c).kmsKeyId).toBe('arn:aws-cn:kms:cn-northwest-1:333333333333:alias/helloapi-state/terraform-state');
    expect([partitionOf('us-east-1'), partitionOf('cn-north-1'), partitionOf('us-gov-west-1')]).toEqual(['aws', 'aws-cn', 'aws-us-gov']);
  });

  it('compares only the shared state fields across environments (roles differ per environment)', () => {
    expect(() => resolveInputs(devInput(), prodInput())).not.toThrow();
    const list = problems(devInput(), prodInput({ state: { ...sharedState('prod'), region: 'us-west-2' } }));
    expect(problemAt(list, 'state.region').message).toMatch(/share one state bucket/);
    expect(list.find((p) => p.path === 'state.roleArn')).toBeUndefined();
  });
});

describe('issue 16 item 9: loading errors reported like any other problem (file, field, value, what is allowed)', () => {
  const zone = { domain: 'api.dev.example.com', zoneName: 'example.com', hostedZoneId: 'Z0123456789ABCDEFGHIJ' };

  it('refuses a region-shaped but unknown account.region, naming the closest and every known region', () => {
    const p = problemAt(problems(devInput({ account: { id: '111111111111', region: 'us-east-9', baseline: 'nonprod' } })), 'account.region');
    expect(p.source).toBe('environments/dev.ts');
    expect(p.value).toBe('"us-east-9"');
    expect(p.message).toMatch(/^is not a known AWS region; closest: us-east-1, us-east-2\. Known regions \(hashicorp\/aws 5\.100\.0; modules\/config\/regions\.ts\): af-south-1, /);
    for (const r of KNOWN_AWS_REGIONS) expect(p.message).toContain(r);
  });

  it('refuses an unknown state.region the same way', () => {
    const p = problemAt(problems(devInput({ state: { ...sharedState('dev'), region: 'eu-west-9' } })), 'state.region');
    expect(p.value).toBe('"eu-west-9"');
    expect(p.message).toMatch(/not a known AWS region; closest: eu-west-1, eu-west-2, eu-west-3/);
  });

  it('accepts every region of the table, China and GovCloud included; the compute layer refuses those without a known GuardDuty agent repository', () => {
    const env = (region: string, edge = {}) => devInput({ account: { id: '111111111111', region, baseline: 'nonprod' }, dns: zone, state: { backend: 'local' }, edge });
    // A region outside the edge layer's table of CloudFront origin-facing prefix lists needs the ID given (issue 17).
    for (const [region, edge] of [['ca-central-1', {}], ['me-central-1', { cloudFrontOriginPrefixListId: 'pl-0123456789abcdef0' }]] as const) {
      expect(resolveInputs(env(region, edge))[0].network.availabilityZones[0]).toBe(`${region}a`);
    }
    // Known regions (no "is not a known AWS region"), refused by the GuardDuty agent rule (issue 18: the
    // Compute construct refused them at synth after the validator had accepted them) and, with CloudFront on,
    // asked for the prefix-list ID the table does not have.
    for (const region of ['cn-north-1', 'us-gov-west-1', 'ap-east-2', 'mx-central-1']) {
      expect(problems(env(region)).map((p) => [p.path, p.message.split(' (')[0].split(':')[0]])).toEqual([
        ['edge.cloudFrontOriginPrefixListId', `is required in region ${region}`],
        ['account.region', 'has no known GuardDuty Fargate agent repository'],
      ]);
    }
  });

  it('refuses database.engineVersion below the construct minimum in the validator, with file, field and value', () => {
    const p = problemAt(problems(devInput({ database: { instanceClass: 'db.t4g.micro', allocatedStorage: 20, engineVersion: '10' } })), 'database.engineVersion');
    expect(p).toMatchObject({ source: 'environments/dev.ts', value: '"10"' });
    expect(p.message).toBe(`is too old: PostgreSQL ${MIN_POSTGRES_MAJOR} or later`);
  });

  it('uses the construct rule for engine versions (the minimum major is accepted, the one before it is not)', () => {
    const db = (engineVersion: string) => devInput({ database: { instanceClass: 'db.t4g.micro', allocatedStorage: 20, engineVersion } });
    expect(resolveInputs(db(String(MIN_POSTGRES_MAJOR)))[0].database.engineVersion).toBe(String(MIN_POSTGRES_MAJOR));
    expect(resolveInputs(db(`${MIN_POSTGRES_MAJOR}.4`))[0].database.engineVersion).toBe(`${MIN_POSTGRES_MAJOR}.4`);
    expect(problemAt(problems(db(String(MIN_POSTGRES_MAJOR - 1))), 'database.engineVersion').message).toMatch(/too old/);
    expect(problemAt(problems(db('17.x')), 'database.engineVersion').message).toMatch(/major such as 17, or major.minor such as 17.4/);
    expect(resolveInputs(devInput())[0].database.engineVersion).toBe('17');
  });

  it('refuses a suppression of an unknown rule at policy.suppressions.N.rule, with the known ids of the area', () => {
    const suppressions = [
      { rule: 'HAPI-WAF-08', reason: 'staging observes the new rule group first' },
      { rule: 'HAPI-RDS-03', reason: 'single-AZ database is relaxed already here' },
      { rule: 'HAPI-NOPE-01', reason: 'a rule that does not exist at all' },
      { rule: 'HAPI-WAF-99', reason: 'a WAF rule number that does not exist' },
    ];
    const list = problems(devInput({ policy: { suppressions } }));
    const nope = problemAt(list, 'policy.suppressions.2.rule');
    expect(nope).toMatchObject({ source: 'environments/dev.ts', value: '"HAPI-NOPE-01"' });
    expect(nope.message).toMatch(/^unknown rule; rule ids look like HAPI-<AREA>-NN with AREA one of ACCT, ACM, .*WAF.* \(docs\/policy-rules\.md\)$/);
    expect(problemAt(list, 'policy.suppressions.3.rule').message).toMatch(/^unknown rule; the HAPI-WAF rules are HAPI-WAF-01, HAPI-WAF-02, .*HAPI-WAF-09(, HAPI-WAF-\d\d)* \(docs\/policy-rules\.md\)$/);
    expect(list.filter((p) => p.path.startsWith('policy.'))).toHaveLength(2);
  });

  it('reports region, engine version and suppression problems of several files at once, before any stack is built', () => {
    const list = problems(
      devInput({ account: { id: '111111111111', region: 'us-east-9', baseline: 'nonprod' }, database: { instanceClass: 'db.t4g.micro', allocatedStorage: 20, engineVersion: '10' } }),
      prodInput({ policy: { suppressions: [{ rule: 'HAPI-NOPE-01', reason: 'a rule that does not exist at all' }] } }),
    );
    expect(list.map((p) => `${p.source}:${p.path}`).sort()).toEqual(['environments/dev.ts:account.region', 'environments/dev.ts:database.engineVersion', 'environments/prod.ts:policy.suppressions.0.rule']);
  });
});

describe("issue 18: the layers' own props checks, on the fields they come from", () => {
  it('reports every problem of one file at once: the layers\' (network, database, edge, compute, monitoring, account baseline) and the environment\'s', () => {
    const list = problems(
      devInput({
        network: { cidr: '10.10.0.0/26', azCount: 2, availabilityZones: ['us-east-1a', 'us-east-1a'], flowLogRetentionDays: 45 },
        compute: { cpu: 256, memory: 4096, desiredCount: 2, minCount: 3, maxCount: 1, containerPort: 80, healthCheckPath: 'health', image: { tag: 'latest' } },
        database: { instanceClass: 'db.t4g.micro', allocatedStorage: 20, masterUsername: 'master', engineVersion: '10', maintenanceWindow: 'Sun:03:30-Sun:04:30', backupRetentionDays: 3 },
        logRetentionDays: 30,
        edge: { wafRuleModes: { nope: 'count' }, extraWafManagedRuleGroups: ['AWSManagedRulesLinuxRuleSet', 'AWSManagedRulesLinuxRuleSet'] },
        monitoring: { alarmEmails: [], thresholds: { ecsCpuPercent: 150, p99LatencySeconds: -1 } },
        accountBaseline: { cloudTrail: { logRetentionDays: 45 }, securityHub: { standards: ['cis-3.0.0', 'cis-3.0.0'] } },
      }),
    );
    expect(list.map((p) => [p.path, p.value, p.message.replace(/ \(1, 3, 5, .*\)$/, ' (...)')])).toEqual([
      ['network.availabilityZones', '["us-east-1a","us-east-1a"]', 'must not repeat a zone'],
      ['network.cidr', '"10.10.0.0/26"', expect.stringMatching(/is too small for 6 subnets/)],
      // The network layer refuses the port its app security group would admit, in the compute layer's words (reported once).
      ['compute.containerPort', '80', 'must be a whole number 1024-65535 (the container runs as non-root)'],
      ['network.flowLogRetentionDays', '45', 'must be a CloudWatch Logs retention value (...)'],
      ['database.engineVersion', '"10"', expect.stringMatching(/^is too old: PostgreSQL \d+ or later$/)],
      ['database.masterUsername', '"master"', expect.stringMatching(/^is a default, reserved or guessable name/)],
      ['database.backupRetentionDays', '3', 'must be a whole number 7-35'],
      // The layer reports an overlap on backupWindow; it is the maintenance window that is set, shown as written.
      ['database.maintenanceWindow', '"Sun:03:30-Sun:04:30"', 'the default backupWindow "03:00-04:00" overlaps maintenanceWindow "sun:03:30-sun:04:30" (on sun); RDS refuses overlapping windows'],
      ['edge.wafRuleModes.nope', '"count"', expect.stringMatching(/^names no rule of the web ACLs; the rules are rate-limit-per-ip, /)],
      ['edge.extraWafManagedRuleGroups', '"AWSManagedRulesLinuxRuleSet"', 'two rules are named "AWSManagedRulesLinuxRuleSet"'],
      ['compute.healthCheckPath', '"health"', 'must be an absolute URL path'],
      ['compute.memory', '4096', 'with cpu 256 must be 512, 1024, 2048 MiB'],
      ['compute.minCount', '3', 'must not exceed desiredCount (2)'],
      ['compute.maxCount', '1', 'must be at least desiredCount (2)'],
      ['compute.image.tag', '"latest"', '"latest" needs relaxations.mutableImageTag with a reason; prefer an immutable tag or a digest'],
      ['monitoring.thresholds.p99LatencySeconds', '-1', 'must be a number >= 0'],
      ['monitoring.thresholds.ecsCpuPercent', '150', 'is a percentage: 0-100'],
      ['accountBaseline.cloudTrail.logRetentionDays', '45', 'must be a CloudWatch Logs retention value (...)'],
      ['accountBaseline.securityHub.standards', '["cis-3.0.0","cis-3.0.0"]', 'lists a standard twice'],
      // Then what only the environment knows: relaxations, subscribers.
      ['logRetentionDays', '30', 'below 365 days needs relaxations.shortLogRetention with a reason'],
      ['monitoring.alarmEmails', '[]', expect.stringMatching(/^at least one alarm subscriber is required/)],
    ]);
  });

  it("uses the layer's message for the layer's fact (one home): the network layer's CIDR check, the compute layer's Fargate sizes", () => {
    const network = networkPropsProblems({ name: 'x', accountId: '111111111111', region: 'us-east-1', cidr: '10.10.0.0/26', availabilityZones: ['us-east-1a', 'us-east-1b'] });
    expect(problemAt(problems(devInput({ network: { cidr: '10.10.0.0/26', azCount: 2 } })), 'network.cidr').message).toBe(network.find((p) => p.prop === 'cidr')?.message);
    expect(problemAt(problems(devInput({ compute: { cpu: 256, memory: 4096, desiredCount: 1, image: { tag: 'v1' } } })), 'compute.memory').message).toBe(fargateSizeProblems({ cpu: 256, memory: 4096 })[0].message);
  });

  it('reports a value refused by two layers once (logRetentionDays feeds the database and compute layers)', () => {
    const list = problems(devInput({ logRetentionDays: 45 })).filter((p) => p.path === 'logRetentionDays');
    expect(list).toHaveLength(1);
  });

  it("refuses a stack name longer than the layers' shortest name limit once, with its length and what to shorten; the account baseline's on account.baseline", () => {
    const list = problems(devInput({ app: 'averylongapp14', name: 'averylongenv', account: { id: '111111111111', region: 'ap-southeast-2', baseline: 'nonprod' } }));
    expect(list.map((p) => [p.path, p.value, p.message])).toEqual([
      [
        'name',
        '"averylongenv"',
        'in the stack name "averylongapp14-averylongenv" (<app>-<name>, which prefixes every resource name): is 27 characters long, at most 24 (the network and compute layers\' limit): shorten app or name',
      ],
      [
        'account.baseline',
        '"nonprod"',
        `in the account baseline's stack name "averylongapp14-account-nonprod" (<app>-account-<account.baseline>, which prefixes its resource names): is 30 characters long, at most 24: shorten account.baseline to at most 1 character`,
      ],
    ]);
    // Both stack names of exactly 24 characters: within every layer's limit.
    expect(resolveInputs(devInput({ app: 'helloapiabc', name: 'abcdefghijkl', account: { id: '111111111111', region: 'us-east-1', baseline: 'abcd' } }))[0].stackName).toBe('helloapiabc-abcdefghijkl');
  });

  it('refuses an app name that leaves the account baseline no room (at most 14 characters: <app>-account-<label> in 24)', () => {
    const list = problems(devInput({ app: 'averylongapp15x' }));
    expect(list.map((p) => [p.path, p.message])).toContainEqual(['app', "must be at most 14 characters (the account baseline's stack name <app>-account-<label> must fit 24)"]);
  });

  it('says when the refused value is the default of a field that is not set', () => {
    const p = problemAt(problems(devInput({ database: { instanceClass: 'db.t4g.micro', allocatedStorage: 20000 } })), 'database.maxAllocatedStorage');
    expect(p).toMatchObject({ value: '100000', message: 'must be a whole number 20-65536 (the default while database.maxAllocatedStorage is not set)' });
  });

  it('never shows an alarm webhook URL (it often carries a secret)', () => {
    const list = problems(devInput({ monitoring: { alarmEmails: ['ops@example.com'], alarmHttpsEndpoints: ['http://hooks.example.com/T0KEN'] } }));
    expect(problemAt(list, 'monitoring.alarmHttpsEndpoints.0')).toMatchObject({ value: undefined, message: 'must be an https:// URL' });
    expect(new ConfigError(list).message).not.toContain('T0KEN');
  });

  it('production: the latest tag is refused with the production rule, also next to the relaxation', () => {
    const list = problems(prodInput({ compute: { cpu: 1024, memory: 2048, desiredCount: 2, image: { tag: 'latest' } }, relaxations: { mutableImageTag: { reason: 'testing in production again' } } }));
    expect(list.map((p) => [p.path, p.message.split(' (')[0]])).toEqual([
      ['compute.image.tag', 'production must run an immutable tag or a digest, never "latest"'],
      ['relaxations.mutableImageTag', 'is not allowed in production'],
    ]);
  });

  it('runs the layer checks on the sections that parsed, never reporting a field of a section that did not (the schema did)', () => {
    // account does not parse: the zones (checked against account.region) are not checked, the CIDR and compute are.
    const list = problems(
      devInput({
        account: { id: 'x', region: 'eu-west-1' } as never,
        dns: { domain: 'NOPE' } as never,
        network: { cidr: '10.10.0.0/26', azCount: 2, availabilityZones: ['us-east-1a', 'us-east-1b'] },
        compute: { cpu: 300, memory: 512, desiredCount: 1, image: { tag: 'v1' } },
      }),
    );
    expect(list.map((p) => p.path)).toEqual(['account.id', 'dns.domain', 'dns.zoneName', 'dns.hostedZoneId', 'network.cidr', 'compute.cpu']);
  });

  it("reports the compute layer's GuardDuty agent region rule on account.region, with the regions allowed, alongside the other problems", () => {
    const list = problems(
      devInput({
        account: { id: '111111111111', region: 'ap-northeast-1', baseline: 'nonprod' },
        compute: { cpu: 256, memory: 4096, desiredCount: 1, image: { tag: 'v1' } },
      }),
    );
    expect(list.map((p) => p.path)).toEqual(['compute.memory', 'account.region']);
    const p = problemAt(list, 'account.region');
    expect(p).toMatchObject({ source: 'environments/dev.ts', value: '"ap-northeast-1"' });
    expect(p.message).toMatch(/^has no known GuardDuty Fargate agent repository \(the compute layer lets the task execution role pull the Runtime Monitoring agent from it\); regions with one: us-east-1, /);
    for (const r of Object.keys(GUARDDUTY_FARGATE_AGENT_ACCOUNTS)) expect(p.message).toContain(r);
  });

  it('refuses exactly the regions the Compute construct refuses (the layer rule, one home)', () => {
    const zone = { domain: 'api.dev.example.com', zoneName: 'example.com', hostedZoneId: 'Z0123456789ABCDEFGHIJ' };
    const verdicts = KNOWN_AWS_REGIONS.map((region) => {
      const [c] = resolveInputs(devInput());
      const layer = computePropsProblems({ ...computeValues(c), region }).some((p) => p.prop === 'region');
      let validator = false;
      try {
        resolveInputs(devInput({ account: { id: '111111111111', region, baseline: 'nonprod' }, dns: zone, state: { backend: 'local' } }));
      } catch (e) {
        validator = (e as ConfigError).problems.some((p) => p.path === 'account.region');
      }
      return [region, layer, validator];
    });
    expect(verdicts.filter(([, layer, validator]) => layer !== validator)).toEqual([]);
    expect(verdicts.filter(([, layer]) => layer).map(([r]) => r)).toEqual(expect.arrayContaining(['ap-northeast-1', 'cn-north-1', 'us-gov-west-1']));
  });

  describe("the way past the GuardDuty agent region rule: the account's GuardDuty injects no agent (accountBaseline.guardDuty)", () => {
    const tokyo = { id: '111111111111', region: 'ap-northeast-1', baseline: 'nonprod' };
    const tokyoZone = { domain: 'api.dev.example.com', zoneName: 'example.com', hostedZoneId: 'Z0123456789ABCDEFGHIJ' };
    const env = (guardDuty?: { runtimeMonitoring?: boolean; ecsFargateAgentManagement?: boolean }) =>
      devInput({ account: tokyo, dns: tokyoZone, state: { backend: 'local' }, ...(guardDuty ? { accountBaseline: { guardDuty } } : {}) });

    it('refuses ap-northeast-1 while the agent is on, naming the field, the value, the regions allowed and the way out', () => {
      for (const on of [undefined, { runtimeMonitoring: true, ecsFargateAgentManagement: true }]) {
        const list = problems(env(on));
        expect(list.map((p) => p.path)).toEqual(['account.region']);
        const [p] = list;
        expect(p).toMatchObject({ source: 'environments/dev.ts', value: '"ap-northeast-1"' });
        expect(p.message).toMatch(/^has no known GuardDuty Fargate agent repository .*; regions with one: us-east-1, /);
        for (const r of Object.keys(GUARDDUTY_FARGATE_AGENT_ACCOUNTS)) expect(p.message).toContain(r);
        expect(p.message).toContain(
          'or turn the agent off for the account with accountBaseline.guardDuty.ecsFargateAgentManagement: false (or runtimeMonitoring: false; in every environment of account.baseline "nonprod")',
        );
      }
    });

    it.each([
      ['runtimeMonitoring: false', { runtimeMonitoring: false }],
      ['ecsFargateAgentManagement: false', { ecsFargateAgentManagement: false }],
    ])('accepts ap-northeast-1 with %s: the compute layer gets guardDutyRuntimeMonitoring: false', (_name, guardDuty) => {
      const [c] = resolveInputs(env(guardDuty));
      expect(c.account.region).toBe('ap-northeast-1');
      expect(computeValues(c).guardDutyRuntimeMonitoring).toBe(false);
      expect(computePropsProblems({ ...computeValues(c), network: { containerPort: 8000 } })).toEqual([]);
    });

    it('passes the agent setting on in every region: on by default, so committed environments keep the agent pull', () => {
      expect(computeValues(resolveInputs(devInput())[0]).guardDutyRuntimeMonitoring).toBe(true);
      for (const c of loadEnvironments()) expect([c.name, computeValues(c).guardDutyRuntimeMonitoring]).toEqual([c.name, c.accountBaseline.guardDuty.runtimeMonitoring && c.accountBaseline.guardDuty.ecsFargateAgentManagement]);
    });

    it('leaves the region rule out when accountBaseline did not parse (its problem is reported there)', () => {
      const list = problems(devInput({ account: tokyo, dns: tokyoZone, state: { backend: 'local' }, accountBaseline: { guardDuty: { runtimeMonitoring: 'no' } } as never }));
      expect(list.map((p) => p.path)).toEqual(['accountBaseline.guardDuty.runtimeMonitoring']);
    });
  });

  it("the layers' checks need no wiring: databaseValueProblems and edgeValueProblems take the props without other layers' outputs", () => {
    const [c] = resolveInputs(devInput());
    expect(databaseValueProblems({ ...databaseValues(c), allocatedStorage: 10 })).toEqual([{ prop: 'allocatedStorage', value: 10, message: 'must be a whole number 20-65536' }]);
    expect(edgeValueProblems({ ...edgeValues(c), wafRuleModes: { nope: 'count' } }).map((p) => p.prop)).toEqual(['wafRuleModes.nope']);
  });
});

describe('issue 18: the schema checks names, DNS names, account IDs and URL paths with the shared patterns (core/patterns)', () => {
  const label = (n: number) => 'a'.repeat(n);
  it('dns names: the verdict of isDnsName, 253 characters at most', () => {
    const names = ['api.example.com', 'a.bc', 'x', '', 'API.example.com', 'api.example.com.', '*.example.com', 'a..b.com', '-a.com', 'a.c1', 'api.example.com\n'];
    const longest = [label(63), label(63), label(63), label(61)].join('.');
    for (const name of [...names, longest, `${longest}a`]) {
      expect([name, dnsSchema.shape.domain.safeParse(name).success, dnsSchema.shape.zoneName.safeParse(name).success]).toEqual([name, isDnsName(name), isDnsName(name)]);
    }
    expect(isDnsName(longest)).toBe(true);
    expect(isDnsName(`${longest}a`)).toBe(false);
  });

  it('account IDs, names and per-path rate-limit paths: the shared patterns', () => {
    const account = (id: string) => environmentSchema.shape.account.safeParse({ id, region: 'us-east-1' }).success;
    for (const id of ['123456789012', '12345678901', '1234567890123', '12345678901a', '\uff11'.repeat(12)]) expect([id, account(id)]).toEqual([id, new RegExp(ACCOUNT_ID_PATTERN).test(id)]);
    for (const name of ['dev', 'd', 'dev-', '1dev', 'Dev', 'qa-2']) expect([name, environmentSchema.shape.name.safeParse(name).success]).toEqual([name, new RegExp(NAME_PREFIX_PATTERN).test(name)]);
    for (const path of ['/api/token/', 'api', '/a b', '/']) {
      expect([path, edgeSchema.shape.pathRateLimits.safeParse([{ path, limit: 100 }]).success]).toEqual([path, new RegExp(URL_PATH_PATTERN).test(path)]);
    }
  });
});

describe('issue 18: role ARNs, one rule (core/iam parseRoleArn, core/patterns ROLE_ARN_PATTERN)', () => {
  const accepted = [
    'arn:aws:iam::333333333333:role/helloapi-state-dev',
    'arn:aws-cn:iam::333333333333:role/helloapi-state-dev',
    'arn:aws-us-gov:iam::333333333333:role/helloapi-state-dev',
    'arn:aws:iam::333333333333:role/team/helloapi-state-dev',
    'arn:aws:iam::333333333333:role/a/b/c/Name_with+=,.@-',
  ];
  // Before: the schema's ROLE_ARN took the first group (parseRoleArn did not: the access checks were skipped and the
  // state stack created no role), parseRoleArn the second (the schema did not).
  const refused = [
    'arn:aws:iam::333333333333:role/helloapi-state-dev/',
    'arn:aws:iam::333333333333:role//helloapi-state-dev',
    'arn:aws:iam::333333333333:role/team//helloapi-state-dev',
    'arn:aws:iam::333333333333:role//',
    'arn:aws:iam::333333333333:role/helloapi state',
    'arn:aws:iam::333333333333:role/team:a/helloapi-state-dev',
    'arn:aws:iam::333333333333:role/*',
    'arn:aws:iam::333333333333:role/r\u00f4le',
    'arn:aws-:iam::333333333333:role/x',
    'arn:awsx:iam::333333333333:role/x',
    'arn:AWS:iam::333333333333:role/x',
    'arn:aws:iam::33333333333:role/x',
    'arn:aws:iam::3333333333333:role/x',
    'arn:aws:iam::33333333333a:role/x',
    'arn:aws:iam:us-east-1:333333333333:role/x',
    'arn:aws:iam::333333333333:role/',
    'arn:aws:iam::333333333333:user/x',
    'arn:aws:iam::333333333333:role/x\n',
    'helloapi-state-dev',
  ];
  const schemaAccepts = (arn: string) => environmentSchema.shape.dns.safeParse({ domain: 'api.example.com', zoneName: 'example.com', hostedZoneId: 'Z0123456789', roleArn: arn }).success;

  it('parses the partitions aws, aws-cn and aws-us-gov, paths and the 12-digit account; refuses the rest', () => {
    expect(parseRoleArn(accepted[1])).toEqual({ partition: 'aws-cn', accountId: '333333333333', path: '/', name: 'helloapi-state-dev' });
    expect(parseRoleArn(accepted[2])!.partition).toBe('aws-us-gov');
    expect(parseRoleArn(accepted[4])).toEqual({ partition: 'aws', accountId: '333333333333', path: '/a/b/c/', name: 'Name_with+=,.@-' });
    for (const arn of accepted) expect([arn, parseRoleArn(arn) !== undefined]).toEqual([arn, true]);
    for (const arn of refused) expect([arn, parseRoleArn(arn)]).toEqual([arn, undefined]);
    expect(parseRoleArn(undefined)).toBeUndefined();
  });

  it("the schema's verdict is parseRoleArn's (and ROLE_ARN, the public regex, the same pattern)", () => {
    for (const arn of [...accepted, ...refused]) {
      expect([arn, schemaAccepts(arn), ROLE_ARN.test(arn)]).toEqual([arn, parseRoleArn(arn) !== undefined, parseRoleArn(arn) !== undefined]);
    }
  });

  it('refuses a trailing slash in the schema, with the message of a malformed ARN (it validated before, and nothing checked the role)', () => {
    const p = problemAt(problems(devInput({ state: { ...sharedState('dev'), roleArn: 'arn:aws:iam::333333333333:role/helloapi-state-dev/' } })), 'state.roleArn');
    expect(p.message).toBe('must be an IAM role ARN such as arn:aws:iam::123456789012:role/name');
  });

  it('keeps the verdicts of the committed environments', () => {
    for (const c of loadEnvironments()) {
      for (const arn of [c.dns.roleArn, c.state.backend === 's3' ? c.state.roleArn : undefined].filter((x): x is string => x !== undefined)) {
        expect([c.name, arn, schemaAccepts(arn), parseRoleArn(arn)?.accountId]).toEqual([c.name, arn, true, expect.stringMatching(/^[0-9]{12}$/)]);
      }
    }
  });
});
