import { Construct } from 'constructs';
import { LocalBackend, S3Backend, TerraformOutput } from 'cdktf';
import { partitionOf } from '../config/regions';
import { ReadableStack } from '../core/addressing';
import { CrossAccountRole, StateBackendBootstrap } from '../state';
import { SharedRoleSpec, zoneStatements } from './access';
import { applyEmulatorToBackend } from './emulator';
import { createAwsProvider, standardTags } from './providers';

export interface StateStackProps {
  /** Application name; the stack is `<app>-state`. */
  readonly app: string;
  /** Account that owns the state bucket. */
  readonly accountId: string;
  /** Region of the state bucket. */
  readonly region: string;
  /** Name of the state bucket. */
  readonly bucketName: string;
  /**
   * Optional DynamoDB lock table to create.
   * @default no table
   */
  readonly lockTableName?: string;
  /**
   * KMS key the backend encrypts this stack's own state with (ARN or alias ARN of the key this stack creates).
   */
  readonly stateKmsKeyId: string;
  /**
   * Cross-account roles to create in the state account: state access (backend `assume_role`) and DNS records.
   * @default []
   */
  readonly roles?: readonly SharedRoleSpec[];
  /** Offline mode (offline plans only): provider that never calls AWS, local state. */
  readonly offline: boolean;
}

/** The state key of the `<app>-state` stack itself, in the bucket it creates. */
export function stateStackKey(app: string): string {
  return `${app}/state/terraform.tfstate`;
}

/** Where `npm run state:bootstrap` keeps the state stack's state before it can live in its own bucket (never under cdktf.out/). */
export function bootstrapStatePath(app: string): string {
  return `terraform-bootstrap/${app}-state.tfstate`;
}

/**
 * `<app>-state`: the shared-services stack: the state bucket and key, and the cross-account roles through which
 * the other accounts' stacks reach their state (and, when the hosted zone lives here, write their DNS records).
 * Its own state lives in the bucket it creates (`<app>/state/terraform.tfstate`); the very first apply, before
 * the bucket exists, is `npm run state:bootstrap` (local state outside cdktf.out/, then migrated into the bucket).
 */
export class StateStack extends ReadableStack {
  /** The state bucket, its key, the optional lock table and the roles that reach state (`state`, named `<app>-state`). */
  readonly bootstrap: StateBackendBootstrap;
  /** Roles that only write DNS records (roles that also reach state are in `bootstrap.accessRoles`). */
  readonly dnsRoles: Record<string, CrossAccountRole> = {};

  constructor(scope: Construct, id: string, props: StateStackProps) {
    super(scope, id, { selfContained: true });
    createAwsProvider(this, 'aws', {
      region: props.region,
      accountId: props.accountId,
      defaultTags: standardTags(props.app, 'shared', {}),
      offline: props.offline,
    });
    if (props.offline) {
      new LocalBackend(this, { path: 'terraform.tfstate' });
    } else {
      new S3Backend(this, {
        bucket: props.bucketName,
        key: stateStackKey(props.app),
        region: props.region,
        encrypt: true,
        kmsKeyId: props.stateKmsKeyId,
      });
      this.addOverride('terraform.backend.s3.use_lockfile', true);
      applyEmulatorToBackend(this); // HELLOAPI_AWS_ENDPOINT (emulator.ts): nothing when unset
    }
    const partition = partitionOf(props.region);
    const roles = props.roles ?? [];
    this.bootstrap = new StateBackendBootstrap(this, 'state', {
      name: `${props.app}-state`,
      accountId: props.accountId,
      region: props.region,
      partition,
      bucketName: props.bucketName,
      lockTableName: props.lockTableName,
      accessRoles: roles
        .filter((r) => r.stateKeys.length > 0)
        .map((r) => ({ roleName: r.roleName, path: r.path, trustedAccountIds: r.trustedAccountIds, stateKeys: r.stateKeys, extraStatements: zoneStatements(r, partition) })),
    });
    for (const r of roles.filter((x) => x.stateKeys.length === 0 && x.zones.size > 0)) {
      this.dnsRoles[r.roleName] = new CrossAccountRole(this, `dns_role_${r.roleName.toLowerCase().replace(/[^a-z0-9]+/g, '_')}`, {
        roleName: r.roleName,
        path: r.path,
        trustedAccountIds: r.trustedAccountIds,
        partition,
        description: `Route 53 records of ${r.usedBy.join(', ')}`,
        statements: zoneStatements(r, partition),
      });
    }
    new TerraformOutput(this, 'state_bucket', { value: this.bootstrap.bucket.bucketName, description: 'The remote-state bucket' });
    new TerraformOutput(this, 'state_kms_key_arn', { value: this.bootstrap.key.arn, description: 'KMS key encrypting state' });
    if (this.bootstrap.lockTable) {
      new TerraformOutput(this, 'lock_table', { value: this.bootstrap.lockTable.name, description: 'Optional DynamoDB lock table' });
    }
  }
}
