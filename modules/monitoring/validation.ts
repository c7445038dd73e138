/**
 * The monitoring layer's rules for its props, as one pure function (`monitoringPropsProblems`) that the construct,
 * and later the environment validator, call.
 */
import { PropProblem, Problems } from '../core/problems';
import { DEFAULT_THRESHOLDS, alarmSpecProblems, serviceDimensionsProblems, thresholdProblems } from './alarms';
import type { MonitoringProps } from './props';
import { builtInAlarmSpecs, monitoredResources, monitoredResourcesProblems } from './resources';

/** What an HTTPS subscriber must look like (the published module's `alarm_https_endpoints` validation renders it too). */
export const HTTPS_URL_PATTERN = '^https://\\S+$';

/**
 * Every problem with the monitoring layer's props (a deprecated prop next to its typed replacement, thresholds, the
 * service floor, subscriber URLs, extra alarms, the GuardDuty severity), each naming the prop, the value and what
 * is allowed; empty when they are valid.
 */
export function monitoringPropsProblems(props: MonitoringProps): PropProblem[] {
  const p = new Problems();
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
  const findings = props.securityFindings;
  const minSeverity = findings === false ? false : (findings?.guardDutyMinSeverity ?? 7);
  if (minSeverity !== false && !(minSeverity >= 1 && minSeverity <= 10)) p.add('securityFindings.guardDutyMinSeverity', minSeverity, 'must be 1-10 (or false to forward no GuardDuty finding)');
  return [...p.all];
}

/** Extra alarms: their own shape, ids that are neither built-in nor listed twice. */
function extraAlarmProblems(props: MonitoringProps): PropProblem[] {
  const p = new Problems();
  // Which alarms are built in depends on the resources watched, not on the thresholds.
  const builtIn = new Set(builtInAlarmSpecs(monitoredResources(props), DEFAULT_THRESHOLDS).map((s) => s.id));
  const seen = new Set<string>();
  (props.extraAlarms ?? []).forEach((extra, i) => {
    if (builtIn.has(extra.id)) p.add(`extraAlarms.${i}.id`, extra.id, 'is a built-in alarm of the monitoring layer; choose another id');
    else if (seen.has(extra.id)) p.add(`extraAlarms.${i}.id`, extra.id, 'is listed twice');
    seen.add(extra.id);
    p.addAll(alarmSpecProblems(extra), `extraAlarms.${i}`);
  });
  return [...p.all];
}
