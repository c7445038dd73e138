import type { RelaxationName } from './relaxations';
import type { ParsedEnvironment } from './schema';

/**
 * A validated environment with every default resolved. Layer props are
 * computed from this in modules/stacks; the layers themselves never see it.
 */
export interface EnvironmentConfig {
  /** Where the environment was declared. */
  readonly source: string;
  /** Application name; prefixes stacks and resources. */
  readonly app: string;
  /** Environment name (the file name). */
  readonly name: string;
  /** `<app>-<name>`. */
  readonly stackName: string;
  /** Whether this is production (most relaxations refused). */
  readonly production: boolean;
  /** AWS account, region and account-baseline label. */
  readonly account: ParsedEnvironment['account'];
  /** Network settings with NAT mode and endpoints resolved from relaxations. */
  readonly network: {
    readonly cidr: string;
    readonly azCount: number;
    readonly availabilityZones: string[];
    readonly natGateways: 'per-az' | 'single';
    readonly vpcEndpoints: boolean;
    readonly flowLogRetentionDays: number;
  };
  /** API domain and Route 53 zone, with the zone's account resolved (`dns.accountId`, else `account.id`). */
  readonly dns: Omit<ParsedEnvironment['dns'], 'accountId' | 'roleArn'> & {
    /** The account owning the hosted zone. */
    readonly accountId: string;
    /** The role in the zone's account to write records with; undefined when the zone is in the environment's account and no role is named. */
    readonly roleArn: string | undefined;
  };
  /** Service sizing, scaling and image, with counts and ECS Exec resolved. */
  readonly compute: ParsedEnvironment['compute'] & {
    readonly minCount: number;
    readonly maxCount: number;
    readonly execEnabled: boolean;
    /** `compute.deployment`, else blue/green in production and rolling elsewhere. */
    readonly deployment: 'rolling' | 'blueGreen';
  };
  /** Database settings with Multi-AZ, protection and backups resolved. */
  readonly database: ParsedEnvironment['database'] & {
    readonly maxAllocatedStorage: number;
    readonly backupRetentionDays: number;
    readonly multiAz: boolean;
    readonly deletionProtection: boolean;
    readonly skipFinalSnapshot: boolean;
  };
  /** WAF, ALB and CloudFront settings. */
  readonly edge: ParsedEnvironment['edge'] & { readonly cloudFront: boolean; readonly deletionProtection: boolean };
  /** Alarm subscribers, thresholds and log patterns. */
  readonly monitoring: ParsedEnvironment['monitoring'];
  /** Settings of the `<app>-account-<account.baseline>` stack (identical across the environments sharing the label). */
  readonly accountBaseline: ParsedEnvironment['accountBaseline'];
  /** Retention of application, database and WAF logs, in days. */
  readonly logRetentionDays: number;
  /** Where this environment keeps its Terraform state (as declared; `stateLocation()` resolves the S3 defaults). */
  readonly state: ParsedEnvironment['state'];
  /** Extra default tags. */
  readonly tags: Record<string, string>;
  /** The weakened secure defaults, each with its reason. */
  readonly relaxations: Partial<Record<RelaxationName, { reason: string }>>;
  /** Policy-engine settings: whether errors fail the synth, and reasoned suppressions. */
  readonly policy: { readonly failOnError: boolean; readonly suppressions: ParsedEnvironment['policy']['suppressions'] };
}
