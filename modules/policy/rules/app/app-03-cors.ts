import { fail, pass, resourceRule, seed } from '../../dsl';
import { environmentOf, isTruthySetting } from '../../helpers';
import { containerDefinitions } from '../../tf-json';

export const rule = resourceRule({
  id: 'HAPI-APP-03',
  title: 'CORS is restricted to exact https origins, never "*"',
  severity: 'error',
  resourceTypes: ['aws_ecs_task_definition'],
  sources: [seed('CORS properly restricted (not *)')],
  fix: 'Deliver CORS_ALLOWED_ORIGINS as exact https:// origins (app-settings secret); never set CORS_ALLOW_ALL_ORIGINS / CORS_ORIGIN_ALLOW_ALL.',
  check(td) {
    const defs = containerDefinitions(td);
    if (!defs) return fail('container_definitions is not literal JSON');
    const problems: string[] = [];
    for (const c of defs) {
      const env = environmentOf(c);
      for (const flag of ['CORS_ALLOW_ALL_ORIGINS', 'CORS_ORIGIN_ALLOW_ALL']) if (isTruthySetting(env.get(flag))) problems.push(`${c.name}: ${flag}=${env.get(flag)}`);
      for (const name of ['CORS_ALLOWED_ORIGINS', 'CORS_ORIGIN_WHITELIST', 'CSRF_TRUSTED_ORIGINS']) {
        const v = env.get(name);
        if (v === undefined) continue;
        const origins = v.split(/[\s,]+/).filter(Boolean);
        const bad = origins.filter((o) => o.includes('*') || !o.startsWith('https://'));
        if (bad.length) problems.push(`${c.name}: ${name} has ${bad.join(', ')}`);
      }
    }
    return problems.length ? fail(problems.join('; ')) : pass('no wildcard origin, no allow-all flag');
  },
});
