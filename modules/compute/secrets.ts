import { Construct } from 'constructs';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecureKey } from '../core/kms';
import type { ComputeSettings } from './settings';

/** The secrets this layer creates (values are set out of band; see README.md). */
export interface ComputeSecrets {
  /** SECRET_KEY: a random string of at least 50 characters. */
  readonly djangoSecretKey: SecretsmanagerSecret;
  /** API_KEYS: JSON object client name -> API key, for external clients. */
  readonly apiKeys: SecretsmanagerSecret;
  /** JSON with ALLOWED_HOSTS and CORS_ALLOWED_ORIGINS (comma-separated), derived from the domains. */
  readonly appSettings: SecretsmanagerSecret;
}

/** The app's secrets (`secret_key`, `api_keys`, `app_settings`), encrypted with the layer's key, created without a value. */
export function appSecrets(scope: Construct, s: ComputeSettings, key: SecureKey): ComputeSecrets {
  const recoveryWindowInDays = s.props.secretRecoveryWindowInDays ?? 30;
  const secret = (id: string, suffix: string, description: string) =>
    new SecretsmanagerSecret(scope, id, {
      name: `${s.name}/django/${suffix}`,
      description,
      kmsKeyId: key.arn,
      recoveryWindowInDays,
      tags: s.tags,
    });
  const name = s.name;
  return {
    djangoSecretKey: secret('secret_key', 'secret-key', `Django SECRET_KEY for ${name}; value set out of band (modules/compute/README.md)`),
    apiKeys: secret('api_keys', 'api-keys', `API keys of external clients of ${name} (JSON: client -> key); value set out of band`),
    appSettings: secret('app_settings', 'app-settings', `ALLOWED_HOSTS and CORS_ALLOWED_ORIGINS of ${name} (JSON); value set out of band`),
  };
}

/**
 * Every secret the tasks read (the ARNs, without JSON-key selectors): the RDS-managed master secret, the three app
 * secrets and `extraSecrets`. The execution role may read exactly these; the rotation redeploy watches them.
 */
export function taskSecretArns(s: ComputeSettings, secrets: ComputeSecrets): string[] {
  return [s.props.database.masterUserSecretArn, secrets.djangoSecretKey.arn, secrets.apiKeys.arn, secrets.appSettings.arn, ...s.extraSecretArns];
}

/** The value of the app settings secret: ALLOWED_HOSTS and CORS_ALLOWED_ORIGINS, comma-separated, as JSON. */
export function appSettingsValue(s: ComputeSettings): string {
  return JSON.stringify({ ALLOWED_HOSTS: s.props.allowedHosts.join(','), CORS_ALLOWED_ORIGINS: s.corsOrigins.join(',') });
}

/**
 * `aws secretsmanager put-secret-value` for a secret of the layer's region. The value is attached with `=`: a
 * separate argument starting with `-` is read by the AWS CLI as an option ("argument --secret-string: expected one
 * argument"), and `secrets.token_urlsafe` draws from A-Z, a-z, 0-9, `-` and `_`, so 1 in 64 generated SECRET_KEYs
 * starts with one (seen in the apply tier, 2026-12-05).
 */
export function putSecretValueCommand(s: ComputeSettings, secretId: string, value: string): string {
  return `aws secretsmanager put-secret-value --region ${s.props.region} --secret-id ${secretId} --secret-string=${value}`;
}
