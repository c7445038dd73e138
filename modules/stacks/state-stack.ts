import { Construct } from 'constructs';
import { LocalBackend, TerraformOutput } from 'cdktf';
import { ReadableStack } from '../core/addressing';
import { StateBackendBootstrap } from '../state';
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
  /** Offline mode (offline plans only): provider that never calls AWS. */
  readonly offline: boolean;
}

/**
 * `<app>-state`: the bootstrap stack for remote state. It keeps its own state
 * locally (commit-free: see the README for migrating it into the bucket it creates).
 */
export class StateStack extends ReadableStack {
  readonly bootstrap: StateBackendBootstrap;

  constructor(scope: Construct, id: string, props: StateStackProps) {
    super(scope, id, { selfContained: true });
    createAwsProvider(this, 'aws', {
      region: props.region,
      accountId: props.accountId,
      defaultTags: standardTags(props.app, 'shared', {}),
      offline: props.offline,
    });
    new LocalBackend(this, { path: 'terraform.tfstate' });
    this.bootstrap = new StateBackendBootstrap(this, 'state', {
      name: `${props.app}-state`,
      accountId: props.accountId,
      region: props.region,
      bucketName: props.bucketName,
      lockTableName: props.lockTableName,
    });
    new TerraformOutput(this, 'state_bucket', { value: this.bootstrap.bucket.bucketName, description: 'The remote-state bucket' });
    new TerraformOutput(this, 'state_kms_key_arn', { value: this.bootstrap.key.arn, description: 'KMS key encrypting state' });
    if (this.bootstrap.lockTable) {
      new TerraformOutput(this, 'lock_table', { value: this.bootstrap.lockTable.name, description: 'Optional DynamoDB lock table' });
    }
  }
}
