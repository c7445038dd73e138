import { fail, fsbp, pass, resourceRule } from '../../dsl';
import { containerDefinitions } from '../../tf-json';

export const rule = resourceRule({
  id: 'HAPI-ECS-12',
  title: 'Containers run an immutable image reference (a digest or a tag other than latest)',
  severity: 'error',
  resourceTypes: ['aws_ecs_task_definition'],
  sources: [fsbp('ECR.2')],
  relaxedBy: ['mutableImageTag'],
  fix: 'Set compute.image.tag to a release tag or git SHA, or compute.image.digest.',
  check(td) {
    const defs = containerDefinitions(td);
    if (!defs) return fail('container_definitions is not literal JSON');
    const bad = defs.filter((c) => {
      const image = String(c.image ?? '');
      if (image.includes('@sha256:')) return false;
      const tag = /:([^:/]+)$/.exec(image)?.[1];
      return tag === undefined || tag === 'latest';
    });
    return bad.length ? fail(bad.map((c) => `${c.name}: ${c.image}`).join('; ')) : pass(defs.map((c) => String(c.image).replace(/^.*\//, '')).join(', '));
  },
});
