/*
 * Application Auto Scaling cron expressions and IANA time zones: validation, and the weekly hours a pair of
 * scheduled actions holds each floor for (what the cost estimate prices). Pure functions, no constructs.
 *
 * Syntax: `cron(Minutes Hours Day_of_Month Month Day_of_Week Year)`, six fields, Application Auto Scaling's own cron
 * (not the traditional five-field one), the time zone a canonical IANA name ("Schedule recurring scaling actions
 * using Application Auto Scaling", https://docs.aws.amazon.com/autoscaling/application/userguide/scheduled-scaling-using-cron-expressions.html,
 * whose field reference is EventBridge's, https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html#eb-cron-expressions):
 * Minutes 0-59, Hours 0-23, Day-of-month 1-31, Month 1-12 or JAN-DEC, Day-of-week 1-7 or SUN-SAT (1 = Sunday),
 * Year 1970-2199; `,` lists, `-` ranges, `*` all, `/` increments; `?` in exactly one of Day-of-month and Day-of-week
 * (a value or `*` in one needs `?` in the other). `L`, `W` and `#` are valid in AWS but refused here: an off-hours
 * schedule repeats weekly (Day-of-month `?` or `*`, Month `*`, Year `*`) so its hours per week are known.
 */
import { IANA_TIME_ZONES } from './time-zones';

const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
const MONTH_NAMES = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

interface FieldSpec {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  /** Names for the values from `min` on (Day-of-week: SUN = 1). */
  readonly names?: readonly string[];
}

const FIELDS: readonly FieldSpec[] = [
  { name: 'Minutes', min: 0, max: 59 },
  { name: 'Hours', min: 0, max: 23 },
  { name: 'Day-of-month', min: 1, max: 31 },
  { name: 'Month', min: 1, max: 12, names: MONTH_NAMES },
  { name: 'Day-of-week', min: 1, max: 7, names: DAY_NAMES },
  { name: 'Year', min: 1970, max: 2199 },
];

/** A weekly cron expression, parsed: the minutes, hours and days of the week (0 = Sunday) it fires at. */
export interface WeeklyCron {
  readonly minutes: readonly number[];
  readonly hours: readonly number[];
  /** 0 (Sunday) to 6 (Saturday). */
  readonly days: readonly number[];
}

/** The values one field's term stands for, or an error message naming the field. */
function termValues(term: string, f: FieldSpec): number[] | string {
  const value = (v: string): number | undefined => {
    if (/^\d+$/.test(v)) return Number(v);
    const i = f.names?.indexOf(v.toUpperCase()) ?? -1;
    return i >= 0 ? f.min + i : undefined;
  };
  const m = /^(\*|\d+|[A-Za-z]{3})(?:-(\d+|[A-Za-z]{3}))?(?:\/(\d+))?$/.exec(term);
  if (!m) return `${f.name} "${term}" is not a value, a range a-b, * or an increment x/n (L, W and # are not supported: the schedule must repeat weekly)`;
  const from = m[1] === '*' ? f.min : value(m[1]);
  const to = m[2] !== undefined ? value(m[2]) : m[1] === '*' || m[3] !== undefined ? f.max : from;
  const step = m[3] !== undefined ? Number(m[3]) : 1;
  const allowed = `${f.min}-${f.max}${f.names ? ` or ${f.names[0]}-${f.names[f.names.length - 1]}` : ''}`;
  if (from === undefined || to === undefined || from < f.min || to > f.max || from > to) return `${f.name} "${term}" is outside ${allowed}`;
  if (step < 1) return `${f.name} "${term}" has an increment below 1`;
  const out: number[] = [];
  for (let v = from; v <= to; v += step) out.push(v);
  return out;
}

/** The values of one field (a comma-separated list of terms), or an error message. */
function fieldValues(text: string, f: FieldSpec): number[] | string {
  const values = new Set<number>();
  for (const term of text.split(',')) {
    const v = termValues(term, f);
    if (typeof v === 'string') return v;
    v.forEach((x) => values.add(x));
  }
  return [...values].sort((a, b) => a - b);
}

