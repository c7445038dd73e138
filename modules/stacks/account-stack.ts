import { Construct } from 'constructs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { AccountBaseline, AccountBaselineProps } from '../account-baseline';
import { ReadableStack } from '../core/addressing';
import { EnvironmentConfig } from '../config/types';
import { configureBackend } from './backend';
import { createAwsProvider, standardTags } from './providers';

export interface AccountBaselineStackProps {
  /** The environments this baseline covers: same app, account, region and baseline label (validated). */
  readonly environments: readonly EnvironmentConfig[];
  /** Offline mode: local state and a provider that never calls AWS (offline plans only). @default false */
  readonly offline?: boolean;
}

/** The baseline stack's name: `<app>-account-<label>`. */
export function baselineStackName(app: string, label: string): string {
  return `${app}-account-${label}`;
}

/** Layer settings of the baseline from an environment's `accountBaseline` section. */
export function baselineSettings(c: EnvironmentConfig): Omit<AccountBaselineProps, 'name' | 'accountId' | 'region' | 'partition' | 'tags'> {
  const b = c.accountBaseline;
  return {
    cloudTrail: { enabled: b.cloudTrail.enabled, logRetentionDays: b.cloudTrail.logRetentionDays },
    guardDuty: b.guardDuty,
    securityHub: b.securityHub,
    config: b.config,
  };
}

/**
 * `<app>-account-<label>`: the account-wide security services, once per
 * account and region, whichever environments share the account. State lives
 * next to the environments' (`<app>/account-<label>/terraform.tfstate` in the
 * same bucket, or the HCP workspace `<app>-account-<label>`).
 */
export class AccountBaselineStack extends ReadableStack {
  /** The account-baseline label (`account.baseline` of the covered environments): the stack is `<app>-account-<label>`. */
  readonly label: string;
  /** The AWS provider (`aws`): the account's region, pinned to the account. */
  readonly provider: AwsProvider;
  /** The account baseline (`baseline`): CloudTrail, GuardDuty, Security Hub, Config, S3 Block Public Access, Access Analyzer and, when a covered environment keeps `monitoring.securityFindingAlerts` on, the findings topic. */
  readonly baseline: AccountBaseline;
  /** Names of the environments this baseline covers. */
  readonly coveredEnvironments: string[];

  constructor(scope: Construct, props: AccountBaselineStackProps) {
    const first = props.environments[0];
    if (!first) throw new Error('AccountBaselineStack needs at least one environment');
    const label = first.account.baseline;
    const stackName = baselineStackName(first.app, label);
    super(scope, stackName, { selfContained: true });
    for (const c of props.environments) {
      if (c.app !== first.app || c.account.baseline !== label || c.account.id !== first.account.id || c.account.region !== first.account.region) {
        throw new Error(`${stackName}: ${c.stackName} is in account ${c.account.id}/${c.account.region} (label ${c.account.baseline}), not ${first.account.id}/${first.account.region}`);
      }
    }
    this.label = label;
    this.coveredEnvironments = props.environments.map((c) => c.name);
    const offline = props.offline ?? false;
    this.provider = createAwsProvider(this, 'aws', {
      region: first.account.region,
      accountId: first.account.id,
      defaultTags: standardTags(first.app, `account-${label}`, {}),
      offline,
    });
    // Same backend as the environments, under its own key / workspace (never an environment's).
    configureBackend(
      this,
      {
        ...first,
        name: `account-${label}`,
        stackName,
        state: first.state.backend === 'hcp' ? { ...first.state, workspace: undefined } : first.state,
      },
      offline,
    );
    // Production-grade protection unless every covered environment relaxed deletion protection.
    const preventDestroy = props.environments.some((c) => c.database.deletionProtection);
    this.baseline = new AccountBaseline(this, 'baseline', {
      name: stackName,
      accountId: first.account.id,
      region: first.account.region,
      preventDestroy,
      ...baselineSettings(first),
      findingAlerts: findingSubscribers(props.environments),
    });
  }
}

/**
 * Who gets the account's findings: the alarm subscribers (emails, HTTPS endpoints) of every covered environment that
 * keeps `monitoring.securityFindingAlerts` on, each once (sorted); none of them on: no findings topic or rules.
 */
export function findingSubscribers(environments: readonly EnvironmentConfig[]): { emails: string[]; httpsEndpoints: string[] } | false {
  const on = environments.filter((c) => c.monitoring.securityFindingAlerts);
  if (on.length === 0) return false;
  const unique = (values: string[]) => [...new Set(values)].sort();
  return { emails: unique(on.flatMap((c) => c.monitoring.alarmEmails)), httpsEndpoints: unique(on.flatMap((c) => c.monitoring.alarmHttpsEndpoints)) };
}
