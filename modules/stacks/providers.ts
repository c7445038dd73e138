import { Construct } from 'constructs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { emulatorProviderConfig } from './emulator';

export interface ProviderSettings {
  /** Region the provider is pinned to. */
  readonly region: string;
  /** The only account the provider may act in (allowed_account_ids). */
  readonly accountId: string;
  /** Tags every taggable resource gets through the provider's default_tags. */
  readonly defaultTags: Record<string, string>;
  /**
   * Offline mode: dummy credentials and every skip_* setting, so `terraform plan`
   * makes no AWS call. Only ever used by the offline plan, never for a deploy.
   */
  readonly offline: boolean;
  /** Provider alias (e.g. `us_east_1` for CloudFront-scoped resources). @default no alias (the default provider) */
  readonly alias?: string;
  /**
   * Role to assume (in `accountId`) before acting, e.g. the DNS role in the account that owns the hosted zone.
   * Offline mode never assumes it (that would call STS).
   * @default none: the caller's own credentials
   */
  readonly assumeRoleArn?: string;
  /**
   * Session name when `assumeRoleArn` is set (shows in CloudTrail of the role's account).
   * @default none (the provider picks one)
   */
  readonly assumeRoleSessionName?: string;
}

/**
 * The AWS provider every stack uses: region pinned, account pinned through
 * allowed_account_ids, default tags applied.
 */
export function createAwsProvider(scope: Construct, id: string, s: ProviderSettings): AwsProvider {
  return new AwsProvider(scope, id, {
    region: s.region,
    alias: s.alias,
    defaultTags: [{ tags: s.defaultTags }],
    ...emulatorProviderConfig(s.offline), // HELLOAPI_AWS_ENDPOINT (emulator.ts): nothing when unset
    ...(s.offline
      ? {
          // allowed_account_ids needs the real account ID, which offline mode never asks AWS for.
          accessKey: 'offline-plan-not-a-key',
          secretKey: 'offline-plan-not-a-secret',
          skipCredentialsValidation: true,
          skipRequestingAccountId: true,
          skipMetadataApiCheck: 'true',
          skipRegionValidation: true,
        }
      : {
          allowedAccountIds: [s.accountId],
          ...(s.assumeRoleArn ? { assumeRole: [{ roleArn: s.assumeRoleArn, sessionName: s.assumeRoleSessionName }] } : {}),
        }),
  });
}

/** Tags on every resource: Project, Environment, ManagedBy, then the environment's own. */
export function standardTags(app: string, environment: string, extra: Record<string, string>): Record<string, string> {
  return { Project: app, Environment: environment, ManagedBy: 'cdktf', ...extra };
}
