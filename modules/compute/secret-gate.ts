import { Construct } from 'constructs';
import { Token } from 'cdktf';
import { DataAwsSecretsmanagerSecretVersions } from '@cdktf/provider-aws/lib/data-aws-secretsmanager-secret-versions';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { ComputeSecrets, putSecretValueCommand } from './secrets';
import type { ComputeSettings } from './settings';

/*
 * The secrets must have values before the service starts tasks (ComputeProps.requireSecretValues).
 * Secrets Manager: a secret has a value when a version carries the AWSCURRENT staging label
 * (https://docs.aws.amazon.com/secretsmanager/latest/userguide/whats-in-a-secret.html#term_version);
 * ListSecretVersionIds returns IDs and labels only
 * (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_ListSecretVersionIds.html).
 */

/** What the gate checks and waits for. */
export interface SecretGateDeps {
  /** The app secrets (checked by reference, so the reads wait for them). */
  readonly secrets: ComputeSecrets;
  /** The value the app settings secret must hold (for the command in the error message). */
  readonly appSettingsValue: string;
  /** What literal secret ARNs' reads wait for, so offline plans of empty state never read them: the execution policy. */
  readonly literalReadsWaitFor: IamRolePolicy;
}

/** The gate: a data source per checked secret, and the secrets the operator sets. */
export interface SecretGate {
  /** Secret ID (name, or ARN for `extraSecrets`) -> the data source whose postcondition requires a value. Empty when off. */
  readonly checks: Record<string, DataAwsSecretsmanagerSecretVersions>;
  /** Secrets whose values are set out of band before the service can start (also when the checks are off). */
  readonly secretsToSet: string[];
}

/** A secret the service reads that must have a value before the service is created. */
interface SecretCheck {
  /** Construct id of the data source. */
  readonly id: string;
  /** What `--secret-id` takes (name of our secrets, ARN of consumers'). */
  readonly secretId: string;
  /** The secret_id of the data source (a reference for our secrets, so the read waits for them). */
  readonly versionsOf: string;
  /** What the secret holds, for the error message. */
  readonly what: string;
  /** The exact command that sets it. */
  readonly command: string;
  /** The version stage `valueFrom` pins. @default AWSCURRENT */
  readonly versionStage?: string;
  /** The version ID `valueFrom` pins. @default undefined */
  readonly versionId?: string;
  /** The secret ID is a literal (read at plan time unless the data source waits for something). */
  readonly literal?: boolean;
}

/**
 * The secret-value checks (`secret_key_versions`, `api_keys_versions`, `app_settings_versions`,
 * `extra_secret_<variable>_versions`): each an `aws_secretsmanager_secret_versions` data source (IDs and labels,
 * never a value) with a postcondition requiring a version, that the service depends on.
 */
export function secretGate(scope: Construct, s: ComputeSettings, deps: SecretGateDeps): SecretGate {
  const all = [...ownSecretChecks(s, deps), ...extraSecretChecks(s)];
  const checks: Record<string, DataAwsSecretsmanagerSecretVersions> = {};
  if (s.props.requireSecretValues !== false) {
    for (const check of all) checks[check.secretId] = secretValueCheck(scope, s, check, deps.literalReadsWaitFor);
  }
  return { checks, secretsToSet: [...new Set(all.map((c) => c.secretId))] };
}

/** The three app secrets, with the commands that set them. */
function ownSecretChecks(s: ComputeSettings, deps: SecretGateDeps): SecretCheck[] {
  const own = (id: string, suffix: string, versionsOf: string, what: string, value: string): SecretCheck => {
    const secretId = `${s.name}/django/${suffix}`;
    return { id, secretId, versionsOf, what, command: putSecretValueCommand(s, secretId, value) };
  };
  return [
    own('secret_key_versions', 'secret-key', deps.secrets.djangoSecretKey.arn, 'Django SECRET_KEY', `"$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')"`),
    own(
      'api_keys_versions',
      'api-keys',
      deps.secrets.apiKeys.arn,
      'API_KEYS, a JSON object client name -> key',
      `"$(python3 -c 'import json, secrets; print(json.dumps({"partner-a": secrets.token_urlsafe(32)}))')"`,
    ),
    own('app_settings_versions', 'app-settings', deps.secrets.appSettings.arn, 'ALLOWED_HOSTS and CORS_ALLOWED_ORIGINS, derived from the domains', `'${deps.appSettingsValue}'`),
  ];
}

