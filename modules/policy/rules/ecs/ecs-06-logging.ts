import { fail, fsbp, pass, resourceRule, seed } from '../../dsl';
import { containerDefinitions } from '../../tf-json';

export const rule = resourceRule({
  id: 'HAPI-ECS-06',
  title: 'Every container logs to CloudWatch Logs (awslogs) in a log group of this stack',
  severity: 'error',
  resourceTypes: ['aws_ecs_task_definition'],
  sources: [seed('CloudWatch logs enabled'), fsbp('ECS.9')],
  fix: 'Set logConfiguration { logDriver: "awslogs", options: { awslogs-group: <the layer\'s encrypted log group> } }.',
  check(td, stack) {
    const defs = containerDefinitions(td);
    if (!defs) return fail('container_definitions is not literal JSON');
    const problems: string[] = [];
    for (const c of defs) {
      const lc = c.logConfiguration;
      if (!lc || lc.logDriver !== 'awslogs') problems.push(`${c.name}: log driver ${lc?.logDriver ?? 'none'}`);
      else {
        const name = lc.options?.['awslogs-group'];
        const g = stack.resolve(name) ?? stack.resources('aws_cloudwatch_log_group').find((x) => x.values.name === name);
        if (!g || g.type !== 'aws_cloudwatch_log_group') problems.push(`${c.name}: awslogs-group ${lc.options?.['awslogs-group'] ?? 'unset'} is not a log group of this stack`);
      }
    }
    return problems.length ? fail(problems.join('; ')) : pass('awslogs to managed log groups');
  },
});
