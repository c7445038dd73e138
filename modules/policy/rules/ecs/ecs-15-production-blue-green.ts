import { MIN_PRODUCTION_BAKE_MINUTES } from '../../../compute/blue-green';
import { fail, pass, resourceRule, seed } from '../../dsl';
import type { StackView } from '../../stack';
import type { ResourceView } from '../../tf-json';
import { block, blocks, isTrue, list } from '../../tf-json';
import { deploymentControllerOf, deploymentGroupsOf } from './ecs-14-deploy-rollback';

/** The alarm kinds a production rollback needs, by the ALB metric each alarm watches. */
const ALARM_KINDS: Readonly<Record<string, string>> = {
  HTTPCode_Target_5XX_Count: '5xx rate',
  TargetResponseTime: 'target response time',
  UnHealthyHostCount: 'unhealthy hosts',
};

/** The ALB metrics the deployment group's alarms watch (an expression alarm counts each metric it uses). */
function watchedKinds(group: ResourceView, stack: StackView): Set<string> {
  const kinds = new Set<string>();
  for (const name of list(block(group.values.alarm_configuration).alarms)) {
    const alarm = stack.resolve(name) ?? stack.resources('aws_cloudwatch_metric_alarm').find((a) => a.values.alarm_name === name);
    if (!alarm) continue;
    const metrics = [alarm.values.metric_name, ...blocks(alarm.values.metric_query).map((q) => block(q.metric).metric_name)];
    for (const m of metrics) if (typeof m === 'string' && ALARM_KINDS[m]) kinds.add(ALARM_KINDS[m]);
  }
  return kinds;
}

/** What a production deployment group lacks (empty when it has everything). */
function groupProblems(group: ResourceView, stack: StackView): string[] {
  const problems: string[] = [];
  const bg = block(group.values.blue_green_deployment_config);
  const terminate = block(bg.terminate_blue_instances_on_deployment_success);
  const bake = Number(terminate.termination_wait_time_in_minutes ?? 0);
  if ((terminate.action ?? 'TERMINATE') === 'TERMINATE' && bake < MIN_PRODUCTION_BAKE_MINUTES) problems.push(`bake time ${bake} min (at least ${MIN_PRODUCTION_BAKE_MINUTES})`);
  const rollback = block(group.values.auto_rollback_configuration);
  const events = list(rollback.events);
  for (const e of ['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_ALARM']) if (!isTrue(rollback.enabled) || !events.includes(e)) problems.push(`no auto-rollback on ${e}`);
  const alarms = block(group.values.alarm_configuration);
  const kinds = watchedKinds(group, stack);
  const missing = Object.values(ALARM_KINDS).filter((k) => !kinds.has(k));
  if (!isTrue(alarms.enabled)) problems.push('alarm_configuration not enabled');
  else if (missing.length) problems.push(`no rollback alarm on ${missing.join(', ')}`);
  return problems;
}

export const rule = resourceRule({
  id: 'HAPI-ECS-15',
  title: 'In production ECS services deploy blue/green with a bake time and rollback on failure and on the 5xx, latency and unhealthy-host alarms',
  severity: 'error',
  resourceTypes: ['aws_ecs_service'],
  sources: [{ kind: 'deploy', id: 'modules/compute/README.md: Blue/green deploys' }, seed('Monitoring and alerting setup')],
  relaxedBy: ['rollingDeployment'],
  fix: `Leave compute.deployment unset (blue/green in production) with compute.blueGreen.bakeTimeMinutes >= ${MIN_PRODUCTION_BAKE_MINUTES}; or declare relaxations.rollingDeployment with the reason.`,
  notes: `Production only. The bake time (termination_wait_time_in_minutes) keeps the old task set for an instant rollback; ${MIN_PRODUCTION_BAKE_MINUTES} minutes covers the rollback alarms' window (3 one-minute periods) and the ALB metrics' publication delay several times over (modules/compute/blue-green.ts, MIN_PRODUCTION_BAKE_MINUTES).`,
  check(svc, stack) {
    if (!stack.target.production) return undefined;
    const controller = deploymentControllerOf(svc);
    if (controller !== 'CODE_DEPLOY') return fail(`deployment controller ${controller}: production deploys blue/green`);
    const groups = deploymentGroupsOf(svc, stack);
    if (groups.length === 0) return fail('no aws_codedeploy_deployment_group deploys this service');
    const problems = groups.flatMap((g) => groupProblems(g, stack).map((p) => `${g.address}: ${p}`));
    return problems.length ? fail(problems.join('; ')) : pass(`blue/green with bake time, rollback on failure and on ${Object.values(ALARM_KINDS).join(', ')} alarms`);
  },
});
