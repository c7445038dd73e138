import { checkov, fail, fsbp, pass, resourceRule, seed } from '../../dsl';

/**
 * Step Functions logs an execution's history to CloudWatch Logs only with a `logging_configuration`
 * (https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html); execution data (inputs, outputs) stays out of
 * the logs unless a reason needs it.
 */
export const rule = resourceRule({
  id: 'HAPI-SFN-01',
  title: 'Step Functions state machines log executions to CloudWatch Logs, without execution data',
  severity: 'error',
  resourceTypes: ['aws_sfn_state_machine'],
  sources: [fsbp('StepFunctions.1'), checkov('CKV_AWS_285'), seed('Never log sensitive data')],
  fix: 'Set logging_configuration { log_destination = "<log group ARN>:*", level = "ALL" or "ERROR", include_execution_data = false } and give the role the CloudWatch Logs delivery permissions of the Step Functions guide (RotationRedeploy does).',
  notes: 'FSBP StepFunctions.1 asks for a logging level other than OFF; this rule also wants a destination and no execution data (inputs and outputs can carry whatever the events and API answers hold).',
  check(sm) {
    const raw = sm.values.logging_configuration;
    const cfg = (Array.isArray(raw) ? raw[0] : raw) as { level?: string; log_destination?: string; include_execution_data?: boolean } | undefined;
    if (!cfg) return fail('no logging_configuration: executions are not logged');
    const level = cfg.level ?? 'OFF';
    if (level === 'OFF') return fail('logging level OFF');
    if (!cfg.log_destination) return fail('no log_destination');
    if (cfg.include_execution_data === true) return fail('include_execution_data: inputs and outputs in the logs');
    return pass(`level ${level} to ${cfg.log_destination}`);
  },
});
