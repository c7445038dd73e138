import { checkov, fail, fsbp, pass, resourceRule } from '../../dsl';
import { containerDefinitions } from '../../tf-json';

export const rule = resourceRule({
  id: 'HAPI-ECS-04',
  title: 'Containers have a read-only root filesystem',
  severity: 'error',
  resourceTypes: ['aws_ecs_task_definition'],
  sources: [fsbp('ECS.5'), checkov('CKV_AWS_336')],
  fix: 'Set readonlyRootFilesystem: true and mount a scratch volume at /tmp.',
  check(td) {
    const defs = containerDefinitions(td);
    if (!defs) return fail('container_definitions is not literal JSON');
    const rw = defs.filter((c) => c.readonlyRootFilesystem !== true).map((c) => c.name);
    return rw.length ? fail(`writable root filesystem: ${rw.join(', ')}`) : pass('read-only root filesystem');
  },
});
