import { fail, fsbp, pass, resourceRule, seed } from '../../dsl';
import { SECRET_LOOKING_NAME } from '../../helpers';
import { containerDefinitions } from '../../tf-json';

export const rule = resourceRule({
  id: 'HAPI-APP-04',
  title: 'No secret-looking name in a container\'s plain environment',
  severity: 'error',
  resourceTypes: ['aws_ecs_task_definition'],
  sources: [seed('Secrets in Secrets Manager (not environment variables)'), seed('Never commit secrets to Git'), fsbp('ECS.8')],
  fix: 'Move the variable to `secrets` with valueFrom a Secrets Manager ARN.',
  check(td) {
    const defs = containerDefinitions(td);
    if (!defs) return fail('container_definitions is not literal JSON');
    const bad = defs.flatMap((c) => (c.environment ?? []).filter((e) => SECRET_LOOKING_NAME.test(e.name)).map((e) => `${c.name}: ${e.name}`));
    return bad.length ? fail(`plain environment: ${bad.join(', ')}`) : pass(`${defs.reduce((n, c) => n + (c.environment ?? []).length, 0)} plain variables, none secret-looking`);
  },
});
