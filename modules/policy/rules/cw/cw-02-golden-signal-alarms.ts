import { at, fail, pass, seed, stackRule } from '../../dsl';
import { block, blocks } from '../../tf-json';

const NEEDED: Record<string, (ns: string) => boolean> = {
  'load balancer (AWS/ApplicationELB)': (ns) => ns === 'AWS/ApplicationELB',
  'service (AWS/ECS or ECS/ContainerInsights)': (ns) => ns === 'AWS/ECS' || ns === 'ECS/ContainerInsights',
  'database (AWS/RDS)': (ns) => ns === 'AWS/RDS',
};

export const rule = stackRule({
  id: 'HAPI-CW-02',
  title: 'Alarms watch the load balancer, the service and the database',
  severity: 'error',
  resourceTypes: ['aws_cloudwatch_metric_alarm'],
  stackKinds: ['environment'],
  sources: [seed('Monitoring and alerting setup'), seed('Enable CloudWatch alarms')],
  fix: 'Create alarms on ALB 5xx/latency, ECS CPU/memory/running tasks and RDS CPU/storage/memory (the monitoring layer does).',
  check(stack) {
    if (stack.resources('aws_ecs_service', 'aws_db_instance', 'aws_lb').length === 0) return [];
    const namespaces = stack.resources('aws_cloudwatch_metric_alarm').flatMap((a) => [String(a.values.namespace ?? ''), ...blocks(a.values.metric_query).map((q) => String(block(q.metric).namespace ?? ''))]);
    const missing = Object.entries(NEEDED).filter(([, ok]) => !namespaces.some(ok)).map(([k]) => k);
    return [at(undefined, missing.length ? fail(`no alarm on ${missing.join(', ')}`) : pass(`${stack.resources('aws_cloudwatch_metric_alarm').length} alarms covering ALB, ECS and RDS`))];
  },
});