/**
 * Parses `cron(...)` as a weekly schedule; returns the problem (what is wrong and what is allowed) instead when the
 * expression is not Application Auto Scaling cron syntax or does not repeat weekly.
 */
export function parseWeeklyCron(expression: string): WeeklyCron | string {
  const m = /^cron\((.*)\)$/.exec(expression);
  if (!m) return 'must be cron(Minutes Hours Day-of-month Month Day-of-week Year), e.g. cron(0 20 ? * MON-FRI *)';
  const parts = m[1].trim().split(/\s+/);
  if (parts.length !== 6) return `has ${parts.length} fields; Application Auto Scaling cron has 6: Minutes Hours Day-of-month Month Day-of-week Year`;
  const [min, hour, dom, month, dow, year] = parts;
  if ((dom === '?') === (dow === '?')) return 'needs ? in exactly one of Day-of-month and Day-of-week';
  if (dom !== '?' && dom !== '*') return `Day-of-month "${dom}" must be ? or * (the schedule must repeat weekly)`;
  if (month !== '*') return `Month "${month}" must be * (the schedule must repeat weekly)`;
  if (year !== '*') return `Year "${year}" must be * (the schedule must repeat weekly)`;
  const minutes = fieldValues(min, FIELDS[0]);
  if (typeof minutes === 'string') return minutes;
  const hours = fieldValues(hour, FIELDS[1]);
  if (typeof hours === 'string') return hours;
  const days = dow === '?' ? [1, 2, 3, 4, 5, 6, 7] : fieldValues(dow, FIELDS[4]);
  if (typeof days === 'string') return days;
  return { minutes, hours, days: days.map((d) => d - 1) };
}

/** Minutes in a week. */
export const MINUTES_PER_WEEK = 7 * 24 * 60;

/** The minutes of the week (0 = Sunday 00:00, local time) a weekly cron fires at. */
export function weeklyFirings(c: WeeklyCron): number[] {
  return c.days.flatMap((d) => c.hours.flatMap((h) => c.minutes.map((m) => d * 1440 + h * 60 + m))).sort((a, b) => a - b);
}

/** A scheduled floor: from each firing of `schedule` on, the service's minimum is `minCount`, until the next firing. */
export interface ScheduledFloor {
  readonly schedule: WeeklyCron;
  readonly minCount: number;
}

/**
 * Hours per week at each floor, for scheduled actions that repeat weekly: from each firing until the next firing of
 * any of them, the floor is the one of the action that fired last (a week wraps around). Keyed by minCount. Local
 * time of the actions' time zone: a daylight-saving change shifts one hour twice a year, which this ignores.
 */
export function weeklyHoursByFloor(floors: readonly ScheduledFloor[]): Map<number, number> {
  const events = floors.flatMap((f) => weeklyFirings(f.schedule).map((at) => ({ at, minCount: f.minCount }))).sort((a, b) => a.at - b.at);
  const hours = new Map<number, number>();
  events.forEach((e, i) => {
    const next = i + 1 < events.length ? events[i + 1].at : events[0].at + MINUTES_PER_WEEK;
    hours.set(e.minCount, (hours.get(e.minCount) ?? 0) + (next - e.at) / 60);
  });
  return hours;
}

/**
 * Whether `tz` is an IANA time zone name (`Area/Location` such as `Europe/Berlin`, `Etc/GMT+9`, or `UTC`) that the
 * runtime's time zone database knows. Offsets (`+01:00`) and abbreviations (`CET`, `EST`) are refused.
 */
export function isIanaTimeZone(tz: string): boolean {
  if (tz !== 'UTC' && !/^[A-Za-z]+(?:[_-][A-Za-z]+)*(?:\/[A-Za-z0-9]+(?:[_+-][A-Za-z0-9]+)*)+$/.test(tz)) return false;
  // The table first: Intl would load the time zone database (~5 MB of peak memory) in every synth.
  if (IANA_TIME_ZONES.has(tz)) return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
