/**
 * An offline plan (terraform plan validates first) of the compute layer on its own (fake
 * upstream values), with every optional branch on: ECS Exec, extra secrets,
 * task-role statements, the secret-value checks (the fixture: support/layer-fixtures.ts, planned with the other
 * layers' fixtures in one run). The environment stacks are planned by the foundation test.
 */
import { StackPlanResult } from '../../scripts/offline-plan';
import { layerFixturePlan } from '../support/layer-fixtures';

describe('offline plan of the compute layer', () => {
  let result: StackPlanResult;

  beforeAll(async () => {
    ({ result } = await layerFixturePlan('compute'));
  });

  it('validates and plans', () => {
    expect(result.error ?? '').toBe('');
    expect(result.ok).toBe(true);
  });

  it('creates every compute resource', () => {
    // kms key+alias, ecr repo+lifecycle, 2 log groups, cluster, 3 secrets, 2 roles, 2 role policies,
    // 2 task definitions, service, scaling target, 3 target-tracking policies, the step policy on requests per
    // target and its alarm, plus the fake listener.
    expect(result.resourceCount).toBe(24);
  });

  it('reads no secret version list while planning empty state: every check waits for apply', () => {
    // Offline plans have dummy credentials and no AWS endpoint: a read at plan time would fail the plan.
    const reads = (result.planJson!.resource_changes as { address: string; change: { actions: string[] }; action_reason?: string }[])
      .filter((r) => r.address.startsWith('data.'))
      .map((r) => [r.address, r.change.actions, r.action_reason]);
    expect(reads).toEqual([
      ['data.aws_secretsmanager_secret_versions.compute_api_keys_versions', ['read'], 'read_because_config_unknown'],
      ['data.aws_secretsmanager_secret_versions.compute_app_settings_versions', ['read'], 'read_because_config_unknown'],
      // A literal ARN is known: the read waits because the data source depends on the execution policy, still to be created.
      ['data.aws_secretsmanager_secret_versions.compute_extra_secret_stripe_api_key_versions', ['read'], 'read_because_dependency_pending'],
      ['data.aws_secretsmanager_secret_versions.compute_secret_key_versions', ['read'], 'read_because_config_unknown'],
    ]);
  });
});
