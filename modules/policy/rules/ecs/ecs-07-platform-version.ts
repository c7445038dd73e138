import { checkov, fail, fsbp, pass, resourceRule } from '../../dsl';

export const rule = resourceRule({
  id: 'HAPI-ECS-07',
  title: 'Fargate services run on the LATEST platform version',
  severity: 'warning',
  resourceTypes: ['aws_ecs_service'],
  sources: [fsbp('ECS.10'), checkov('CKV_AWS_332')],
  fix: 'Leave platform_version unset or "LATEST".',
  check(svc) {
    if (svc.values.launch_type !== undefined && svc.values.launch_type !== 'FARGATE') return undefined;
    const v = svc.values.platform_version;
    return v === undefined || v === 'LATEST' ? pass(`platform ${v ?? 'LATEST (default)'}`) : fail(`pinned to platform ${v}`);
  },
});
