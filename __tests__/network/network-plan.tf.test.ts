/**
 * An offline plan (terraform plan validates first) of the network layer in the variants the
 * committed environments do not use: 3 AZs with one NAT, endpoint-only app
 * egress (S3 prefix-list reference), extra rules, a custom flow-log format (the fixture:
 * support/layer-fixtures.ts, planned with the other layers' fixtures in one run).
 */
import { StackPlanResult } from '../../scripts/offline-plan';
import { layerFixturePlan, NETWORK_FLOW_LOG_FORMAT } from '../support/layer-fixtures';

type PlannedResource = { address: string; type: string; change: { actions: string[]; after?: Record<string, any>; after_unknown?: Record<string, any> } };

describe('offline plan of network variants', () => {
  const format = NETWORK_FLOW_LOG_FORMAT;
  let result: StackPlanResult;
  let changes: Map<string, PlannedResource>;

  beforeAll(async () => {
    ({ result } = await layerFixturePlan('network'));
    changes = new Map(((result.planJson?.resource_changes ?? []) as PlannedResource[]).map((r) => [r.address, r]));
  });

  it('validates and plans', () => {
    expect(result.ok ? 'ok' : `${result.failedStep}: ${result.error}`).toBe('ok');
  });

  it('names in the plan output exactly the resources the plan JSON creates', () => {
    const fromJson = [...changes.values()].filter((r) => r.change.actions.includes('create')).map((r) => r.address);
    expect(fromJson.length).toBeGreaterThan(20);
    expect([...result.createdAddresses].sort()).toEqual(fromJson.sort());
    expect(result.resourceCount).toBe(fromJson.length);
  });

  it('creates one NAT gateway and three app route tables', () => {
    const created = [...changes.values()].filter((r) => r.change.actions.includes('create'));
    expect(created.filter((r) => r.type === 'aws_nat_gateway').map((r) => r.address)).toEqual(['aws_nat_gateway.network_nat_a']);
    expect(created.filter((r) => r.type === 'aws_route_table').length).toBe(5);
  });

  it('passes the flow-log format to AWS literally (no Terraform interpolation)', () => {
    expect(changes.get('aws_flow_log.network_flow_log')!.change.after!.log_format).toBe(format);
  });

  it('references the S3 gateway prefix list from the app egress rule', () => {
    const rule = changes.get('aws_vpc_security_group_egress_rule.network_app_egress_s3')!;
    expect(rule.change.after!.from_port).toBe(443);
    expect(rule.change.after_unknown!.prefix_list_id).toBe(true);
  });
});
