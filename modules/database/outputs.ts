/** What the database layer hands to the other layers. */
export interface DatabaseOutputs {
  /** Host name of the primary instance. */
  readonly address: string;
  /** `host:port` of the primary instance. */
  readonly endpoint: string;
  /** The port PostgreSQL listens on (a token of the instance's `port`). */
  readonly port: number;
  /** Name of the application database. */
  readonly databaseName: string;
  /** ARN of the RDS-managed master-user secret (JSON keys `username`, `password`). */
  readonly masterUserSecretArn: string;
  /** ARN of the customer-managed KMS key that encrypts storage and the secret. */
  readonly kmsKeyArn: string;
  /** RDS instance identifier (CloudWatch dimension DBInstanceIdentifier). */
  readonly instanceIdentifier: string;
  /** The database security group (from the network layer). */
  readonly securityGroupId: string;
  /** ARN of the primary instance (event subscriptions, IAM conditions). */
  readonly instanceArn: string;
  /** The primary's DbiResourceId (IAM database authentication: `rds-db:connect` ARNs). */
  readonly instanceResourceId: string;
  /** The master user name (not secret; its password lives only in the managed secret). */
  readonly masterUsername: string;
  /** Identifiers of the read replicas (CloudWatch dimension DBInstanceIdentifier), in order; empty without replicas. */
  readonly replicaIdentifiers: string[];
  /** Host names of the read replicas, in order; empty without replicas. */
  readonly replicaAddresses: string[];
  /** The exported log groups (`/aws/rds/instance/<identifier>/postgresql` and `/upgrade`) of every instance. */
  readonly logGroupNames: string[];
  /** Name of the DB parameter group. */
  readonly parameterGroupName: string;
}
