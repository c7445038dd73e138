import { evaluateStack } from '../../modules/policy/engine';
import { RULES } from '../../modules/policy/rules';
import { environmentStack, fixtureTarget } from './fixtures';

const rules = RULES.filter((r) => r.id === 'HAPI-ECS-08' || r.id === 'HAPI-ECS-09');

describe('ECS Exec', () => {
  it('when relaxed and logged to a KMS-encrypted group, is reported relaxed (HAPI-ECS-08) and passes HAPI-ECS-09', () => {
    const j = environmentStack();
    j.resource.aws_ecs_service.compute_service.enable_execute_command = true;
    j.resource.aws_ecs_cluster.compute_cluster.configuration = {
      execute_command_configuration: { logging: 'OVERRIDE', kms_key_id: '${aws_kms_key.fixture_key.arn}', log_configuration: { cloud_watch_log_group_name: '/ecs/exec', cloud_watch_encryption_enabled: true } },
    };
    const report = evaluateStack(j, fixtureTarget('environment', { relaxations: { ecsExec: { reason: 'Operators debug staging tasks; sessions are logged.' } } }), rules);
    expect(report.results.map((r) => [r.rule, r.status])).toEqual([
      ['HAPI-ECS-08', 'relaxed'],
      ['HAPI-ECS-09', 'pass'],
    ]);
  });

  it('fails HAPI-ECS-09 when session logging is switched off, even with Exec unused', () => {
    const j = environmentStack();
    j.resource.aws_ecs_cluster.compute_cluster.configuration = { execute_command_configuration: { logging: 'NONE' } };
    expect(evaluateStack(j, fixtureTarget('environment'), rules).results.find((r) => r.rule === 'HAPI-ECS-09')!.status).toBe('fail');
  });
});
