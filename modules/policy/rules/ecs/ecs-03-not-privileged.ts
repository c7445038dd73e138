import { checkov, fail, fsbp, pass, resourceRule } from '../../dsl';
import { containerDefinitions } from '../../tf-json';

export const rule = resourceRule({
  id: 'HAPI-ECS-03',
  title: 'Containers are not privileged and run as a non-root user',
  severity: 'error',
  resourceTypes: ['aws_ecs_task_definition'],
  sources: [fsbp('ECS.4'), fsbp('ECS.1'), checkov('CKV_AWS_334')],
  fix: 'Remove privileged: true; set user to an unprivileged uid:gid (e.g. "1000:1000").',
  check(td) {
    const defs = containerDefinitions(td);
    if (!defs) return fail('container_definitions is not literal JSON');
    const problems = defs.flatMap((c) => [
      c.privileged === true ? `${c.name}: privileged` : '',
      !c.user || /^(0|root)(:|$)/.test(String(c.user)) ? `${c.name}: runs as ${c.user ?? 'the image default (often root)'}` : '',
    ]).filter(Boolean);
    return problems.length ? fail(problems.join('; ')) : pass(defs.map((c) => `${c.name} as ${c.user}`).join(', '));
  },
});
