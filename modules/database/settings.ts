/** The database layer's props with defaults applied (after databasePropsProblems found none). */
import { Fn, Token } from 'cdktf';
import { withOwnTags } from '../core/tags';
import { DEFAULT_POSTGRES_VERSION, POSTGRES_VERSION } from './engine-version';
import type { DatabaseProps } from './index';
import { DEFAULT_BACKUP_WINDOW, DEFAULT_MAINTENANCE_WINDOW } from './windows';

/** Settings with defaults applied. */
export interface DatabaseSettings {
  readonly name: string;
  readonly partition: string;
  readonly identifier: string;
  /** The engine major, e.g. `17` (a Terraform expression when engineVersion is a token). */
  readonly major: string;
  readonly engineVersion: string;
  readonly masterUsername: string;
  readonly port: number;
  readonly maxAllocatedStorage: number;
  readonly backupRetentionDays: number;
  readonly backupWindow: string;
  readonly maintenanceWindow: string;
  readonly readReplicas: number;
  readonly logRetentionDays: number;
  readonly performanceInsightsRetentionDays: number;
  readonly monitoringInterval: number;
  readonly skipFinalSnapshot: boolean;
  readonly preventDestroy: boolean;
  /** Every parameter-group setting (the extra ones and the layer's own), sorted by name. */
  readonly parameters: { name: string; value: string }[];
  /** The layer's tags with `Name`. */
  readonly tags: (name: string) => Record<string, string>;
}

const known = (v: unknown): boolean => v !== undefined && !Token.isUnresolved(v);

export function databaseSettings(props: DatabaseProps): DatabaseSettings {
  const engineVersion = props.engineVersion ?? DEFAULT_POSTGRES_VERSION;
  const maintenanceWindow = props.maintenanceWindow ?? DEFAULT_MAINTENANCE_WINDOW;
  return {
    name: props.name,
    partition: props.partition ?? 'aws',
    identifier: `${props.name}-db`,
    major: known(engineVersion) ? (POSTGRES_VERSION.exec(engineVersion)?.[1] ?? 'invalid') : Fn.element(Fn.split('.', engineVersion), 0),
    engineVersion,
    masterUsername: props.masterUsername ?? 'dbadmin',
    port: props.port ?? props.network.databasePort ?? 5432,
    maxAllocatedStorage: props.maxAllocatedStorage ?? props.allocatedStorage * 5,
    backupRetentionDays: props.backupRetentionDays ?? 14,
    backupWindow: props.backupWindow ?? DEFAULT_BACKUP_WINDOW,
    maintenanceWindow: known(maintenanceWindow) ? maintenanceWindow.toLowerCase() : maintenanceWindow,
    readReplicas: props.readReplicas ?? 0,
    logRetentionDays: props.logRetentionDays ?? 365,
    performanceInsightsRetentionDays: props.performanceInsightsRetentionDays ?? 7,
    monitoringInterval: props.monitoringInterval ?? 60,
    skipFinalSnapshot: props.skipFinalSnapshot ?? false,
    preventDestroy: props.preventDestroy ?? true,
    parameters: parameters(props),
    tags: (n: string) => withOwnTags(props.tags, { Name: n }),
  };
}

/** The parameter-group settings the layer owns (`parameters` cannot override them): TLS required; slow statements, connections and disconnections logged. */
export function ownParameters(props: Pick<DatabaseProps, 'slowStatementThresholdMs' | 'logConnections'>): Record<string, string> {
  const slow = props.slowStatementThresholdMs ?? 1000;
  const logConnections = (props.logConnections ?? true) ? '1' : '0';
  return {
    'rds.force_ssl': '1',
    log_min_duration_statement: known(slow) ? String(slow) : Token.asString(slow),
    log_connections: logConnections,
    log_disconnections: logConnections,
  };
}

/** The extra parameters and the layer's own, sorted by name. */
function parameters(props: DatabaseProps): { name: string; value: string }[] {
  return Object.entries({ ...(props.parameters ?? {}), ...ownParameters(props) })
    .map(([n, value]) => ({ name: n, value }))
    .sort((a, b) => a.name.localeCompare(b.name));
}
