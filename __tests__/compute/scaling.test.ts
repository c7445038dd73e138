/**
 * Scheduled (off-hours) and step scaling of the compute layer: the cron and time-zone rules, the weekly hours a
 * schedule holds each floor for, what the layer synthesizes, its refusals, and the policy rule on the floor.
 */
import { computePropsProblems } from '../../modules/compute';
import { IANA_TIME_ZONES } from '../../modules/compute/time-zones';
import { isIanaTimeZone, parseWeeklyCron, weeklyHoursByFloor, WeeklyCron } from '../../modules/compute/schedule';
import { evaluateStack } from '../../modules/policy/engine';
import { RULES } from '../../modules/policy/rules';
import { FIXTURES, fixtureTarget } from '../policy/fixtures';
import { FAKE, synthCompute } from './helpers';

const weekly = (expr: string) => parseWeeklyCron(expr) as WeeklyCron;

describe('Application Auto Scaling cron expressions (weekly)', () => {
  it('reads minutes, hours and days of the week (1 = SUN, names, ranges, lists, increments)', () => {
    expect(weekly('cron(0 20 ? * MON-FRI *)')).toEqual({ minutes: [0], hours: [20], days: [1, 2, 3, 4, 5] });
    expect(weekly('cron(30 6 ? * 1,7 *)')).toEqual({ minutes: [30], hours: [6], days: [0, 6] });
    expect(weekly('cron(0/15 8-9 * * ? *)')).toEqual({ minutes: [0, 15, 30, 45], hours: [8, 9], days: [0, 1, 2, 3, 4, 5, 6] });
  });

  it('names what is wrong and what is allowed', () => {
    expect(parseWeeklyCron('0 20 * * 1-5')).toMatch(/^must be cron\(Minutes Hours Day-of-month Month Day-of-week Year\)/);
    expect(parseWeeklyCron('cron(0 20 * * 1-5)')).toBe('has 5 fields; Application Auto Scaling cron has 6: Minutes Hours Day-of-month Month Day-of-week Year');
    expect(parseWeeklyCron('cron(0 20 * * MON *)')).toBe('needs ? in exactly one of Day-of-month and Day-of-week');
    expect(parseWeeklyCron('cron(0 24 ? * MON *)')).toBe('Hours "24" is outside 0-23');
    expect(parseWeeklyCron('cron(0 7 ? * MON-XYZ *)')).toBe('Day-of-week "MON-XYZ" is outside 1-7 or SUN-SAT');
    expect(parseWeeklyCron('cron(0 7 ? * 6L *)')).toMatch(/^Day-of-week "6L" is not a value.*L, W and # are not supported/);
    expect(parseWeeklyCron('cron(0 7 1 * ? *)')).toBe('Day-of-month "1" must be ? or * (the schedule must repeat weekly)');
    expect(parseWeeklyCron('cron(0 7 ? 1 MON *)')).toBe('Month "1" must be * (the schedule must repeat weekly)');
    expect(parseWeeklyCron('cron(0 7 ? * MON 2027)')).toBe('Year "2027" must be * (the schedule must repeat weekly)');
  });
});

describe('IANA time zones', () => {
  it('accepts canonical Area/Location names and UTC, refuses offsets, abbreviations and unknown names', () => {
    for (const tz of ['Europe/Berlin', 'America/New_York', 'America/Argentina/Buenos_Aires', 'Etc/GMT+9', 'Pacific/Tahiti', 'UTC']) expect([tz, isIanaTimeZone(tz)]).toEqual([tz, true]);
    for (const tz of ['+01:00', 'CET', 'EST', 'Europe/Atlantis', 'europe berlin', '']) expect([tz, isIanaTimeZone(tz)]).toEqual([tz, false]);
    // Names outside the table still go to Intl (an alias ICU lists under its older name).
    expect(IANA_TIME_ZONES.has('Asia/Kolkata')).toBe(false);
    expect(isIanaTimeZone('Asia/Kolkata')).toBe(true);
  });

  it("knows the committed environments' zones from its table, and every name in the table is one Intl accepts", () => {
    expect(IANA_TIME_ZONES.has('America/New_York')).toBe(true);
    const refused = [...IANA_TIME_ZONES].filter((tz) => {
      try {
        new Intl.DateTimeFormat('en-US', { timeZone: tz });
        return false;
      } catch {
        return true;
      }
    });
    expect(refused).toEqual([]);
  });
});

describe('weekly hours at each floor', () => {
  it('holds the business floor from each scaleUp to the next scaleDown, the off-hours floor the rest of the week', () => {
    const hours = weeklyHoursByFloor([
      { schedule: weekly('cron(0 20 ? * MON-FRI *)'), minCount: 1 },
      { schedule: weekly('cron(0 7 ? * MON-FRI *)'), minCount: 3 },
    ]);
    // 5 weekdays x 07:00-20:00 = 65 h; the rest of the 168-hour week (nights and the weekend) = 103 h.
    expect(Object.fromEntries(hours)).toEqual({ 3: 65, 1: 103 });
  });

  it('wraps around the week (a Sunday-evening scale-up holds until Friday)', () => {
    const hours = weeklyHoursByFloor([
      { schedule: weekly('cron(30 18 ? * FRI *)'), minCount: 1 },
      { schedule: weekly('cron(0 18 ? * SUN *)'), minCount: 2 },
    ]);
    expect(Object.fromEntries(hours)).toEqual({ 2: 4 * 24 + 24 + 0.5, 1: 168 - (4 * 24 + 24 + 0.5) });
  });
});

describe('compute layer: off-hours schedule', () => {
  const { stack, compute } = synthCompute({
    scaling: { desiredCount: 2, minCount: 2, maxCount: 6, offHours: { timezone: 'Europe/Berlin', minCount: 1, maxCount: 2 } },
  });
  const actions = stack.resources<any>('aws_appautoscaling_scheduled_action');

  it('lowers the floor and ceiling at scaleDown and restores minCount and maxCount at scaleUp, in the time zone (default schedules)', () => {
    expect(actions.compute_scaling_off_hours_down).toMatchObject({
      name: 'helloapi-test-off-hours-down',
      service_namespace: '${aws_appautoscaling_target.compute_scaling_target.service_namespace}',
      scalable_dimension: '${aws_appautoscaling_target.compute_scaling_target.scalable_dimension}',
      resource_id: '${aws_appautoscaling_target.compute_scaling_target.resource_id}',
      schedule: 'cron(0 20 ? * MON-FRI *)',
      timezone: 'Europe/Berlin',
      scalable_target_action: { min_capacity: '1', max_capacity: '2' },
    });
    expect(actions.compute_scaling_off_hours_up).toMatchObject({ schedule: 'cron(0 7 ? * MON-FRI *)', timezone: 'Europe/Berlin', scalable_target_action: { min_capacity: '2', max_capacity: '6' } });
  });

  it('lets the schedule own the target bounds (Terraform ignores min/max drift) and reports the lowest floor for monitoring', () => {
    expect(stack.resource('aws_appautoscaling_target', 'compute_scaling_target')).toMatchObject({ min_capacity: 2, max_capacity: 6, lifecycle: { ignore_changes: ['min_capacity', 'max_capacity'] } });
    expect(compute.minTaskCount).toBe(1);
    expect(compute.scheduledActions).toHaveLength(2);
  });

  it('synthesizes no schedule and no ignore_changes without offHours', () => {
    const plain = synthCompute().stack;
    expect(plain.resources('aws_appautoscaling_scheduled_action')).toEqual({});
    expect(plain.resource('aws_appautoscaling_target', 'compute_scaling_target').lifecycle).toBeUndefined();
  });
});

describe('compute layer: request scaling', () => {
  it('blue/green: no request-count policies or step alarm (they would watch one target group of two); CPU and memory stay, HAPI-ECS-11 passes', () => {
    const { stack } = synthCompute({ deployment: 'blueGreen' });
    expect(Object.keys(stack.resources('aws_appautoscaling_policy')).sort()).toEqual(['compute_scaling_cpu', 'compute_scaling_memory']);
    expect(stack.resources('aws_cloudwatch_metric_alarm')).not.toHaveProperty('compute_scaling_request_steps_alarm');
    const rolling = synthCompute({ deployment: 'rolling' }).stack;
    expect(Object.keys(rolling.resources('aws_appautoscaling_policy'))).toEqual(expect.arrayContaining(['compute_scaling_requests', 'compute_scaling_request_steps']));
  });
});

describe('compute layer: request step scaling', () => {
  it('defaults: alarm at 2 x requestsPerTarget for 2 one-minute periods on the target group, +50 % then +100 % (at least one task), no scale-in step', () => {
    const { stack } = synthCompute();
    const policy = stack.resource('aws_appautoscaling_policy', 'compute_scaling_request_steps') as any;
    expect(policy).toMatchObject({ name: 'helloapi-test-request-steps', policy_type: 'StepScaling' });
    expect(policy.step_scaling_policy_configuration).toEqual({
      adjustment_type: 'PercentChangeInCapacity',
      min_adjustment_magnitude: 1,
      cooldown: 60,
      metric_aggregation_type: 'Average',
      step_adjustment: [
        { metric_interval_lower_bound: '0', metric_interval_upper_bound: '2000', scaling_adjustment: 50 },
        { metric_interval_lower_bound: '2000', scaling_adjustment: 100 },
      ],
    });
    expect(policy.step_scaling_policy_configuration.step_adjustment.every((s: any) => s.scaling_adjustment > 0)).toBe(true);
    expect(stack.resource('aws_cloudwatch_metric_alarm', 'compute_scaling_request_steps_alarm')).toMatchObject({
      namespace: 'AWS/ApplicationELB',
      metric_name: 'RequestCountPerTarget',
      dimensions: { TargetGroup: FAKE.tgSuffix },
      statistic: 'Sum',
      period: 60,
      evaluation_periods: 2,
      threshold: 2000,
      comparison_operator: 'GreaterThanOrEqualToThreshold',
      alarm_actions: ['${aws_appautoscaling_policy.compute_scaling_request_steps.arn}'],
    });
    // Target tracking stays: it keeps the steady state and alone scales in.
    expect(Object.keys(stack.resources('aws_appautoscaling_policy')).sort()).toEqual(['compute_scaling_cpu', 'compute_scaling_memory', 'compute_scaling_request_steps', 'compute_scaling_requests']);
  });

  it('takes configured thresholds and steps', () => {
    const { stack } = synthCompute({
      scaling: { desiredCount: 2, maxCount: 6, requestsPerTarget: 500, requestSteps: { threshold: 800, evaluationPeriods: 3, cooldownSeconds: 120, steps: [{ over: 0, addPercent: 25 }, { over: 400, addPercent: 50 }, { over: 1600, addPercent: 200 }] } },
    });
    expect((stack.resource('aws_appautoscaling_policy', 'compute_scaling_request_steps') as any).step_scaling_policy_configuration).toMatchObject({
      cooldown: 120,
      step_adjustment: [
        { metric_interval_lower_bound: '0', metric_interval_upper_bound: '400', scaling_adjustment: 25 },
        { metric_interval_lower_bound: '400', metric_interval_upper_bound: '1600', scaling_adjustment: 50 },
        { metric_interval_lower_bound: '1600', scaling_adjustment: 200 },
      ],
    });
    expect(stack.resource('aws_cloudwatch_metric_alarm', 'compute_scaling_request_steps_alarm')).toMatchObject({ threshold: 800, evaluation_periods: 3 });
  });

  it('is off with requestSteps: false or without the target group suffix', () => {
    expect(synthCompute({ scaling: { desiredCount: 2, requestSteps: false } }).stack.resources('aws_cloudwatch_metric_alarm')).toEqual({});
    const noSuffix = synthCompute({ withRequestSuffixes: false }).stack;
    expect(Object.keys(noSuffix.resources('aws_appautoscaling_policy')).sort()).toEqual(['compute_scaling_cpu', 'compute_scaling_memory']);
  });
});

describe('compute layer: refused scaling props', () => {
  const base = { name: 'helloapi-test', accountId: '123456789012', region: 'us-east-1', allowedHosts: ['api.test.example.com'], image: { tag: 'v1' }, sizing: { cpu: 256, memory: 512 } };
  const problems = (scaling: object) => computePropsProblems({ ...base, scaling: { desiredCount: 2, minCount: 2, maxCount: 4, ...scaling } }).map((p) => [p.prop, p.value, p.message]);

  it('names the field, the value and what is allowed, every problem at once', () => {
    expect(problems({ offHours: { timezone: 'CET', scaleDown: 'cron(0 20 * * MON-FRI *)', scaleUp: 'cron(0 7 ? * MON-FRI)', minCount: 3, maxCount: 5 } })).toEqual([
      ['scaling.offHours.timezone', 'CET', expect.stringMatching(/^must be a canonical IANA time zone name such as Europe\/Berlin/)],
      ['scaling.offHours.scaleDown', 'cron(0 20 * * MON-FRI *)', 'needs ? in exactly one of Day-of-month and Day-of-week'],
      ['scaling.offHours.scaleUp', 'cron(0 7 ? * MON-FRI)', expect.stringMatching(/^has 5 fields/)],
      ['scaling.offHours.minCount', 3, "must be a whole number from 1 (the monitoring layer's running-tasks alarm needs a task) to minCount (2)"],
      ['scaling.offHours.maxCount', 5, 'must be a whole number from offHours.minCount (3) to maxCount (4)'],
    ]);
  });

  it('refuses an off-hours minimum of 0, schedules firing at the same minute, and bad steps', () => {
    expect(problems({ offHours: { timezone: 'UTC', minCount: 0 } })).toEqual([['scaling.offHours.minCount', 0, expect.stringContaining('must be a whole number from 1')]]);
    expect(problems({ offHours: { timezone: 'UTC', scaleUp: 'cron(0 20 ? * FRI *)', minCount: 1 } })).toEqual([['scaling.offHours.scaleUp', 'cron(0 20 ? * FRI *)', expect.stringMatching(/fires at the same minute as offHours.scaleDown/)]]);
    expect(problems({ requestSteps: { threshold: 0, evaluationPeriods: 11, steps: [{ over: 100, addPercent: 50 }, { over: 50, addPercent: 0 }] } })).toEqual([
      ['scaling.requestSteps.threshold', 0, 'must be above 0 (requests per target per minute)'],
      ['scaling.requestSteps.evaluationPeriods', 11, 'must be a whole number of one-minute periods, 1-10'],
      ['scaling.requestSteps.steps', [100, 50], 'must start at over: 0 (the alarm threshold)'],
      ['scaling.requestSteps.steps.1.over', 50, "must be above the previous step's over (100)"],
      ['scaling.requestSteps.steps.1.addPercent', 0, 'must be a whole percentage, 1-1000'],
    ]);
  });
});

describe('HAPI-ECS-13: scheduled scaling keeps the floor', () => {
  const rule = RULES.find((r) => r.id === 'HAPI-ECS-13')!;
  const run = (min: string) => {
    const json = FIXTURES.environment();
    (json.resource as any).aws_appautoscaling_scheduled_action.compute_scaling_off_hours_down.scalable_target_action.min_capacity = min;
    return evaluateStack(json, fixtureTarget('environment'), [rule]).results.map((r) => [r.subject, r.status, r.message]);
  };

  it('passes a schedule that keeps min_capacity (only the ceiling drops)', () => {
    expect(run('2')).toEqual([
      ['aws_appautoscaling_scheduled_action.compute_scaling_off_hours_down', 'pass', 'cron(0 20 ? * MON-FRI *) (Europe/Berlin): min_capacity 2 >= 2 of aws_appautoscaling_target.compute_scaling_target'],
      ['aws_appautoscaling_scheduled_action.compute_scaling_off_hours_up', 'pass', 'cron(0 7 ? * MON-FRI *) (Europe/Berlin): min_capacity 2 >= 2 of aws_appautoscaling_target.compute_scaling_target'],
    ]);
  });

  it('fails a lower floor, and reports it relaxed (with the reason) where the environment declares offHoursScaleDown', () => {
    expect(run('1')[0]).toEqual(['aws_appautoscaling_scheduled_action.compute_scaling_off_hours_down', 'fail', 'cron(0 20 ? * MON-FRI *) (Europe/Berlin): min_capacity 1 below 2 of aws_appautoscaling_target.compute_scaling_target']);
    const json = FIXTURES.environment();
    (json.resource as any).aws_appautoscaling_scheduled_action.compute_scaling_off_hours_down.scalable_target_action.min_capacity = '1';
    const relaxed = evaluateStack(json, fixtureTarget('environment', { relaxations: { offHoursScaleDown: { reason: 'Cost: nobody uses it at night.' } } }), [rule]).results[0];
    expect(relaxed).toMatchObject({ status: 'relaxed', relaxation: 'offHoursScaleDown', reason: 'Cost: nobody uses it at night.' });
  });
});
