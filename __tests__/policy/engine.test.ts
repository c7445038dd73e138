import { ConfigError } from '../../modules/config/validate';
import { computeChecklist } from '../../modules/policy/checklist';
import { evaluateStack } from '../../modules/policy/engine';
import { stackJson, stackMarkdown } from '../../modules/policy/report';
import { RULES } from '../../modules/policy/rules';
import { policyTargets, runPolicy } from '../../modules/policy/run';
import { prodInput, devInput, resolveInputs } from '../support/fixtures';
import { accountStack, environmentStack, fixtureTarget, stateStack } from './fixtures';

const singleAz = () => {
  const j = environmentStack();
  j.resource.aws_db_instance.database_primary.multi_az = false;
  return j;
};

describe('relaxations', () => {
  it('report a failure the environment relaxed as relaxed, with the relaxation and its reason', () => {
    const report = evaluateStack(singleAz(), fixtureTarget('environment', { production: false, relaxations: { singleAzDatabase: { reason: 'Cost: dev data is disposable.' } } }), RULES);
    const r = report.results.find((x) => x.rule === 'HAPI-RDS-03')!;
    expect(r).toMatchObject({ status: 'relaxed', relaxation: 'singleAzDatabase', reason: 'Cost: dev data is disposable.' });
    expect(report.errorCount).toBe(0);
    expect(report.blocking).toBe(false);
  });

  it('do not excuse rules that do not name them', () => {
    const report = evaluateStack(singleAz(), fixtureTarget('environment', { relaxations: { noCloudFront: { reason: 'Reached directly on the ALB.' } } }), RULES);
    expect(report.results.find((x) => x.rule === 'HAPI-RDS-03')!.status).toBe('fail');
    expect(report.blocking).toBe(true);
  });

  it('leave passing results alone', () => {
    const report = evaluateStack(environmentStack(), fixtureTarget('environment', { relaxations: { singleAzDatabase: { reason: 'Cost: dev data is disposable.' } } }), RULES);
    expect(report.results.filter((x) => x.status !== 'pass')).toEqual([]);
  });
});

describe('suppressions', () => {
  const publicDb = () => {
    const j = environmentStack();
    j.resource.aws_db_instance.database_primary.publicly_accessible = true;
    return j;
  };

  it('cover one resource and appear in the report', () => {
    const s = { rule: 'HAPI-RDS-01', resource: 'aws_db_instance.database_primary', reason: 'Temporary: migration tool outside the VPC, removed after cut-over.' };
    const report = evaluateStack(publicDb(), fixtureTarget('environment', { suppressions: [s] }), RULES);
    expect(report.results.find((x) => x.rule === 'HAPI-RDS-01' && x.subject === 'aws_db_instance.database_primary')).toMatchObject({ status: 'suppressed', reason: s.reason });
    expect(report.blocking).toBe(false);
    expect(report.suppressions).toEqual([s]);
    const md = stackMarkdown(report);
    expect(md).toContain('## Suppressions');
    expect(md).toContain(s.reason);
    expect(stackJson(report).suppressions).toEqual([s]);
  });

  it('without a resource cover the rule on the whole stack', () => {
    const j = environmentStack();
    j.resource.aws_kms_key.fixture_key.enable_key_rotation = false;
    j.resource.aws_kms_key.other = { ...j.resource.aws_kms_key.fixture_key };
    const report = evaluateStack(j, fixtureTarget('environment', { suppressions: [{ rule: 'HAPI-KMS-01', reason: 'Keys imported from an HSM cannot rotate automatically.' }] }), RULES);
    expect(report.results.filter((x) => x.rule === 'HAPI-KMS-01').map((x) => x.status)).toEqual(['suppressed', 'suppressed']);
    expect(report.problems).toEqual([]);
  });

  it('that cover nothing are errors that block a failOnError stack', () => {
    const s = { rule: 'HAPI-RDS-01', resource: 'aws_db_instance.database_primary', reason: 'Left over from a migration long finished.' };
    const report = evaluateStack(environmentStack(), fixtureTarget('environment', { suppressions: [s] }), RULES);
    expect(report.problems).toEqual([expect.objectContaining({ code: 'HAPI-POLICY-01', suppression: s })]);
    expect(report.problems[0].message).toContain('does not fail there');
    expect(report.errorCount).toBe(1);
    expect(report.blocking).toBe(true);
  });

  it('on a resource that does not exist are unused', () => {
    const s = { rule: 'HAPI-RDS-01', resource: 'aws_db_instance.nope', reason: 'A typo in the resource address.' };
    const report = evaluateStack(publicDb(), fixtureTarget('environment', { suppressions: [s] }), RULES);
    expect(report.results.find((x) => x.rule === 'HAPI-RDS-01' && x.subject === 'aws_db_instance.database_primary')!.status).toBe('fail');
    expect(report.problems[0].message).toContain('no such resource');
  });

  it('naming an unknown rule are errors', () => {
    const report = evaluateStack(environmentStack(), fixtureTarget('environment', { suppressions: [{ rule: 'HAPI-NOPE-01', reason: 'No such rule exists anywhere.' }] }), RULES);
    expect(report.problems.map((p) => p.code)).toEqual(['HAPI-POLICY-02']);
  });

  it('without a reason, or with a reason too short to say why, are rejected by the schema', () => {
    expect(() => resolveInputs(prodInput({ policy: { suppressions: [{ rule: 'HAPI-RDS-01' } as never] } }))).toThrow(ConfigError);
    expect(() => resolveInputs(prodInput({ policy: { suppressions: [{ rule: 'HAPI-RDS-01', reason: 'because' }] } }))).toThrow(/at least 10 characters/);
  });
});

