import { at, fail, pass, seed, stackRule } from '../../dsl';

const LAYERS: Record<string, string[]> = {
  network: ['aws_vpc'],
  database: ['aws_db_instance'],
  compute: ['aws_ecs_service', 'aws_ecs_task_definition'],
  edge: ['aws_lb', 'aws_wafv2_web_acl'],
  monitoring: ['aws_sns_topic', 'aws_cloudwatch_metric_alarm'],
};

export const rule = stackRule({
  id: 'HAPI-ENV-01',
  title: 'The environment has every layer (network, database, compute, edge, monitoring), so no checklist item passes vacuously',
  severity: 'error',
  resourceTypes: Object.values(LAYERS).flat(),
  stackKinds: ['environment'],
  sources: [seed('Security audit completed')],
  fix: 'Compose every layer in EnvironmentStack.',
  check(stack) {
    const missing = Object.entries(LAYERS)
      .filter(([, types]) => types.some((t) => stack.resources(t).length === 0))
      .map(([layer, types]) => `${layer} (${types.filter((t) => stack.resources(t).length === 0).join(', ')})`);
    return [at(undefined, missing.length ? fail(`missing ${missing.join('; ')}`) : pass(Object.keys(LAYERS).join(', ')))];
  },
});
