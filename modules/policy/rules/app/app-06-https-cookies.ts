import { fail, pass, resourceRule, seed } from '../../dsl';
import { environmentOf, isTruthySetting } from '../../helpers';
import { containerDefinitions } from '../../tf-json';

const REQUIRED = ['SECURE_SSL_REDIRECT', 'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE'];

export const rule = resourceRule({
  id: 'HAPI-APP-06',
  title: 'Django redirects to HTTPS and marks session and CSRF cookies secure',
  severity: 'error',
  resourceTypes: ['aws_ecs_task_definition'],
  sources: [seed('Update Django settings: SECURE_SSL_REDIRECT=True (Priority 1, step 6)'), seed('Never disable CSRF protection: keep CSRF_COOKIE_SECURE = True'), seed('Never disable security middleware')],
  fix: `Set ${REQUIRED.join(', ')} to True in the container environment.`,
  check(td) {
    const defs = containerDefinitions(td);
    if (!defs) return fail('container_definitions is not literal JSON');
    const problems = defs.flatMap((c) => REQUIRED.filter((k) => !isTruthySetting(environmentOf(c).get(k))).map((k) => `${c.name}: ${k}=${environmentOf(c).get(k) ?? 'unset'}`));
    return problems.length ? fail(problems.join('; ')) : pass(REQUIRED.map((k) => `${k}=True`).join(', '));
  },
});
