/**
 * The monitoring layer's rules for its props, as one pure function (`monitoringPropsProblems`) that the construct,
 * and later the environment validator, call.
 */
import { layerBaseProblems } from '../core/context';
import { PropProblem, Problems } from '../core/problems';
import { DEFAULT_THRESHOLDS, alarmSpecProblems, serviceDimensionsProblems, thresholdProblems } from './alarms';
import { Token } from 'cdktf';
import type { MonitoringProps, SecurityFindingAlerts } from './props';
import { builtInAlarmSpecs, monitoredResources, monitoredResourcesProblems, usEast1AlarmSpecs } from './resources';

/** Longest `name`: it prefixes the names of the alarms, topics, metric filter and rules; the published module's `name` limit too. */
export const MONITORING_MAX_NAME_LENGTH = 40;

/** What an HTTPS subscriber must look like (the published module's `alarm_https_endpoints` validation renders it too). */
export const HTTPS_URL_PATTERN = '^https://\\S+$';

/**
 * Every problem with the monitoring layer's props (name, account, region and partition, a deprecated prop next to its typed replacement, thresholds, the
 * service floor, subscriber URLs, extra alarms, the GuardDuty severity), each naming the prop, the value and what
 * is allowed; empty when they are valid.
 */
export function monitoringPropsProblems(props: MonitoringProps): PropProblem[] {
  const p = new Problems();
  p.addAll(layerBaseProblems(props, { maxNameLength: MONITORING_MAX_NAME_LENGTH, nameUse: 'it prefixes the names of the alarms, topics, metric filter and rules' }));
  p.addAll(monitoredResourcesProblems(props));
  p.addAll(thresholdProblems(props.thresholds), 'thresholds');
  if (props.compute) {
    const floor = serviceDimensionsProblems({ ...props.compute, desiredCount: props.compute.minTaskCount });
    p.addAll(floor.map((f) => ({ ...f, prop: 'minTaskCount' })), 'compute');
  } else if (props.service) p.addAll(serviceDimensionsProblems(props.service), 'service');
  (props.alarmHttpsEndpoints ?? []).forEach((url, i) => {
    // The URL is not shown: webhook URLs often carry a secret.
    if (!new RegExp(HTTPS_URL_PATTERN).test(url)) p.add(`alarmHttpsEndpoints.${i}`, undefined, 'must be an https:// URL');
  });
  p.addAll(extraAlarmProblems(props));
  if (props.edge?.cloudFrontWebAclName !== undefined && props.globalProvider === undefined) {
    p.add('globalProvider', undefined, "is required with edge.cloudFrontWebAclName: the CloudFront web ACL's alarm must be created in us-east-1, where WAF publishes its metrics");
  }
  p.addAll(securityFindingProblems(props.securityFindings), 'securityFindings');
  return [...p.all];
}

/** What is wrong with which findings are forwarded (the GuardDuty severity, 1-10), by field; empty when valid. */
export function securityFindingProblems(findings: SecurityFindingAlerts | false | undefined): PropProblem[] {
  const minSeverity = findings === false || findings === undefined ? false : (findings.guardDutyMinSeverity ?? 7);
  if (minSeverity !== false && !Token.isUnresolved(minSeverity) && !(minSeverity >= 1 && minSeverity <= 10)) {
    return [{ prop: 'guardDutyMinSeverity', value: minSeverity, message: 'must be 1-10 (or false to forward no GuardDuty finding)' }];
  }
  return [];
}

/** Extra alarms: their own shape, ids that are neither built-in nor listed twice. */
function extraAlarmProblems(props: MonitoringProps): PropProblem[] {
  const p = new Problems();
  // Which alarms are built in depends on the resources watched, not on the thresholds.
  const watched = monitoredResources(props);
  const builtIn = new Set([...builtInAlarmSpecs(watched, DEFAULT_THRESHOLDS), ...usEast1AlarmSpecs(watched, DEFAULT_THRESHOLDS)].map((s) => s.id));
  const seen = new Set<string>();
  (props.extraAlarms ?? []).forEach((extra, i) => {
    if (builtIn.has(extra.id)) p.add(`extraAlarms.${i}.id`, extra.id, 'is a built-in alarm of the monitoring layer; choose another id');
    else if (seen.has(extra.id)) p.add(`extraAlarms.${i}.id`, extra.id, 'is listed twice');
    seen.add(extra.id);
    p.addAll(alarmSpecProblems(extra), `extraAlarms.${i}`);
  });
  return [...p.all];
}
