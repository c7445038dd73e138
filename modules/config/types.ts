import type { RelaxationName } from './relaxations';
import type { ParsedEnvironment } from './schema';

/**
 * A validated environment with every default resolved. Layer props are
 * computed from this in modules/stacks; the layers themselves never see it.
 */
export interface EnvironmentConfig {
  /** Where the environment was declared. */
  readonly source: string;
  readonly app: string;
  readonly name: string;
  /** `<app>-<name>`. */
  readonly stackName: string;
  readonly production: boolean;
  readonly account: ParsedEnvironment['account'];
  readonly network: {
    readonly cidr: string;
    readonly azCount: number;
    readonly availabilityZones: string[];
    readonly natGateways: 'per-az' | 'single';
    readonly vpcEndpoints: boolean;
    readonly flowLogRetentionDays: number;
  };
  readonly dns: ParsedEnvironment['dns'];
  readonly compute: ParsedEnvironment['compute'] & { readonly minCount: number; readonly maxCount: number; readonly execEnabled: boolean };
  readonly database: ParsedEnvironment['database'] & {
    readonly maxAllocatedStorage: number;
    readonly backupRetentionDays: number;
    readonly multiAz: boolean;
    readonly deletionProtection: boolean;
    readonly skipFinalSnapshot: boolean;
  };
  readonly edge: ParsedEnvironment['edge'] & { readonly cloudFront: boolean; readonly deletionProtection: boolean };
  readonly monitoring: ParsedEnvironment['monitoring'];
  /** Settings of the `<app>-account-<account.baseline>` stack (identical across the environments sharing the label). */
  readonly accountBaseline: ParsedEnvironment['accountBaseline'];
  readonly logRetentionDays: number;
  readonly state: ParsedEnvironment['state'];
  readonly tags: Record<string, string>;
  readonly relaxations: Partial<Record<RelaxationName, { reason: string }>>;
  readonly policy: { readonly failOnError: boolean; readonly suppressions: ParsedEnvironment['policy']['suppressions'] };
}
