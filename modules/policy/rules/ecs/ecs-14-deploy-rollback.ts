import { fail, pass, resourceRule } from '../../dsl';
import type { StackView } from '../../stack';
import type { ResourceView } from '../../tf-json';
import { block, isTrue, list } from '../../tf-json';

/** The CodeDeploy deployment groups of the stack that deploy `svc` (their ecs_service names it, by reference or literally). */
export function deploymentGroupsOf(svc: ResourceView, stack: StackView): ResourceView[] {
  return stack.resources('aws_codedeploy_deployment_group').filter((g) => {
    const target = block(g.values.ecs_service).service_name;
    return stack.resolve(target)?.address === svc.address || (svc.values.name !== undefined && target === svc.values.name);
  });
}

/** The deployment controller of a service (`ECS` when unset). */
export function deploymentControllerOf(svc: ResourceView): string {
  return String(block(svc.values.deployment_controller).type ?? 'ECS');
}

export const rule = resourceRule({
  id: 'HAPI-ECS-14',
  title: 'ECS services roll a failed deployment back automatically (circuit breaker with rollback, or CodeDeploy auto-rollback)',
  severity: 'error',
  resourceTypes: ['aws_ecs_service'],
  sources: [{ kind: 'deploy', id: 'modules/compute/README.md: Blue/green deploys' }],
  fix: 'Rolling (ECS controller): deployment_circuit_breaker { enable = true, rollback = true }. Blue/green (CODE_DEPLOY): an aws_codedeploy_deployment_group for the service with auto_rollback_configuration enabled on DEPLOYMENT_FAILURE.',
  notes: 'The circuit breaker applies to the ECS (rolling) controller only; a CODE_DEPLOY service is rolled back by its deployment group (HAPI-ECS-15 adds what production needs there).',
  check(svc, stack) {
    const controller = deploymentControllerOf(svc);
    if (controller === 'ECS') {
      const cb = block(svc.values.deployment_circuit_breaker);
      return isTrue(cb.enable) && isTrue(cb.rollback) ? pass('rolling under the circuit breaker with rollback') : fail(`rolling without the circuit breaker's rollback (enable ${cb.enable ?? 'unset'}, rollback ${cb.rollback ?? 'unset'})`);
    }
    if (controller !== 'CODE_DEPLOY') return fail(`deployment controller ${controller}: nothing in this stack rolls a failed deployment back`);
    const groups = deploymentGroupsOf(svc, stack);
    if (groups.length === 0) return fail('CODE_DEPLOY controller but no aws_codedeploy_deployment_group deploys this service');
    const rolling = groups.filter((g) => {
      const r = block(g.values.auto_rollback_configuration);
      return isTrue(r.enabled) && list(r.events).includes('DEPLOYMENT_FAILURE');
    });
    return rolling.length ? pass(`CodeDeploy rolls back on DEPLOYMENT_FAILURE (${rolling.map((g) => g.address).join(', ')})`) : fail(`${groups.map((g) => g.address).join(', ')}: auto_rollback_configuration not enabled on DEPLOYMENT_FAILURE`);
  },
});
