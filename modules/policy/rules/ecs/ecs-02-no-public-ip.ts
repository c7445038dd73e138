import { checkov, fail, fsbp, pass, resourceRule } from '../../dsl';
import { block, isTrue } from '../../tf-json';

export const rule = resourceRule({
  id: 'HAPI-ECS-02',
  title: 'ECS services do not assign public IPs',
  severity: 'error',
  resourceTypes: ['aws_ecs_service'],
  sources: [fsbp('ECS.2'), checkov('CKV_AWS_333')],
  fix: 'Set network_configuration.assign_public_ip = false and run tasks in the private app subnets.',
  check(svc) {
    return isTrue(block(svc.values.network_configuration).assign_public_ip) ? fail('assign_public_ip = true') : pass('no public IP');
  },
});