/**
 * Checks for `extraSecrets`: literal ARNs in the layer's account and region, one per secret and
 * pinned version (several variables may read keys of one secret); references and other accounts'
 * or regions' secrets are not checked (see `requireSecretValues`).
 */
function extraSecretChecks(s: ComputeSettings): SecretCheck[] {
  const checks = new Map<string, SecretCheck>();
  for (const [variable, valueFrom] of Object.entries(s.extraSecrets).sort(([a], [b]) => a.localeCompare(b))) {
    if (Token.isUnresolved(valueFrom)) continue;
    const m = /^(arn:[a-z-]+:secretsmanager:([a-z0-9-]+):(\d{12}):secret:[^:]+)(?::([^:]*):([^:]*):([^:]*))?$/.exec(valueFrom);
    if (!m || m[2] !== s.props.region || m[3] !== s.props.accountId) continue;
    const [, arn, , , , versionStage, versionId] = m;
    const key = `${arn}|${versionStage ?? ''}|${versionId ?? ''}`;
    if (checks.has(key)) continue;
    checks.set(key, {
      id: `extra_secret_${variable.toLowerCase()}_versions`,
      secretId: arn,
      versionsOf: arn,
      what: `extraSecrets.${variable}, in the format your application expects`,
      command: putSecretValueCommand(s, arn, "'<value>'"),
      versionStage: versionStage || undefined,
      versionId: versionId || undefined,
      literal: true,
    });
  }
  return [...checks.values()];
}

/** The data source listing a secret's versions, with the postcondition that names the secret and the command. */
function secretValueCheck(scope: Construct, s: ComputeSettings, check: SecretCheck, waitFor: IamRolePolicy): DataAwsSecretsmanagerSecretVersions {
  const missing = check.versionId !== undefined ? `no version ${check.versionId}` : `no version staged ${check.versionStage ?? 'AWSCURRENT'}`;
  return new DataAwsSecretsmanagerSecretVersions(scope, check.id, {
    secretId: check.versionsOf,
    // Asks for versions without a staging label too, but the provider's Read does not pass it on
    // (ListSecretVersionIds gets only SecretId): a pinned version ID that lost its labels reads as no value.
    // Kept so the check works once a provider passes it; documented on requireSecretValues.
    includeDeprecated: check.versionId !== undefined ? true : undefined,
    // Literal ARNs would be read at plan time, even in an offline plan of empty state: wait for the role
    // that reads them (a data source depending on a resource with pending changes is read at apply).
    dependsOn: check.literal ? [waitFor] : undefined,
    lifecycle: {
      postcondition: [
        {
          condition: checkCondition(s, secretHasValueCondition(check)),
          errorMessage:
            `Secret ${check.secretId} has no value yet (${missing}), ` +
            `so the ECS service ${s.name}-api is not created: its tasks could not start without it. It holds ${check.what}. ` +
            `Set it, then deploy again: ${check.command}${check.literal ? '' : ' (value formats: helloapi-infra modules/compute/README.md, "Setting the secrets")'}.`,
        },
      ],
    },
  });
}

/** The postcondition: `condition`, or `!<requireSecretValues> || (condition)` when requireSecretValues is a token. */
function checkCondition(s: ComputeSettings, condition: string): string {
  const required = s.props.requireSecretValues;
  // Inside "${...}" cdktf renders a token without its own braces: "${!var.require_secret_values || (...)}".
  return Token.isUnresolved(required) ? `\${!${Token.asString(required)} || (${condition})}` : `\${${condition}}`;
}

/**
 * HCL condition over the data source's `self.versions`: a version with the pinned ID, or one staged
 * with the pinned stage (AWSCURRENT by default). `versions` is null when the secret has no version.
 */
function secretHasValueCondition(check: Pick<SecretCheck, 'versionStage' | 'versionId'>): string {
  const match = check.versionId !== undefined ? `v.version_id == "${check.versionId}"` : `contains(v.version_stages, "${check.versionStage ?? 'AWSCURRENT'}")`;
  return `try(anytrue([for v in self.versions : ${match}]), false)`;
}
