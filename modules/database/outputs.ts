/** What the database layer hands to the other layers. */
export interface DatabaseOutputs {
  /** Host name of the primary instance. */
  readonly address: string;
  /** `host:port` of the primary instance. */
  readonly endpoint: string;
  readonly port: number;
  readonly databaseName: string;
  /** ARN of the RDS-managed master-user secret (JSON keys `username`, `password`). */
  readonly masterUserSecretArn: string;
  /** ARN of the customer-managed KMS key that encrypts storage and the secret. */
  readonly kmsKeyArn: string;
  /** RDS instance identifier (CloudWatch dimension DBInstanceIdentifier). */
  readonly instanceIdentifier: string;
  readonly securityGroupId: string;
}
