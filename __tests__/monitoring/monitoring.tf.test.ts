/**
 * An offline plan (terraform plan validates first) of the monitoring layer on its own (fake
 * upstream values) with the options the environments do not use: HTTPS and SQS
 * subscribers, a metric-math extra alarm, Security Hub findings without the GuardDuty rule (the fixture:
 * support/layer-fixtures.ts, planned with the other layers' fixtures in one run).
 */
import { StackPlanResult } from '../../scripts/offline-plan';
import { layerFixturePlan } from '../support/layer-fixtures';

describe('offline plan of the monitoring layer', () => {
  let result: StackPlanResult;

  beforeAll(async () => {
    ({ result } = await layerFixturePlan('monitoring'));
  });

  it('validates and plans', () => {
    expect(result.error ?? '').toBe('');
    expect(result.ok).toBe(true);
  });

  it('creates every monitoring resource', () => {
    // key+alias, topic, topic policy, 3 subscriptions, metric filter, 13+1 alarms, dashboard, 1 rule + 1 target.
    expect(result.resourceCount).toBe(2 + 1 + 1 + 3 + 1 + 14 + 1 + 2);
  });
});
