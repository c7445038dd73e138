/**
 * An offline plan (terraform plan validates first) of the account baseline on its own with
 * the variants the committed environments do not use: features off, CIS 1.4.0,
 * daily recording without global types, expiring trail objects (the fixture: support/layer-fixtures.ts, planned
 * with the other layers' fixtures in one run). The committed baselines are planned by the foundation test.
 */
import { StackPlanResult } from '../../scripts/offline-plan';
import { layerFixturePlan } from '../support/layer-fixtures';

describe('offline plan of the account baseline variants', () => {
  let result: StackPlanResult;

  beforeAll(async () => {
    ({ result } = await layerFixturePlan('accountBaseline'));
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
