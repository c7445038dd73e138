/**
 * What the alarms and the dashboard read: the watched resources as CloudWatch dimension values, and the built-in
 * alarms they allow. The props name them as the other layers' typed outputs (`edge`, `compute`, `database`);
 * `monitoredResources` maps them here once.
 */
import { PropProblem } from '../core/problems';
import { AlarmSpec, AlbDimensions, CloudFrontWafDimensions, cloudFrontWafAlarms, ResolvedThresholds, ServiceDimensions, WafDimensions, albAlarms, databaseAlarms, failedLoginAlarm, failedLoginMetric, serviceAlarms, wafAlarms } from './alarms';
import type { MonitoringProps } from './props';

/** The resources the monitoring layer watches, by CloudWatch dimension. Each absent one drops its alarms and graphs. */
export interface MonitoredResources {
  /**
   * The load balancer and target group.
   * @default undefined: no load balancer alarms or graphs
   */
  readonly loadBalancer?: AlbDimensions;
  /**
   * The ECS service and the task count below which it alarms (the auto scaling floor).
   * @default undefined: no service alarms or graphs
   */
  readonly service?: ServiceDimensions;
  /**
   * The RDS instance identifier.
   * @default undefined: no database alarms or graphs
   */
  readonly dbInstanceIdentifier?: string;
  /**
   * The regional web ACL.
   * @default undefined: no WAF alarm
   */
  readonly waf?: WafDimensions;
  /**
   * The CLOUDFRONT-scoped web ACL (metrics in us-east-1).
   * @default undefined: no CloudFront WAF alarm
   */
  readonly cloudFrontWaf?: CloudFrontWafDimensions;
  /**
   * The application log group the failed-login metric filter runs on.
   * @default undefined: no failed-login filter or alarm
   */
  readonly appLogGroupName?: string;
  /**
   * The failed-login metric the filter publishes and the alarm watches: `FailedLoginCount` in `CustomMetrics/<name>`,
   * one per environment (`failedLoginMetric`).
   * @default undefined: no failed-login filter or alarm (set with `appLogGroupName`)
   */
  readonly failedLoginMetric?: { readonly namespace: string; readonly metricName: string };
}

/** The watched resources named by the props: the typed layer outputs, else the deprecated single values. */
export function monitoredResources(props: MonitoringProps): MonitoredResources {
  const { edge, compute, database } = props;
  const webAclName = edge?.webAclName ?? props.webAclName;
  return {
    loadBalancer: edge
      ? { albArnSuffix: edge.albArnSuffix, targetGroupArnSuffix: edge.targetGroupArnSuffix, ...(edge.greenTargetGroupArnSuffix !== undefined ? { greenTargetGroupArnSuffix: edge.greenTargetGroupArnSuffix } : {}) }
      : props.loadBalancer,
    service: compute ? { clusterName: compute.clusterName, serviceName: compute.serviceName, desiredCount: compute.minTaskCount } : props.service,
    dbInstanceIdentifier: database ? database.instanceIdentifier : props.dbInstanceIdentifier,
    waf: webAclName !== undefined ? { webAclName, region: props.webAclRegion ?? props.region } : undefined,
    cloudFrontWaf: edge?.cloudFrontWebAclName !== undefined ? { webAclName: edge.cloudFrontWebAclName } : undefined,
    appLogGroupName: compute ? compute.logGroupName : props.appLogGroupName,
    failedLoginMetric: (compute ? compute.logGroupName : props.appLogGroupName) !== undefined ? failedLoginMetric(props.name) : undefined,
  };
}

/** The built-in alarms for the resources watched: load balancer, service, database, WAF, failed logins. */
export function builtInAlarmSpecs(r: MonitoredResources, t: ResolvedThresholds): AlarmSpec[] {
  return [
    ...(r.loadBalancer ? albAlarms(r.loadBalancer, t) : []),
    ...(r.service ? serviceAlarms(r.service, t) : []),
    ...(r.dbInstanceIdentifier !== undefined ? databaseAlarms(r.dbInstanceIdentifier, t) : []),
    ...(r.waf ? wafAlarms(r.waf, t) : []),
    ...(r.appLogGroupName !== undefined && r.failedLoginMetric !== undefined ? [failedLoginAlarm(t, r.failedLoginMetric)] : []),
  ];
}

/** The built-in alarms on us-east-1 metrics (created through the us-east-1 provider): the CloudFront web ACL's. */
export function usEast1AlarmSpecs(r: MonitoredResources, t: ResolvedThresholds): AlarmSpec[] {
  return r.cloudFrontWaf ? cloudFrontWafAlarms(r.cloudFrontWaf, t) : [];
}

/** Which deprecated prop each typed one replaces. */
const REPLACED: Record<'edge' | 'compute' | 'database', (keyof MonitoringProps)[]> = {
  edge: ['loadBalancer', 'webAclName'],
  compute: ['service', 'appLogGroupName'],
  database: ['dbInstanceIdentifier'],
};

/** A deprecated prop given next to the typed one that replaces it: one of them would be ignored. */
export function monitoredResourcesProblems(props: MonitoringProps): PropProblem[] {
  return (Object.keys(REPLACED) as (keyof typeof REPLACED)[]).flatMap((typed) =>
    props[typed] === undefined
      ? []
      : REPLACED[typed].filter((old) => props[old] !== undefined).map((old) => ({ prop: old, value: props[old], message: `is replaced by \`${typed}\` (given too): pass one of them` })),
  );
}
