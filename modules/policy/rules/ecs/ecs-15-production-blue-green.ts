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

/**
 * A target group as the rule compares them: the address of the `aws_lb_target_group` a value refers to (its name,
 * ARN or ARN suffix), else `name:<name>` for a literal name or `targetgroup/<name>/<id>` ARN suffix.
 */
function targetGroupKey(value: unknown, stack: StackView): string | undefined {
  const r = stack.resolve(value);
  if (r?.type === 'aws_lb_target_group') return r.address;
  if (typeof value !== 'string' || value === '') return undefined;
  const name = /(?:^|:)targetgroup\/([^/]+)\//.exec(value)?.[1] ?? value;
  return stack.resources('aws_lb_target_group').find((t) => t.values.name === name)?.address ?? `name:${name}`;
}

/** What the deployment group's alarms watch, by kind: the target groups (`all`: an alarm on the whole load balancer). */
interface Watched {
  readonly kinds: Map<string, Set<string>>;
  /** Alarm names that are not an alarm of this stack (nothing tells what they watch). */
  readonly unresolved: string[];
}

const ALL = '*';

/**
 * The ALB metrics the deployment group's alarms watch (an expression alarm counts each metric it uses) and on which
 * target groups (the TargetGroup dimension; an alarm without one watches the whole load balancer, every target group).
 */
function watchedKinds(group: ResourceView, stack: StackView): Watched {
  const kinds = new Map<string, Set<string>>();
  const unresolved: string[] = [];
  for (const name of list(block(group.values.alarm_configuration).alarms)) {
    const alarm = stack.resolve(name) ?? stack.resources('aws_cloudwatch_metric_alarm').find((a) => a.values.alarm_name === name);
    if (!alarm || alarm.type !== 'aws_cloudwatch_metric_alarm') {
      unresolved.push(String(name));
      continue;
    }
    const metrics = [alarm.values, ...blocks(alarm.values.metric_query).map((q) => block(q.metric))];
    for (const m of metrics) {
      const kind = typeof m.metric_name === 'string' ? ALARM_KINDS[m.metric_name] : undefined;
      if (!kind) continue;
      const tg = block(m.dimensions).TargetGroup;
      const set = kinds.get(kind) ?? new Set<string>();
      set.add(tg === undefined ? ALL : (targetGroupKey(tg, stack) ?? ALL));
      kinds.set(kind, set);
    }
  }
  return { kinds, unresolved };
}

/** The two target groups the group routes between (blue first), as `targetGroupKey`s; [] without target_group_pair_info. */
function targetGroupPair(group: ResourceView, stack: StackView): { key: string; shown: string }[] {
  const pair = block(block(group.values.load_balancer_info).target_group_pair_info);
  return blocks(pair.target_group).map((t) => {
    const key = targetGroupKey(t.name, stack) ?? `name:${String(t.name)}`;
    return { key, shown: key.startsWith('name:') ? key.slice(5) : key };
  });
}

/** The alarm problems: names that resolve to no alarm, kinds with no alarm, target groups a kind does not cover. */
function alarmProblems(group: ResourceView, stack: StackView): string[] {
  const problems: string[] = [];
  const { kinds, unresolved } = watchedKinds(group, stack);
  for (const name of unresolved) problems.push(`rollback alarm ${name} is not an alarm of this stack (cannot tell what it watches)`);
  const missing = Object.values(ALARM_KINDS).filter((k) => !kinds.has(k));
  if (missing.length) problems.push(`no rollback alarm on ${missing.join(', ')}`);
  const pair = targetGroupPair(group, stack);
  if (pair.length < 2) return [...problems, 'no load_balancer_info.target_group_pair_info with two target groups (cannot tell what the alarms must cover)'];
  // Production traffic is on either target group after a deployment (green becomes the serving one).
  pair.forEach((tg, i) => {
    const uncovered = Object.values(ALARM_KINDS).filter((k) => kinds.has(k) && !kinds.get(k)!.has(ALL) && !kinds.get(k)!.has(tg.key));
    if (uncovered.length) problems.push(`no ${uncovered.join(', ')} rollback alarm on the ${i === 0 ? 'blue' : 'green'} target group ${tg.shown}`);
  });
  return problems;
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
  if (!isTrue(block(group.values.alarm_configuration).enabled)) problems.push('alarm_configuration not enabled');
  else problems.push(...alarmProblems(group, stack));
  return problems;
}

export const rule = resourceRule({
  id: 'HAPI-ECS-15',
  title: 'In production ECS services deploy blue/green with a bake time and rollback on failure and on the 5xx, latency and unhealthy-host alarms of both target groups',
  severity: 'error',
  resourceTypes: ['aws_ecs_service'],
  sources: [{ kind: 'deploy', id: 'modules/compute/README.md: Blue/green deploys' }, seed('Monitoring and alerting setup')],
  relaxedBy: ['rollingDeployment'],
  fix: `Leave compute.deployment unset (blue/green in production) with compute.blueGreen.bakeTimeMinutes >= ${MIN_PRODUCTION_BAKE_MINUTES}; or declare relaxations.rollingDeployment with the reason.`,
  notes: `Production only. The bake time (termination_wait_time_in_minutes) keeps the old task set for an instant rollback; ${MIN_PRODUCTION_BAKE_MINUTES} minutes covers the rollback alarms' window (3 one-minute periods) and the ALB metrics' publication delay several times over (modules/compute/blue-green.ts, MIN_PRODUCTION_BAKE_MINUTES). Each alarm kind must cover both target groups of load_balancer_info.target_group_pair_info (a TargetGroup dimension on each, or an alarm on the whole load balancer): after a deployment production traffic is on the green one. An alarm name that is not an alarm of this stack fails (nothing tells what it watches); suppress with the reason when it lives elsewhere.`,
  check(svc, stack) {
    if (!stack.target.production) return undefined;
    const controller = deploymentControllerOf(svc);
    if (controller !== 'CODE_DEPLOY') return fail(`deployment controller ${controller}: production deploys blue/green`);
    const groups = deploymentGroupsOf(svc, stack);
    if (groups.length === 0) return fail('no aws_codedeploy_deployment_group deploys this service');
    const problems = groups.flatMap((g) => groupProblems(g, stack).map((p) => `${g.address}: ${p}`));
    return problems.length ? fail(problems.join('; ')) : pass(`blue/green with bake time, rollback on failure and on ${Object.values(ALARM_KINDS).join(', ')} alarms covering both target groups`);
  },
});
