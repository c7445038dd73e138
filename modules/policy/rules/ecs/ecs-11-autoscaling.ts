import { fail, pass, resourceRule, seed } from '../../dsl';

export const rule = resourceRule({
  id: 'HAPI-ECS-11',
  title: 'Every ECS service has an auto scaling target with at least one scaling policy',
  severity: 'error',
  resourceTypes: ['aws_ecs_service'],
  sources: [seed('Auto-scaling configured')],
  fix: 'Add an aws_appautoscaling_target (ecs:service:DesiredCount, max > min) and target-tracking aws_appautoscaling_policy resources.',
  check(svc, stack) {
    const targets = stack.resources('aws_appautoscaling_target').filter(
      (t) => t.values.scalable_dimension === 'ecs:service:DesiredCount' && (stack.refersTo(t.values.resource_id, svc.address) || String(t.values.resource_id ?? '').includes(String(svc.values.name ?? '\u0000'))),
    );
    if (targets.length === 0) return fail('no aws_appautoscaling_target for the service');
    const t = targets[0];
    const policies = stack.referencing(t.address, ['aws_appautoscaling_policy']);
    const min = Number(t.values.min_capacity);
    const max = Number(t.values.max_capacity);
    if (!(max > min)) return fail(`${t.address}: max_capacity ${max} <= min_capacity ${min}`);
    return policies.length ? pass(`${t.address}: ${min}-${max} tasks, ${policies.length} policies`) : fail(`${t.address}: no aws_appautoscaling_policy`);
  },
});
