/** Backup/maintenance window parsing and overlap, and the secret-material detector the other tests rely on. */
import { parseBackupWindow, parseMaintenanceWindow, windowPropProblems, windowProblems } from '../../modules/database/windows';
import { secretMaterialIn } from './helpers';

describe('database windows', () => {
  it('parses valid windows into minute ranges', () => {
    expect(parseBackupWindow('03:00-04:00')).toEqual({ start: 180, end: 240 });
    expect(parseMaintenanceWindow('sun:04:30-sun:05:30')).toEqual({ start: 6 * 1440 + 270, end: 6 * 1440 + 330 });
    expect(parseMaintenanceWindow('Mon:23:30-Tue:00:30')).toEqual({ start: 1410, end: 1440 + 30 });
  });

  it('accepts the defaults and windows on different days or hours', () => {
    expect(windowProblems('03:00-04:00', 'sun:04:30-sun:05:30')).toEqual([]);
    expect(windowProblems('23:30-00:30', 'wed:01:00-wed:02:00')).toEqual([]);
    expect(windowProblems('03:00-04:00', 'sat:23:30-sun:00:30')).toEqual([]);
  });

  it('finds overlaps on any day, across midnight and across the end of the week', () => {
    expect(windowProblems('03:00-04:00', 'wed:03:30-wed:04:30')[0]).toMatch(/overlaps .* \(on wed\)/);
    expect(windowProblems('23:30-00:30', 'tue:00:00-tue:01:00')[0]).toMatch(/overlaps/);
    expect(windowProblems('00:00-01:00', 'sun:23:30-mon:00:30')[0]).toMatch(/overlaps/);
    expect(windowProblems('04:00-05:00', 'mon:03:00-mon:04:30')[0]).toMatch(/overlaps/);
  });

  it('treats windows as half-open: back to back is fine', () => {
    expect(windowProblems('03:00-04:00', 'sun:04:00-sun:05:00')).toEqual([]);
    expect(windowProblems('05:00-06:00', 'sun:04:00-sun:05:00')).toEqual([]);
  });

  it('refuses malformed and short windows', () => {
    expect(windowProblems('3:00-4:00', 'sun:04:30-sun:05:30')[0]).toMatch(/hh24:mi-hh24:mi/);
    expect(windowProblems('03:00-03:29', 'sun:04:30-sun:05:30')[0]).toMatch(/at least 30 minutes/);
    expect(windowProblems('03:00-04:00', 'sun:04:30-sun:04:45')[0]).toMatch(/at least 30 minutes/);
    expect(windowProblems('03:00-04:00', 'xyz:04:30-sun:05:30')[0]).toMatch(/ddd:hh24:mi-ddd:hh24:mi/);
    expect(windowProblems('25:00-26:00', 'sun:04:30')).toHaveLength(2);
  });

  it('reports props problems naming the window, its text and what is wrong; sentences for the environment validator', () => {
    expect(windowPropProblems('25:00-26:00', 'sun:04:30')).toEqual([
      { prop: 'backupWindow', value: '25:00-26:00', message: 'must be hh24:mi-hh24:mi in UTC, e.g. 03:00-04:00' },
      { prop: 'maintenanceWindow', value: 'sun:04:30', message: 'must be ddd:hh24:mi-ddd:hh24:mi in UTC, e.g. sun:04:30-sun:05:30' },
    ]);
    expect(windowPropProblems('04:00-05:00', 'sun:04:30-sun:05:30')).toEqual([
      { prop: 'backupWindow', value: '04:00-05:00', message: 'overlaps maintenanceWindow "sun:04:30-sun:05:30" (on sun); RDS refuses overlapping windows' },
    ]);
    expect(windowProblems('04:00-05:00', 'sun:04:30-sun:05:30')).toEqual([
      'backupWindow "04:00-05:00" overlaps maintenanceWindow "sun:04:30-sun:05:30" (on sun); RDS refuses overlapping windows',
    ]);
    expect(parseMaintenanceWindow('sun:04:30-sun:04:45')).toBe('maintenanceWindow "sun:04:30-sun:04:45" must be at least 30 minutes long');
  });
});

describe('secret-material detector', () => {
  it('flags credential attributes and values, and passes references', () => {
    expect(secretMaterialIn({ resource: { aws_db_instance: { x: { password: 'hunter2hunter2' } } } })).toEqual(['key password']);
    expect(secretMaterialIn({ resource: { aws_secretsmanager_secret_version: { x: { secret_string: '{}' } } } })).toEqual(['key secret_string']);
    expect(secretMaterialIn({ a: 'postgres://admin:s3cret@db.example.com/app' })).toHaveLength(1);
    expect(secretMaterialIn({ a: 'AKIAABCDEFGHIJKLMNOP' })).toHaveLength(1);
    expect(secretMaterialIn({ a: 'PASSWORD=abc' })).toHaveLength(1);
    expect(secretMaterialIn({ valueFrom: '${aws_db_instance.database_primary.master_user_secret[0].secret_arn}:password::' })).toEqual([]);
  });
});
