import { evaluateStack } from '../../modules/policy/engine';
import { RULES } from '../../modules/policy/rules';
import { editContainers, environmentStack, fixtureTarget } from './fixtures';

const rule = (id: string) => RULES.filter((r) => r.id === id);

function statusWith(id: string, edit: (c: any) => void): string[] {
  const j = environmentStack();
  editContainers(j, (cs) => edit(cs[0]));
  return evaluateStack(j, fixtureTarget('environment'), rule(id)).results.map((r) => r.status);
}

const plainHosts = (value: string) => (c: any) => {
  c.secrets = c.secrets.filter((s: any) => s.name !== 'ALLOWED_HOSTS');
  c.environment.push({ name: 'ALLOWED_HOSTS', value });
};

describe('HAPI-APP-02 ALLOWED_HOSTS', () => {
  it.each([
    ['api.example.com', 'pass'],
    ['api.example.com,www.example.com', 'pass'],
    ['*', 'fail'],
    ['["*"]', 'fail'],
    ['.example.com', 'fail'],
    ['*.example.com', 'fail'],
    ['', 'fail'],
  ])('plain %j -> %s', (value, status) => {
    expect(statusWith('HAPI-APP-02', plainHosts(value))).toEqual([status]);
  });

  it('fails when neither environment nor secrets set it', () => {
    expect(statusWith('HAPI-APP-02', (c) => (c.secrets = c.secrets.filter((s: any) => s.name !== 'ALLOWED_HOSTS')))).toEqual(['fail']);
  });
});

describe('HAPI-APP-03 CORS', () => {
  it.each([
    ['CORS_ALLOWED_ORIGINS', 'https://app.example.com', 'pass'],
    ['CORS_ALLOWED_ORIGINS', '*', 'fail'],
    ['CORS_ALLOWED_ORIGINS', 'http://app.example.com', 'fail'],
    ['CORS_ORIGIN_ALLOW_ALL', 'True', 'fail'],
    ['CORS_ALLOW_ALL_ORIGINS', 'False', 'pass'],
  ])('%s=%j -> %s', (name, value, status) => {
    expect(statusWith('HAPI-APP-03', (c) => c.environment.push({ name, value }))).toEqual([status]);
  });
});

describe('HAPI-APP-01 DEBUG', () => {
  it.each([
    ['False', 'pass'],
    ['0', 'pass'],
    ['True', 'fail'],
    ['1', 'fail'],
  ])('DEBUG=%j -> %s', (value, status) => {
    expect(statusWith('HAPI-APP-01', (c) => (c.environment = [...c.environment.filter((e: any) => e.name !== 'DEBUG'), { name: 'DEBUG', value }]))).toEqual([status]);
  });

  it('fails when DEBUG is not set explicitly', () => {
    expect(statusWith('HAPI-APP-01', (c) => (c.environment = c.environment.filter((e: any) => e.name !== 'DEBUG')))).toEqual(['fail']);
  });

  it('fails closed on container definitions that are not literal JSON', () => {
    const j = environmentStack();
    j.resource.aws_ecs_task_definition.compute_task_definition.container_definitions = '${jsonencode(local.containers)}';
    const r = evaluateStack(j, fixtureTarget('environment'), rule('HAPI-APP-01')).results[0];
    expect(r.status).toBe('fail');
    expect(r.message).toContain('not literal JSON');
  });
});

describe('HAPI-APP-04 secret-looking names', () => {
  it.each(['AWS_SECRET_ACCESS_KEY', 'DB_PASSWORD', 'STRIPE_API_KEY', 'GITHUB_TOKEN', 'ECS_ENGINE_AUTH_DATA'])('%s in plain environment fails', (name) => {
    expect(statusWith('HAPI-APP-04', (c) => c.environment.push({ name, value: 'x' }))).toEqual(['fail']);
  });
});
