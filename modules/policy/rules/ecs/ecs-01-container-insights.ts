import { checkov, fail, fsbp, pass, resourceRule, seed } from '../../dsl';
import { blocks } from '../../tf-json';

export const rule = resourceRule({
  id: 'HAPI-ECS-01',
  title: 'ECS clusters have Container Insights on',
  severity: 'warning',
  resourceTypes: ['aws_ecs_cluster'],
  sources: [fsbp('ECS.12'), checkov('CKV_AWS_65'), seed('Monitoring and alerting setup')],
  fix: 'Add setting { name = "containerInsights", value = "enabled" } (or "enhanced").',
  check(c) {
    const s = blocks(c.values.setting).find((x) => x.name === 'containerInsights');
    return s && ['enabled', 'enhanced'].includes(String(s.value)) ? pass(`containerInsights ${s.value}`) : fail('containerInsights not enabled');
  },
});
