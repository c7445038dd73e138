import { Token } from 'cdktf';
import { PropProblem, Problems } from '../core/problems';
import type { ComputeOffHours, ComputeRequestSteps, ComputeScaling } from './props';
import { isIanaTimeZone, parseWeeklyCron, weeklyFirings } from './schedule';

/** The off-hours schedules when not given (weekday evenings down, weekday mornings up: weekends stay down). */
export const DEFAULT_SCALE_DOWN = 'cron(0 20 ? * MON-FRI *)';
export const DEFAULT_SCALE_UP = 'cron(0 7 ? * MON-FRI *)';

/** The request step defaults, for a target-tracking target of `requestsPerTarget`. */
export function requestStepDefaults(requestsPerTarget: number, s: ComputeRequestSteps): Required<ComputeRequestSteps> {
  const threshold = s.threshold ?? 2 * requestsPerTarget;
  return {
    threshold,
    evaluationPeriods: s.evaluationPeriods ?? 2,
    steps: s.steps ?? [
      { over: 0, addPercent: 50 },
      { over: threshold, addPercent: 100 },
    ],
    cooldownSeconds: s.cooldownSeconds ?? 60,
  };
}

/**
 * The off-hours schedule (props relative to `scaling`): a canonical IANA time zone, two weekly cron expressions that
 * never fire at the same minute, 1 <= offHours.minCount <= minCount, offHours.minCount <= offHours.maxCount <= maxCount.
 */
export function offHoursProblems(o: ComputeOffHours, min: number, max: number): PropProblem[] {
  const problems = new Problems();
  if (!isIanaTimeZone(o.timezone)) problems.add('offHours.timezone', o.timezone, 'must be a canonical IANA time zone name such as Europe/Berlin, America/New_York or UTC (no offsets or abbreviations)');
  const crons = (['scaleDown', 'scaleUp'] as const).map((k) => {
    const expr = o[k] ?? (k === 'scaleDown' ? DEFAULT_SCALE_DOWN : DEFAULT_SCALE_UP);
    const parsed = parseWeeklyCron(expr);
    if (typeof parsed === 'string') problems.add(`offHours.${k}`, expr, parsed);
    return typeof parsed === 'string' ? undefined : new Set(weeklyFirings(parsed));
  });
  if (crons[0] && crons[1] && [...crons[0]].some((m) => crons[1]!.has(m))) {
    problems.add('offHours.scaleUp', o.scaleUp ?? DEFAULT_SCALE_UP, `fires at the same minute as offHours.scaleDown (${o.scaleDown ?? DEFAULT_SCALE_DOWN}); the two must alternate`);
  }
  if ([o.minCount, o.maxCount, min, max].some((n) => n !== undefined && Token.isUnresolved(n))) return [...problems.all];
  const offMax = o.maxCount ?? max;
  if (!Number.isInteger(o.minCount) || o.minCount < 1 || o.minCount > min) {
    problems.add('offHours.minCount', o.minCount, `must be a whole number from 1 (the monitoring layer's running-tasks alarm needs a task) to minCount (${min})`);
  }
  if (!Number.isInteger(offMax) || offMax < o.minCount || offMax > max) problems.add('offHours.maxCount', offMax, `must be a whole number from offHours.minCount (${o.minCount}) to maxCount (${max})`);
  return [...problems.all];
}

/** The request step scaling (props relative to `scaling`): positive threshold, 1-10 periods, sorted steps from 0. */
export function requestStepsProblems(scaling: ComputeScaling): PropProblem[] {
  if (scaling.requestSteps === false || scaling.requestSteps === undefined) return [];
  const r = scaling.requestSteps;
  const problems = new Problems();
  if (r.threshold !== undefined && !(r.threshold > 0)) problems.add('requestSteps.threshold', r.threshold, 'must be above 0 (requests per target per minute)');
  if (r.evaluationPeriods !== undefined && !(Number.isInteger(r.evaluationPeriods) && r.evaluationPeriods >= 1 && r.evaluationPeriods <= 10)) {
    problems.add('requestSteps.evaluationPeriods', r.evaluationPeriods, 'must be a whole number of one-minute periods, 1-10');
  }
  if (r.cooldownSeconds !== undefined && !(Number.isInteger(r.cooldownSeconds) && r.cooldownSeconds >= 0 && r.cooldownSeconds <= 3600)) {
    problems.add('requestSteps.cooldownSeconds', r.cooldownSeconds, 'must be 0-3600 seconds');
  }
  const steps = r.steps;
  if (steps !== undefined) {
    if (steps.length === 0 || steps[0].over !== 0) problems.add('requestSteps.steps', steps.map((s) => s.over), 'must start at over: 0 (the alarm threshold)');
    steps.forEach((s, i) => {
      if (i > 0 && !(s.over > steps[i - 1].over)) problems.add(`requestSteps.steps.${i}.over`, s.over, `must be above the previous step's over (${steps[i - 1].over})`);
      if (!(Number.isInteger(s.addPercent) && s.addPercent >= 1 && s.addPercent <= 1000)) problems.add(`requestSteps.steps.${i}.addPercent`, s.addPercent, 'must be a whole percentage, 1-1000');
    });
  }
  return [...problems.all];
}
