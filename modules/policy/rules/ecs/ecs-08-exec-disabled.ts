import { fail, pass, resourceRule, seed } from '../../dsl';
import { isTrue } from '../../tf-json';

export const rule = resourceRule({
  id: 'HAPI-ECS-08',
  title: 'ECS Exec (a shell in running tasks) is off',
  severity: 'warning',
  resourceTypes: ['aws_ecs_service'],
  sources: [seed('IAM roles follow least privilege')],
  relaxedBy: ['ecsExec'],
  fix: 'Set enable_execute_command = false, or declare relaxations.ecsExec with a reason (sessions are then logged, HAPI-ECS-09).',
  check(svc) {
    return isTrue(svc.values.enable_execute_command) ? fail('enable_execute_command = true') : pass('ECS Exec off');
  },
});
