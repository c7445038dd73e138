import { Construct } from 'constructs';
import { Fn, TerraformOutput, Token } from 'cdktf';
import { ComputeSecrets, putSecretValueCommand } from './secrets';
import type { ComputeSettings } from './settings';

/** The exact `aws ecs run-task` command that runs `python manage.py migrate` with the `<name>-manage` family. */
export function migrateCommand(s: ComputeSettings, manageFamily: string): string {
  const { props } = s;
  const subnets = props.network.appSubnetIds;
  const subnetList = Token.isUnresolved(subnets) || subnets.some((id) => Token.isUnresolved(id)) ? Fn.join(',', subnets) : subnets.join(',');
  return [
    'aws ecs run-task',
    `--region ${props.region}`,
    `--cluster ${s.name}`,
    `--task-definition ${manageFamily}`,
    '--launch-type FARGATE',
    '--platform-version LATEST',
    `--network-configuration 'awsvpcConfiguration={subnets=[${subnetList}],securityGroups=[${props.network.appSecurityGroupId}],assignPublicIp=DISABLED}'`,
    `--overrides '${JSON.stringify({ containerOverrides: [{ name: s.manageContainerName, command: ['python', 'manage.py', 'migrate', '--noinput'] }] })}'`,
  ].join(' ');
}

/** What the operator's outputs show. */
export interface OperatorOutputsDeps {
  readonly migrateCommand: string;
  readonly repositoryUrl: string;
  readonly secrets: ComputeSecrets;
  readonly appSettingsValue: string;
}

/** The stack outputs an operator runs or reads: `migrate_command`, `repository_url`, `secret_ids`, `app_settings_command`. */
export function operatorOutputs(scope: Construct, s: ComputeSettings, deps: OperatorOutputsDeps): void {
  new TerraformOutput(scope, 'migrate_command', { value: deps.migrateCommand, description: 'Runs `python manage.py migrate` as a one-off Fargate task' });
  new TerraformOutput(scope, 'repository_url', { value: deps.repositoryUrl, description: 'Push images here (tags are immutable)' });
  new TerraformOutput(scope, 'secret_ids', {
    value: {
      secret_key: deps.secrets.djangoSecretKey.name,
      api_keys: deps.secrets.apiKeys.name,
      app_settings: deps.secrets.appSettings.name,
    },
    description: 'Secrets to set once with put-secret-value (modules/compute/README.md)',
  });
  new TerraformOutput(scope, 'app_settings_command', {
    value: putSecretValueCommand(s, `${s.name}/django/app-settings`, `'${deps.appSettingsValue}'`),
    description: 'Sets ALLOWED_HOSTS and CORS_ALLOWED_ORIGINS from the configured domains (no secret material)',
  });
}
