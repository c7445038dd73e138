/**
 * An offline plan (terraform plan validates first) of the database layer on its own (fake
 * network values) with every optional branch on: read replicas, extra
 * parameters, custom windows, non-default sizes. The environment stacks are
 * planned by the foundation test.
 */
import { planStacks, StackPlanResult } from '../../scripts/offline-plan';
import { synthDatabase } from './helpers';

describe('offline plan of the database layer', () => {
  let result: StackPlanResult;

  beforeAll(async () => {
    const { stack } = synthDatabase({
      readReplicas: 2,
      engineVersion: '16',
      allocatedStorage: 100,
      maxAllocatedStorage: 500,
      masterUsername: 'helloapi_admin',
      backupWindow: '22:00-23:00',
      maintenanceWindow: 'wed:01:00-wed:02:00',
      performanceInsightsRetentionDays: 731,
      parameters: { idle_in_transaction_session_timeout: '60000' },
    });
    [result] = await planStacks({ stackDirs: [stack.dir], concurrency: 1, keepPlanJson: true, validate: false });
  });

  it('validates and plans', () => {
    expect(result.error ?? '').toBe('');
    expect(result.ok).toBe(true);
  });

  it('creates every database resource', () => {
    // kms key + alias, subnet group, parameter group, monitoring role + attachment,
    // primary + 2 replicas, 2 log groups per instance.
    expect(result.resourceCount).toBe(15);
    const addresses = (result.planJson?.resource_changes ?? []).map((c) => c.address);
    expect(addresses).toEqual(expect.arrayContaining(['aws_db_instance.database_primary', 'aws_db_instance.database_replica_1', 'aws_db_instance.database_replica_2']));
  });
});
