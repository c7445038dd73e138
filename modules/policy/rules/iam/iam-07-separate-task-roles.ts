import { checkov, fail, pass, resourceRule, seed } from '../../dsl';

export const rule = resourceRule({
  id: 'HAPI-IAM-07',
  title: 'ECS task definitions use different execution and task roles',
  severity: 'error',
  resourceTypes: ['aws_ecs_task_definition'],
  sources: [seed('IAM roles follow least privilege'), checkov('CKV_AWS_249')],
  fix: 'Give the task its own role (no permissions by default); the execution role only pulls images, writes logs and reads the listed secrets.',
  check(td) {
    const exec = td.values.execution_role_arn;
    const task = td.values.task_role_arn;
    if (exec === undefined || task === undefined) return pass(task === undefined ? 'no task role (the app gets no AWS permissions)' : 'no execution role');
    return exec === task ? fail('execution_role_arn equals task_role_arn: the app could read every secret and pull images') : pass('separate roles');
  },
});
