/**
 * An offline plan (terraform plan validates first) of the account baseline on its own with
 * the variants the committed environments do not use: features off, CIS 1.4.0,
 * daily recording without global types, expiring trail objects.
 * The committed baselines are planned by the foundation test.
 */
import { AccountBaseline } from '../../modules/account-baseline';
import { planStacks, StackPlanResult } from '../../scripts/offline-plan';
import { synthStack } from '../support/synth';

describe('offline plan of the account baseline variants', () => {
  let result: StackPlanResult;

  beforeAll(async () => {
    const stack = synthStack((s) => {
      new AccountBaseline(s, 'baseline', {
        name: 'helloapi-account-test',
        accountId: '123456789012',
        region: 'us-east-1',
        cloudTrail: { objectExpireAfterDays: 2557, logRetentionDays: 731 },
        guardDuty: { s3DataEvents: false, ecsFargateAgentManagement: false, findingPublishingFrequency: 'ONE_HOUR' },
        securityHub: { standards: ['aws-foundational-security-best-practices', 'cis-1.4.0'] },
        config: { includeGlobalResourceTypes: false, recordingFrequency: 'DAILY', snapshotFrequency: 'Six_Hours' },
        findingAlerts: { emails: ['ops@example.com'], guardDutyMinSeverity: 8 },
        preventDestroy: false,
      });
    });
    [result] = await planStacks({ stackDirs: [stack.dir], concurrency: 1, validate: false });
  });

  it('validates and plans', () => {
    expect(result.error ?? '').toBe('');
    expect(result.ok).toBe(true);
  });

  it('creates every baseline resource', () => {
    // key+alias; 2 buckets x 7; log group; 2 roles, 2 role policies, 1 attachment; trail;
    // detector + 3 features; hub + 2 standards; recorder, delivery channel, status; account PAB; analyzer;
    // findings: key+alias, topic, topic policy, 2 rules + 2 targets, 1 email subscription.
    expect(result.resourceCount).toBe(2 + 14 + 1 + 5 + 1 + 4 + 3 + 3 + 2 + (2 + 2 + 4 + 1));
  });
});
