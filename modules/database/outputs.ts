/** What the database layer hands to the other layers. */
export interface DatabaseOutputs {
  /** Host name of the primary instance. */
  readonly address: string;
  /** `host:port` of the primary instance. */
  readonly endpoint: string;
  /** Port the database listens on. */
  readonly port: number;
  /** Name of the application database. */
  readonly databaseName: string;
  /** ARN of the RDS-managed master-user secret (JSON keys `username`, `password`). */
  readonly masterUserSecretArn: string;
  /** ARN of the customer-managed KMS key that encrypts storage and the secret. */
  readonly kmsKeyArn: string;
  /** RDS instance identifier (CloudWatch dimension DBInstanceIdentifier). */
  readonly instanceIdentifier: string;
  /** The database's security group. */
  readonly securityGroupId: string;
  /** ARN of the primary instance (event subscriptions, IAM conditions). @default undefined (not provided by this implementation) */
  readonly instanceArn?: string;
  /** The primary's DbiResourceId (IAM database authentication: `rds-db:connect` ARNs). @default undefined (not provided by this implementation) */
  readonly instanceResourceId?: string;
  /** The master user name (not secret; its password lives only in the managed secret). @default undefined (not provided by this implementation) */
  readonly masterUsername?: string;
  /** Identifiers of the read replicas (CloudWatch dimension DBInstanceIdentifier), in order. @default undefined (not provided by this implementation) */
  readonly replicaIdentifiers?: string[];
  /** Host names of the read replicas, in order. @default undefined (not provided by this implementation) */
  readonly replicaAddresses?: string[];
  /** The exported log groups (`/aws/rds/instance/<identifier>/postgresql` and `/upgrade`) of every instance. @default undefined (not provided by this implementation) */
  readonly logGroupNames?: string[];
  /** Name of the DB parameter group. @default undefined (not provided by this implementation) */
  readonly parameterGroupName?: string;
}
