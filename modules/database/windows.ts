/**
 * RDS backup and maintenance windows: parsing, minimum length and overlap.
 * Backup windows repeat daily (`hh24:mi-hh24:mi`, UTC); maintenance windows are
 * weekly (`ddd:hh24:mi-ddd:hh24:mi`, UTC). RDS refuses windows shorter than 30
 * minutes and a backup window that overlaps the maintenance window.
 */
import type { PropProblem } from '../core/problems';

/** Default daily backup window (UTC). */
export const DEFAULT_BACKUP_WINDOW = '03:00-04:00';
/** Default weekly maintenance window (UTC): after the backup window, early Sunday. */
export const DEFAULT_MAINTENANCE_WINDOW = 'sun:04:30-sun:05:30';

/** Days of a maintenance window, lowercase. */
export const WINDOW_DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
/** A UTC time of day in a window, `hh24:mi` (two groups: hours, minutes; JavaScript and RE2 alike). */
export const WINDOW_CLOCK_PATTERN = '([01][0-9]|2[0-3]):([0-5][0-9])';
const CLOCK = new RegExp(`^${WINDOW_CLOCK_PATTERN}$`);
const DAY = 24 * 60;
const WEEK = 7 * DAY;

/** A half-open minute range [start, end) on a circular timeline of `period` minutes. */
interface Range {
  readonly start: number;
  readonly end: number;
}

function clock(text: string): number | undefined {
  const m = CLOCK.exec(text);
  return m ? Number(m[1]) * 60 + Number(m[2]) : undefined;
}

/** Length in minutes of a circular range. */
function length(r: Range, period: number): number {
  return (((r.end - r.start) % period) + period) % period;
}

/** A window problem: which window, its text and what is wrong (a phrase that follows the value). */
function windowProblem(prop: 'backupWindow' | 'maintenanceWindow', value: string, message: string): PropProblem {
  return { prop, value, message };
}

/** The problem as one sentence: `backupWindow "03:00-03:10" must be at least 30 minutes long`. */
function sentence(p: PropProblem): string {
  return `${p.prop} "${String(p.value)}" ${p.message}`;
}

function backupRange(text: string): Range | PropProblem {
  const parts = text.split('-');
  const start = parts.length === 2 ? clock(parts[0]) : undefined;
  const end = parts.length === 2 ? clock(parts[1]) : undefined;
  if (start === undefined || end === undefined) return windowProblem('backupWindow', text, 'must be hh24:mi-hh24:mi in UTC, e.g. 03:00-04:00');
  const r = { start, end };
  if (length(r, DAY) < 30) return windowProblem('backupWindow', text, 'must be at least 30 minutes long');
  return r;
}

function maintenanceRange(text: string): Range | PropProblem {
  const m = /^([a-z]{3}):(\d\d:\d\d)-([a-z]{3}):(\d\d:\d\d)$/.exec(text.toLowerCase());
  const bad = windowProblem('maintenanceWindow', text, 'must be ddd:hh24:mi-ddd:hh24:mi in UTC, e.g. sun:04:30-sun:05:30');
  if (!m) return bad;
  const d1 = WINDOW_DAYS.indexOf(m[1] as (typeof WINDOW_DAYS)[number]);
  const d2 = WINDOW_DAYS.indexOf(m[3] as (typeof WINDOW_DAYS)[number]);
  const t1 = clock(m[2]);
  const t2 = clock(m[4]);
  if (d1 < 0 || d2 < 0 || t1 === undefined || t2 === undefined) return bad;
  const r = { start: d1 * DAY + t1, end: d2 * DAY + t2 };
  if (length(r, WEEK) < 30) return windowProblem('maintenanceWindow', text, 'must be at least 30 minutes long');
  return r;
}

const isProblem = (r: Range | PropProblem): r is PropProblem => 'message' in r;

/** Parses a daily backup window such as `03:00-04:00`; returns an error message when invalid. */
export function parseBackupWindow(text: string): Range | string {
  const r = backupRange(text);
  return isProblem(r) ? sentence(r) : r;
}

/** Parses a weekly maintenance window such as `sun:04:30-sun:05:30`; returns an error message when invalid. */
export function parseMaintenanceWindow(text: string): Range | string {
  const r = maintenanceRange(text);
  return isProblem(r) ? sentence(r) : r;
}

/** Whether two circular ranges on a `period`-minute timeline share any minute. */
function overlaps(a: Range, b: Range, period: number): boolean {
  const la = length(a, period);
  const lb = length(b, period);
  // b starts inside a, or a starts inside b.
  const inside = (x: number, r: Range, l: number) => (((x - r.start) % period) + period) % period < l;
  return inside(b.start, a, la) || inside(a.start, b, lb);
}

/**
 * Checks both windows; returns the problems as props problems (`backupWindow`, `maintenanceWindow`), empty when
 * both are valid and do not overlap. The backup window is checked against the maintenance window on every day of
 * the week; an overlap is reported on `backupWindow`.
 */
export function windowPropProblems(backupWindow: string, maintenanceWindow: string): PropProblem[] {
  const backup = backupRange(backupWindow);
  const maintenance = maintenanceRange(maintenanceWindow);
  const problems = [backup, maintenance].filter(isProblem);
  if (isProblem(backup) || isProblem(maintenance)) return problems;
  for (let day = 0; day < 7; day++) {
    const daily = { start: day * DAY + backup.start, end: day * DAY + backup.start + length(backup, DAY) };
    if (overlaps(daily, maintenance, WEEK)) {
      return [windowProblem('backupWindow', backupWindow, `overlaps maintenanceWindow "${maintenanceWindow}" (on ${WINDOW_DAYS[day]}); RDS refuses overlapping windows`)];
    }
  }
  return [];
}

/**
 * Checks both windows; returns the problems as sentences (empty when both are valid and do not overlap).
 * The backup window is checked against the maintenance window on every day of the week.
 */
export function windowProblems(backupWindow: string, maintenanceWindow: string): string[] {
  return windowPropProblems(backupWindow, maintenanceWindow).map(sentence);
}
