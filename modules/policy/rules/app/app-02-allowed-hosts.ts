import { fail, pass, resourceRule, seed } from '../../dsl';
import { environmentOf, secretsOf } from '../../helpers';
import { containerDefinitions } from '../../tf-json';

export const rule = resourceRule({
  id: 'HAPI-APP-02',
  title: 'ALLOWED_HOSTS is set to exact host names, never "*" or a .domain wildcard',
  severity: 'error',
  resourceTypes: ['aws_ecs_task_definition'],
  sources: [seed("Never use ALLOWED_HOSTS = ['*']")],
  fix: 'Deliver ALLOWED_HOSTS (the API domain) through the app-settings secret or plain environment, never "*" or a wildcard.',
  notes: 'A value delivered through `secrets` is not visible at synth time; the compute layer validates the hosts it writes, and the rule checks the value whenever it is plain environment.',
  check(td) {
    const defs = containerDefinitions(td);
    if (!defs) return fail('container_definitions is not literal JSON');
    const problems: string[] = [];
    const evidence: string[] = [];
    for (const c of defs) {
      const env = environmentOf(c).get('ALLOWED_HOSTS') ?? environmentOf(c).get('DJANGO_ALLOWED_HOSTS');
      const secret = secretsOf(c).get('ALLOWED_HOSTS') ?? secretsOf(c).get('DJANGO_ALLOWED_HOSTS');
      if (env !== undefined) {
        const hosts = env.split(/[\s,\[\]"']+/).filter(Boolean);
        if (hosts.length === 0 || hosts.some((h) => h.includes('*') || h.startsWith('.'))) problems.push(`${c.name}: ALLOWED_HOSTS=${env}`);
        else evidence.push(`${c.name}: ${env}`);
      } else if (secret !== undefined) evidence.push(`${c.name}: from Secrets Manager`);
      else problems.push(`${c.name}: ALLOWED_HOSTS not set`);
    }
    return problems.length ? fail(problems.join('; ')) : pass(evidence.join('; '));
  },
});
