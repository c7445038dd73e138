/**
 * An offline plan (terraform plan validates first) of the compute layer on its own (fake
 * upstream values), with every optional branch on: ECS Exec, extra secrets,
 * task-role statements. The environment stacks are planned by the foundation test.
 */
import { planStacks, StackPlanResult } from '../../scripts/offline-plan';
import { synthCompute } from './helpers';

describe('offline plan of the compute layer', () => {
  let result: StackPlanResult;

  beforeAll(async () => {
    const { stack } = synthCompute({
      execEnabled: true,
      extraSecrets: { STRIPE_API_KEY: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:helloapi/stripe-XyZ123:api_key::' },
      taskRolePolicyStatements: [{ Sid: 'ReadMedia', Effect: 'Allow', Action: ['s3:GetObject'], Resource: 'arn:aws:s3:::helloapi-media/*' }],
    });
    [result] = await planStacks({ stackDirs: [stack.dir], concurrency: 1, validate: false });
  });

  it('validates and plans', () => {
    expect(result.error ?? '').toBe('');
    expect(result.ok).toBe(true);
  });

  it('creates every compute resource', () => {
    // kms key+alias, ecr repo+lifecycle, 2 log groups, cluster, 3 secrets, 2 roles, 2 role policies,
    // 2 task definitions, service, scaling target, 3 policies, plus the fake listener.
    expect(result.resourceCount).toBe(22);
  });
});
