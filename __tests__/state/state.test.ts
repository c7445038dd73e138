/**
 * The state layer on its own: the bucket, key, lock table and cross-account state roles it creates, and its
 * props rules (every problem at once, one PropsError naming the construct).
 */
import { PropsError } from '../../modules/core/problems';
import { CrossAccountRole, StateBackendBootstrap, StateBackendBootstrapProps, crossAccountRolePropsProblems, statePropsProblems } from '../../modules/state';
import { synthStack } from '../support/synth';

const ACCOUNT = '333333333333';

function props(overrides: Partial<StateBackendBootstrapProps> = {}): StateBackendBootstrapProps {
  return { name: 'helloapi-state', accountId: ACCOUNT, region: 'us-east-1', bucketName: 'helloapi-state-333333333333', ...overrides };
}

function build(overrides: Partial<StateBackendBootstrapProps> = {}): unknown {
  let error: unknown;
  synthStack((s) => {
    try {
      new StateBackendBootstrap(s, 'state', props(overrides));
    } catch (e) {
      error = e;
    }
  });
  return error;
}

const role = (roleName: string, overrides: object = {}) => ({ roleName, trustedAccountIds: ['111111111111'], stateKeys: [`helloapi/${roleName}/terraform.tfstate`], ...overrides });

describe('state layer', () => {
  it('creates the key, the bucket, the lock table and one role per access role at readable addresses', () => {
    const stack = synthStack((s) => {
      new StateBackendBootstrap(s, 'state', props({ lockTableName: 'helloapi-locks', accessRoles: [role('helloapi-state-dev')] }));
    });
    expect(stack.addresses()).toEqual(
      expect.arrayContaining([
        'aws_kms_key.state_kms_key',
        'aws_s3_bucket.state_bucket_bucket',
        'aws_dynamodb_table.state_lock_table',
        'aws_iam_role.state_access_role_helloapi_state_dev_role',
        'aws_iam_role_policy.state_access_role_helloapi_state_dev_policy',
      ]),
    );
    const policy = JSON.parse(stack.resource('aws_iam_role_policy', 'state_access_role_helloapi_state_dev_policy').policy);
    expect(policy.Statement.find((x: any) => x.Sid === 'LockTable').Resource).toBe('arn:aws:dynamodb:us-east-1:333333333333:table/helloapi-locks');
    expect(policy.Statement.find((x: any) => x.Sid === 'ReadWriteState').Resource).toEqual(['${aws_s3_bucket.state_bucket_bucket.arn}/helloapi/helloapi-state-dev/terraform.tfstate']);
  });

  it('accepts valid props', () => {
    expect(statePropsProblems(props({ accessRoles: [role('a'), role('b')], noncurrentVersionDays: 30 }))).toEqual([]);
  });

  it('reports every problem at once in one PropsError naming the construct', () => {
    const error = build({
      noncurrentVersionDays: 0,
      accessRoles: [role('helloapi-state-dev'), role('helloapi-state-dev'), role('helloapi_state_dev'), role('nobody', { trustedAccountIds: [], stateKeys: [] })],
    });
    expect(error).toBeInstanceOf(PropsError);
    const e = error as PropsError;
    expect(e.construct).toBe('StateBackendBootstrap test/state');
    expect(e.problems.map((p) => `${p.prop}: ${p.message}`)).toEqual([
      'noncurrentVersionDays: must be a whole number of days >= 1',
      'accessRoles.1.roleName: is listed twice (also accessRoles.0)',
      'accessRoles.2.roleName: maps to the construct id access_role_helloapi_state_dev of accessRoles.0; rename one of them',
      'accessRoles.3.trustedAccountIds: must list at least one account (nobody could assume the role)',
      'accessRoles.3.stateKeys: must list at least one state key',
    ]);
    expect(e.message).toMatch(/^StateBackendBootstrap test\/state: invalid props \(5 problems\):\n {2}noncurrentVersionDays = 0: /);
  });

  it('refuses a cross-account role nobody could assume or with a session IAM refuses', () => {
    expect(crossAccountRolePropsProblems({ trustedAccountIds: [], maxSessionDurationSeconds: 600 }).map((p) => p.prop)).toEqual(['trustedAccountIds', 'maxSessionDurationSeconds']);
    let error: unknown;
    synthStack((s) => {
      try {
        new CrossAccountRole(s, 'dns_role', { roleName: 'dns', trustedAccountIds: [], statements: [], description: 'x', maxSessionDurationSeconds: 50000 });
      } catch (e) {
        error = e;
      }
    });
    expect(error).toBeInstanceOf(PropsError);
    expect(String(error)).toMatch(/CrossAccountRole test\/dns_role: invalid props \(2 problems\)/);
    expect(String(error)).toMatch(/maxSessionDurationSeconds = 50000: must be a whole number of seconds 3600-43200/);
  });
});
