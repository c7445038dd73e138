/**
 * An offline plan (terraform plan validates first) of the database layer on its own (fake
 * network values) with every optional branch on: read replicas, extra
 * parameters, custom windows, non-default sizes (the fixture: support/layer-fixtures.ts, planned with the other
 * layers' fixtures in one run). The environment stacks are planned by the foundation test.
 */
import { StackPlanResult } from '../../scripts/offline-plan';
import { layerFixturePlan } from '../support/layer-fixtures';

describe('offline plan of the database layer', () => {
  let result: StackPlanResult;

  beforeAll(async () => {
    ({ result } = await layerFixturePlan('database'));
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
