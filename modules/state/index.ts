import { Construct } from 'constructs';
import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';
import { SecureBucket } from '../core/bucket';
import { LayerBaseProps } from '../core/context';
import { PolicyStatement } from '../core/iam';
import { SecureKey } from '../core/kms';
import { Problems } from '../core/problems';
import { CrossAccountRole } from './access';
import { lockTable, stateAccessRoles, stateBucket } from './backend';
import { statePropsProblems } from './validation';

export * from './access';
export { STATE_MAX_NAME_LENGTH, statePropsProblems, crossAccountRolePropsProblems } from './validation';

/** A role in the state account through which the stacks of other accounts reach their state. */
export interface StateAccessRoleSpec {
  /** The role's name (without path). */
  readonly roleName: string;
  /**
   * IAM path of the role.
   * @default '/'
   */
  readonly path?: string;
  /** Accounts whose principals may assume it (the accounts the stacks using it deploy into). */
  readonly trustedAccountIds: readonly string[];
  /** State object keys the role may read, write and lock, e.g. `helloapi/dev/terraform.tfstate`. */
  readonly stateKeys: readonly string[];
  /**
   * More permissions on the same role (e.g. a hosted zone's records when the role doubles as the DNS role).
   * @default []
   */
  readonly extraStatements?: PolicyStatement[];
}

export interface StateBackendBootstrapProps extends LayerBaseProps {
  /** Name of the state bucket. */
  readonly bucketName: string;
  /**
   * Also create a DynamoDB lock table with this name (S3-native locking needs none).
   * @default no table
   */
  readonly lockTableName?: string;
  /**
   * Days to keep noncurrent state versions.
   * @default 90
   */
  readonly noncurrentVersionDays?: number;
  /**
   * Roles in this account that stacks deploying into other accounts assume to reach their state
   * (the backend's `assume_role`). Each may touch only its own state keys and use the state key.
   * @default []
   */
  readonly accessRoles?: readonly StateAccessRoleSpec[];
}

/**
 * What remote state needs before any environment can be deployed: a versioned,
 * KMS-encrypted, private, TLS-only, undeletable bucket and an optional lock table.
 */
export class StateBackendBootstrap extends Construct {
  /** The state bucket (`bucketName`): versioned, encrypted with `key`, refuses puts without SSE-KMS, prevent_destroy. */
  readonly bucket: SecureBucket;
  /** The state key (`<id>_kms`, purpose `terraform-state`, prevent_destroy): the bucket, the lock table and the backend's `kms_key_id`. */
  readonly key: SecureKey;
  /** The DynamoDB lock table (`lockTableName`), encrypted with `key`; undefined without `lockTableName` (S3-native locking needs none). */
  readonly lockTable?: DynamodbTable;
  /** The cross-account state roles, by role name. */
  readonly accessRoles: Record<string, CrossAccountRole>;

  constructor(scope: Construct, id: string, props: StateBackendBootstrapProps) {
    super(scope, id);
    new Problems().addAll(statePropsProblems(props)).throwIfAny(`StateBackendBootstrap ${this.node.path}`);
    this.key = new SecureKey(this, 'kms', { ...props, purpose: 'terraform-state', preventDestroy: true });
    this.bucket = stateBucket(this, props, this.key);
    if (props.lockTableName) this.lockTable = lockTable(this, props.lockTableName, props, this.key);
    this.accessRoles = stateAccessRoles(this, props, this.bucket, this.key);
  }
}
