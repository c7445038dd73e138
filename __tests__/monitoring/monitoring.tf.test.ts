/**
 * An offline plan (terraform plan validates first) of the monitoring layer on its own (fake
 * upstream values) with the options the environments do not use: HTTPS and SQS
 * subscribers, a metric-math extra alarm, Security Hub findings without the GuardDuty rule.
 */
import { planStacks, StackPlanResult } from '../../scripts/offline-plan';
import { synthMonitoring } from './helpers';

describe('offline plan of the monitoring layer', () => {
  let result: StackPlanResult;

  beforeAll(async () => {
    const { stack } = synthMonitoring({
      alarmHttpsEndpoints: ['https://hooks.example.com/alerts'],
      extraSubscriptions: [{ protocol: 'sqs', endpoint: 'arn:aws:sqs:us-east-1:123456789012:alerts' }],
      extraAlarms: [
        {
          id: 'api_4xx_rate',
          description: 'More than 20% of requests rejected with 4xx.',
          expression: {
            expression: '100 * FILL(e, 0) / r',
            label: '4xx rate (%)',
            metrics: {
              e: { namespace: 'AWS/ApplicationELB', metricName: 'HTTPCode_Target_4XX_Count', dimensions: { LoadBalancer: 'app/x/1' }, statistic: 'Sum', period: 300 },
              r: { namespace: 'AWS/ApplicationELB', metricName: 'RequestCount', dimensions: { LoadBalancer: 'app/x/1' }, statistic: 'Sum', period: 300 },
            },
          },
          threshold: 20,
          comparisonOperator: 'GreaterThanThreshold',
          evaluationPeriods: 3,
          treatMissingData: 'notBreaching',
        },
      ],
      securityFindings: { guardDutyMinSeverity: false },
      preventDestroy: false,
    });
    [result] = await planStacks({ stackDirs: [stack.dir], concurrency: 1, validate: false });
  });

  it('validates and plans', () => {
    expect(result.error ?? '').toBe('');
    expect(result.ok).toBe(true);
  });

  it('creates every monitoring resource', () => {
    // key+alias, topic, topic policy, 3 subscriptions, metric filter, 13+1 alarms, dashboard, 1 rule + 1 target.
    expect(result.resourceCount).toBe(2 + 1 + 1 + 3 + 1 + 14 + 1 + 2);
  });
});
