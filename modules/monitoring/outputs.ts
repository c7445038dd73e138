/** What the monitoring layer hands to the other layers (and to consumers). */
export interface MonitoringOutputs {
  /** ARN of the KMS-encrypted alert topic (alarms and security findings). */
  readonly alertTopicArn: string;
  /** Alert topic name. */
  readonly alertTopicName: string;
  /** ARN of the key encrypting the topic (publishers outside CloudWatch/EventBridge need kms:GenerateDataKey* on it). */
  readonly alertKeyArn: string;
  /** Alarm names by construct id (e.g. `failed_logins` -> `helloapi-prod-failed-logins`). */
  readonly alarmNames: Record<string, string>;
  /** CloudWatch dashboard name. */
  readonly dashboardName: string;
}
