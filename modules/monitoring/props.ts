/** The monitoring layer's props: what it watches (the other layers' typed outputs) and how it alerts. */
import type { TerraformProvider } from 'cdktf';
import { LayerBaseProps } from '../core/context';
import type { ComputeOutputs } from '../compute/outputs';
import type { DatabaseOutputs } from '../database/outputs';
import type { EdgeOutputs } from '../edge/outputs';
import type { AlarmSpec, AlbDimensions, MonitoringThresholds, ServiceDimensions } from './alarms';

/**
 * What monitoring watches on the edge layer: pass `edge.outputs`, or the values when the load balancer is
 * managed elsewhere. With blue/green deploys (`greenTargetGroupArnSuffix` set) the unhealthy-hosts alarm and the
 * dashboard's target graph cover both target groups.
 */
export interface MonitoredEdge extends Pick<EdgeOutputs, 'albArnSuffix' | 'targetGroupArnSuffix' | 'greenTargetGroupArnSuffix' | 'cloudFrontWebAclName'> {
  /**
   * The regional web ACL's name (dimension WebACL).
   * @default undefined: no WAF alarm
   */
  readonly webAclName?: string;
}

/** What monitoring watches on the compute layer: pass `compute.outputs`, or the values when the service is managed elsewhere. */
export interface MonitoredCompute extends Pick<ComputeOutputs, 'clusterName' | 'serviceName' | 'minTaskCount'> {
  /**
   * The application's log group, where the failed-login metric filter runs.
   * @default undefined: no failed-login filter or alarm
   */
  readonly logGroupName?: string;
}

/** What monitoring watches on the database layer: pass `database.outputs`, or the identifier of an instance managed elsewhere. */
export type MonitoredDatabase = Pick<DatabaseOutputs, 'instanceIdentifier'>;

/** An extra subscriber of the alert topic. */
export interface AlertSubscription {
  /** SNS protocol. */
  readonly protocol: 'email' | 'email-json' | 'https' | 'sqs' | 'lambda' | 'firehose' | 'application';
  /** Address, URL or ARN, depending on the protocol. */
  readonly endpoint: string;
  /**
   * Role SNS assumes to deliver (required for `firehose`).
   * @default undefined
   */
  readonly subscriptionRoleArn?: string;
}

/** Which security findings are forwarded to the topic. */
export interface SecurityFindingAlerts {
  /**
   * Forward GuardDuty findings with severity at or above this (GuardDuty: 7-8.9 high, 9-10 critical).
   * `false` turns the GuardDuty rule off.
   * @default 7
   */
  readonly guardDutyMinSeverity?: number | false;
  /**
   * Security Hub severity labels to forward (NEW, ACTIVE findings only; GuardDuty's own findings are
   * excluded because the GuardDuty rule already forwards them). Empty turns the rule off.
   * @default ['CRITICAL', 'HIGH']
   */
  readonly securityHubSeverityLabels?: ('CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW' | 'INFORMATIONAL')[];
}

export interface MonitoringProps extends LayerBaseProps {
  /**
   * Email addresses subscribed to the alert topic (each must confirm the subscription).
   * @default []
   */
  readonly alarmEmails?: string[];
  /**
   * HTTPS endpoints (chat webhook relays, incident tools) subscribed to the alert topic.
   * @default []
   */
  readonly alarmHttpsEndpoints?: string[];
  /**
   * Other subscribers (SQS, Lambda, Firehose, ...). AWS Chatbot subscribes itself to the topic ARN output.
   * @default []
   */
  readonly extraSubscriptions?: AlertSubscription[];
  /**
   * The edge layer's outputs (`edge.outputs`): the load balancer and target group, the regional web ACL and, with
   * CloudFront, the CloudFront web ACL (its alarm is in us-east-1: `globalProvider`).
   * @default undefined: no load balancer or WAF alarms or graphs
   */
  readonly edge?: MonitoredEdge;
  /**
   * The compute layer's outputs (`compute.outputs`): the ECS service and its auto scaling floor, the app log group.
   * RunningTaskCount needs Container Insights on the cluster.
   * @default undefined: no service or failed-login alarms or graphs
   */
  readonly compute?: MonitoredCompute;
  /**
   * The database layer's outputs (`database.outputs`): the RDS instance.
   * @default undefined: no database alarms or graphs
   */
  readonly database?: MonitoredDatabase;
  /**
   * The us-east-1 provider (the edge layer's `globalProvider`): the CloudFront web ACL's alarm, and outside us-east-1
   * the alert topic's us-east-1 twin it notifies, are created through it. Required with `edge.cloudFrontWebAclName`.
   * @default undefined (no CloudFront web ACL watched)
   */
  readonly globalProvider?: TerraformProvider;
  /**
   * Region dimension of the web ACL's metrics.
   * @default the layer's region
   */
  readonly webAclRegion?: string;
  /**
   * The load balancer's metric dimensions.
   * @deprecated Use `edge` (nothing in this package passes it any more; kept for existing callers).
   * @default undefined: no load balancer alarms or graphs
   */
  readonly loadBalancer?: AlbDimensions;
  /**
   * The ECS service's metric dimensions and floor.
   * @deprecated Use `compute` (its `minTaskCount` is the floor).
   * @default undefined: no service alarms or graphs
   */
  readonly service?: ServiceDimensions;
  /**
   * RDS instance identifier, the DBInstanceIdentifier dimension.
   * @deprecated Use `database`.
   * @default undefined: no database alarms or graphs
   */
  readonly dbInstanceIdentifier?: string;
  /**
   * The regional web ACL's name.
   * @deprecated Use `edge` (its `webAclName`).
   * @default undefined: no WAF alarm
   */
  readonly webAclName?: string;
  /**
   * The application's log group, where the failed-login metric filter runs.
   * @deprecated Use `compute` (its `logGroupName`).
   * @default undefined: no failed-login filter or alarm
   */
  readonly appLogGroupName?: string;
  /**
   * CloudWatch Logs filter pattern matching one failed login per log event.
   * @default DEFAULT_FAILED_LOGIN_PATTERN, `{ $.event = "login_failed" }`
   */
  readonly failedLoginPattern?: string;
  /**
   * Alarm thresholds; see {@link MonitoringThresholds} for each default.
   * @default {}
   */
  readonly thresholds?: MonitoringThresholds;
  /**
   * More alarms (any metric or metric math); they get the same ALARM and OK actions as the built-in ones.
   * @default []
   */
  readonly extraAlarms?: AlarmSpec[];
  /**
   * Forward GuardDuty and Security Hub findings to this topic too. Off by default: findings are account-wide, and the
   * account baseline (`AccountBaseline` `findingAlerts`) routes them once per account; every environment of an
   * account forwarding them would alert once per environment. Use it only where no account baseline routes them.
   * `{}` turns both rules on with their defaults.
   * @default false
   */
  readonly securityFindings?: SecurityFindingAlerts | false;
  /**
   * Create the CloudWatch dashboard.
   * @default true
   */
  readonly dashboard?: boolean;
  /**
   * lifecycle prevent_destroy on the topic's KMS key.
   * @default true
   */
  readonly preventDestroy?: boolean;
  /**
   * Declare Terraform outputs (topic ARN, alarm names, dashboard). Off when a wrapper declares its own.
   * @default true
   */
  readonly terraformOutputs?: boolean;
}
