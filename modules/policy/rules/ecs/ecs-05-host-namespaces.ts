import { checkov, fail, fsbp, pass, resourceRule } from '../../dsl';

export const rule = resourceRule({
  id: 'HAPI-ECS-05',
  title: 'Task definitions use awsvpc networking and never share host namespaces',
  severity: 'error',
  resourceTypes: ['aws_ecs_task_definition'],
  sources: [fsbp('ECS.3'), fsbp('ECS.17'), checkov('CKV_AWS_335')],
  fix: 'Use network_mode = "awsvpc" (Fargate) and leave pid_mode / ipc_mode unset.',
  check(td) {
    const problems = [
      td.values.network_mode !== 'awsvpc' ? `network_mode ${td.values.network_mode ?? 'unset'}` : '',
      td.values.pid_mode === 'host' ? 'pid_mode host' : '',
      td.values.ipc_mode === 'host' ? 'ipc_mode host' : '',
    ].filter(Boolean);
    return problems.length ? fail(problems.join('; ')) : pass('awsvpc, no host namespaces');
  },
});
