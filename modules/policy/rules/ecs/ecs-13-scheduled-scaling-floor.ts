import { fail, pass, resourceRule, seed } from '../../dsl';
import { block } from '../../tf-json';

export const rule = resourceRule({
  id: 'HAPI-ECS-13',
  title: 'Scheduled scaling keeps the service\'s floor: no scheduled action lowers min_capacity below its scalable target\'s (never in production)',
  severity: 'error',
  resourceTypes: ['aws_appautoscaling_scheduled_action'],
  sources: [seed('Auto-scaling configured')],
  relaxedBy: ['offHoursScaleDown'],
  fix: 'Set compute.offHours.minCount to at least compute.minCount; outside production, or declare relaxations.offHoursScaleDown with a reason (never in production).',
  check(action, stack) {
    const target = stack.resources('aws_appautoscaling_target').find((t) => stack.refersTo(action.values.resource_id, t.address));
    const min = Number(block(action.values.scalable_target_action).min_capacity);
    if (target === undefined) return fail(`resource_id ${String(action.values.resource_id)} is not a scalable target of this stack: its floor cannot be checked`);
    const floor = Number(target.values.min_capacity);
    if (Number.isNaN(min)) return pass(`${action.values.schedule}: leaves min_capacity ${floor} of ${target.address} as it is`);
    const where = `${action.values.schedule} (${action.values.timezone ?? 'UTC'})`;
    return min >= floor ? pass(`${where}: min_capacity ${min} >= ${floor} of ${target.address}`) : fail(`${where}: min_capacity ${min} below ${floor} of ${target.address}`);
  },
});
