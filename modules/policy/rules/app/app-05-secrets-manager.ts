import { fail, pass, resourceRule, seed } from '../../dsl';
import { containerDefinitions } from '../../tf-json';

const SECRETS_MANAGER = /^arn:aws[a-z-]*:secretsmanager:|^\$\{aws_secretsmanager_secret\.|^\$\{aws_db_instance\.[^}]*master_user_secret|^\$\{aws_rds_cluster\.[^}]*master_user_secret/;

export const rule = resourceRule({
  id: 'HAPI-APP-05',
  title: 'Container secrets come from Secrets Manager, including SECRET_KEY and the database password',
  severity: 'error',
  resourceTypes: ['aws_ecs_task_definition'],
  sources: [seed('Secrets in Secrets Manager (not environment variables)'), seed('Strong SECRET_KEY (not default)')],
  fix: 'Reference Secrets Manager ARNs in `secrets[].valueFrom`; deliver SECRET_KEY and the DB password that way.',
  check(td) {
    const defs = containerDefinitions(td);
    if (!defs) return fail('container_definitions is not literal JSON');
    const problems: string[] = [];
    for (const c of defs) {
      const secrets = c.secrets ?? [];
      for (const s of secrets) if (!SECRETS_MANAGER.test(String(s.valueFrom))) problems.push(`${c.name}: ${s.name} from ${s.valueFrom}`);
      const names = new Set(secrets.map((s) => s.name));
      const envNames = new Set((c.environment ?? []).map((e) => e.name));
      const isApp = (c.portMappings ?? []).length > 0 || names.size > 0 || envNames.has('DJANGO_SETTINGS_MODULE');
      if (isApp && !names.has('SECRET_KEY') && !names.has('DJANGO_SECRET_KEY')) problems.push(`${c.name}: SECRET_KEY not delivered from Secrets Manager`);
      if (isApp && (envNames.has('DB_HOST') || envNames.has('DATABASE_HOST')) && ![...names].some((n) => /PASSWORD/.test(n))) problems.push(`${c.name}: database password not delivered from Secrets Manager`);
    }
    return problems.length ? fail(problems.join('; ')) : pass(defs.map((c) => `${c.name}: ${(c.secrets ?? []).map((s) => s.name).join(', ')}`).join('; '));
  },
});
