import { fail, pass, resourceRule, seed } from '../../dsl';
import { environmentOf, isFalsySetting } from '../../helpers';
import { containerDefinitions } from '../../tf-json';

export const rule = resourceRule({
  id: 'HAPI-APP-01',
  title: 'Django runs with DEBUG=False',
  severity: 'error',
  resourceTypes: ['aws_ecs_task_definition'],
  sources: [seed('DEBUG = False in production'), seed('Never disable security middleware')],
  fix: 'Set the container environment DEBUG=False (the compute layer does).',
  check(td) {
    const defs = containerDefinitions(td);
    if (!defs) return fail('container_definitions is not literal JSON');
    const bad = defs.filter((c) => !isFalsySetting(environmentOf(c).get('DEBUG')));
    return bad.length ? fail(bad.map((c) => `${c.name}: DEBUG=${environmentOf(c).get('DEBUG') ?? 'unset'}`).join('; ')) : pass('DEBUG=False');
  },
});