describe('failOnError', () => {
  it('off: errors are counted but do not block', () => {
    const report = evaluateStack(singleAz(), fixtureTarget('environment', { production: false, failOnError: false }), RULES);
    expect(report.errorCount).toBeGreaterThan(0);
    expect(report.blocking).toBe(false);
  });

  it('defaults to on for production and off elsewhere', () => {
    const [prod, dev] = resolveInputs(prodInput(), devInput());
    expect(prod.policy.failOnError).toBe(true);
    expect(dev.policy.failOnError).toBe(false);
  });
});

describe('runPolicy across stacks', () => {
  const configs = () => resolveInputs(prodInput({ policy: { suppressions: [{ rule: 'HAPI-DDB-03', stack: 'helloapi-state', reason: 'The lock table is optional and recreated at will.' }] } }));
  const stacks = (state = stateStack()) =>
    new Map([
      ['helloapi-prod', environmentStack()],
      ['helloapi-account-prod', accountStack()],
      ['helloapi-state', state],
    ]);

  it('derives each stack kind, production flag and suppressions from the environment files', () => {
    const targets = policyTargets(['helloapi-prod', 'helloapi-account-prod', 'helloapi-state'], configs());
    expect(targets.map((t) => [t.stackName, t.kind, t.production, t.failOnError, t.suppressions.length])).toEqual([
      ['helloapi-account-prod', 'account', true, true, 0],
      ['helloapi-prod', 'environment', true, true, 0],
      ['helloapi-state', 'state', true, true, 1],
    ]);
    expect(targets[1].accountBaselineStack).toBe('helloapi-account-prod');
  });

  it('applies a suppression to the shared stack it names', () => {
    const state = stateStack();
    state.resource.aws_dynamodb_table.state_lock_table.deletion_protection_enabled = false;
    const run = runPolicy(stacks(state), configs());
    const report = run.reports.find((r) => r.stackName === 'helloapi-state')!;
    expect(report.results.find((x) => x.rule === 'HAPI-DDB-03')!.status).toBe('suppressed');
    expect(run.blocking).toEqual([]);
  });

  it('reports a suppression naming a stack that was not synthesized on the declaring environment', () => {
    const c = resolveInputs(prodInput({ policy: { suppressions: [{ rule: 'HAPI-DDB-03', stack: 'helloapi-account-other', reason: 'Names a baseline that does not exist.' }] } }));
    const run = runPolicy(stacks(), c);
    expect(run.blocking.map((r) => r.stackName)).toEqual(['helloapi-prod']);
    expect(run.blocking[0].problems[0].message).toContain('not synthesized');
  });
});

describe('the checklist', () => {
  it('is computed from the results: pass, fail, relaxed and out-of-scope items', () => {
    const j = singleAz();
    j.resource.aws_ecs_task_definition.compute_task_definition.container_definitions = j.resource.aws_ecs_task_definition.compute_task_definition.container_definitions.replace('"DEBUG","value":"False"', '"DEBUG","value":"True"');
    const report = evaluateStack(j, fixtureTarget('environment', { relaxations: { singleAzDatabase: { reason: 'Cost: dev data is disposable.' } } }), RULES);
    const rows = new Map(computeChecklist(report).map((r) => [r.item, r]));
    expect(rows.get('`DEBUG = False` in production')).toMatchObject({ status: 'fail' });
    expect(rows.get('`DEBUG = False` in production')!.evidence).toContain('DEBUG=True');
    expect(rows.get('Multi-AZ deployment for RDS')).toMatchObject({ status: 'relaxed' });
    expect(rows.get('Multi-AZ deployment for RDS')!.evidence).toContain('Cost: dev data is disposable.');
    expect(rows.get('Authentication enabled')!.status).toBe('out of scope');
    expect(rows.get('Rate limiting configured')!.status).toBe('pass');
  });

  it('says "no evidence" rather than pass when nothing was inspected', () => {
    const report = evaluateStack({ resource: {} }, fixtureTarget('environment'), RULES);
    const rows = computeChecklist(report);
    expect(rows.find((r) => r.item === 'Rate limiting configured')!.status).toBe('no evidence');
    expect(report.results.find((r) => r.rule === 'HAPI-ENV-01')!.status).toBe('fail');
  });
});

describe('checklist severity', () => {
  it('marks an item "warning" when only warning rules fail, "fail" when an error rule fails', () => {
    const j = environmentStack();
    delete j.resource.aws_secretsmanager_secret.compute_secret_key.kms_key_id;
    const warnOnly = computeChecklist(evaluateStack(j, fixtureTarget('environment'), RULES)).find((r) => r.item.startsWith('RDS encrypted at rest'))!;
    expect(warnOnly.status).toBe('warning');
    j.resource.aws_db_instance.database_primary.storage_encrypted = false;
    const failing = computeChecklist(evaluateStack(j, fixtureTarget('environment'), RULES)).find((r) => r.item.startsWith('RDS encrypted at rest'))!;
    expect(failing.status).toBe('fail');
  });
});
