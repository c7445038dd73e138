import { at, fail, pass, seed, stackRule } from '../../dsl';
import { redirectsToHttps } from '../../helpers';
import { blocks } from '../../tf-json';

export const rule = stackRule({
  id: 'HAPI-ELB-10',
  title: 'The ECS service\'s target group is reachable only through HTTPS listeners',
  severity: 'error',
  resourceTypes: ['aws_ecs_service', 'aws_lb_target_group', 'aws_lb_listener', 'aws_lb_listener_rule'],
  sources: [seed('HTTPS/SSL certificate configured'), seed('HTTP redirects to HTTPS')],
  fix: 'Forward to the service\'s target group only from the HTTPS listener (and its rules); plain listeners only redirect.',
  check(stack) {
    const out = [];
    for (const svc of stack.resources('aws_ecs_service')) {
      for (const lbBlock of blocks(svc.values.load_balancer)) {
        const tg = stack.resolve(lbBlock.target_group_arn);
        if (!tg) {
          out.push(at(svc.address, fail(`target group ${lbBlock.target_group_arn} not in this stack`)));
          continue;
        }
        const forwarding = [
          ...stack.referencing(tg.address, ['aws_lb_listener', 'aws_alb_listener'], 'default_action'),
          ...stack
            .referencing(tg.address, ['aws_lb_listener_rule', 'aws_alb_listener_rule'], 'action')
            .map((rule) => stack.resolve(rule.values.listener_arn))
            .filter((l): l is NonNullable<typeof l> => l !== undefined),
        ];
        if (forwarding.length === 0) {
          out.push(at(tg.address, fail('no listener forwards to the target group')));
          continue;
        }
        const plain = forwarding.filter((l) => l.values.protocol !== 'HTTPS' && !redirectsToHttps(l));
        out.push(at(tg.address, plain.length ? fail(`forwarded by plain ${plain.map((l) => `${l.address} (${l.values.protocol}:${l.values.port})`).join(', ')}`) : pass(`only via ${[...new Set(forwarding.map((l) => l.address))].join(', ')}`)));
      }
    }
    return out;
  },
});
