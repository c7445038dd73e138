import { at, fail, fsbp, pass, stackRule } from '../../dsl';
import { blocks } from '../../tf-json';

const FEATURES: Record<string, string> = { S3_DATA_EVENTS: 'GuardDuty.10', RDS_LOGIN_EVENTS: 'GuardDuty.9', RUNTIME_MONITORING: 'GuardDuty.11' };

/** GuardDuty.12: the ECS Fargate security agent, an additional configuration of RUNTIME_MONITORING. */
const FARGATE_AGENT = 'ECS_FARGATE_AGENT_MANAGEMENT';

export const rule = stackRule({
  id: 'HAPI-ACCT-02',
  title: 'GuardDuty S3, RDS login and runtime (ECS Fargate) protections are on',
  severity: 'warning',
  resourceTypes: ['aws_guardduty_detector', 'aws_guardduty_detector_feature'],
  stackKinds: ['account'],
  sources: [fsbp('GuardDuty.9'), fsbp('GuardDuty.10'), fsbp('GuardDuty.11'), fsbp('GuardDuty.12')],
  fix: 'Add aws_guardduty_detector_feature resources S3_DATA_EVENTS, RDS_LOGIN_EVENTS and RUNTIME_MONITORING (with ECS_FARGATE_AGENT_MANAGEMENT) with status ENABLED.',
  check(stack) {
    const d = stack.resources('aws_guardduty_detector')[0];
    if (!d) return [];
    const on = stack.resources('aws_guardduty_detector_feature').filter((f) => f.values.status === 'ENABLED');
    const enabled = new Set([
      ...on.map((f) => String(f.values.name)),
      ...blocks(d.values.datasources).flatMap((ds) => (blocks(ds.s3_logs).some((s) => s.enable === true) ? ['S3_DATA_EVENTS'] : [])),
    ]);
    const runtime = on.find((f) => f.values.name === 'RUNTIME_MONITORING');
    const agent = runtime !== undefined && blocks(runtime.values.additional_configuration).some((c) => c.name === FARGATE_AGENT && c.status === 'ENABLED');
    // Without the agent GuardDuty sees nothing inside the Fargate tasks (the compute layers then pull no agent either).
    const missing = [...Object.keys(FEATURES).filter((f) => !enabled.has(f)), ...(agent ? [] : [`${FARGATE_AGENT} (no GuardDuty agent in ECS Fargate tasks)`])];
    return [at(d.address, missing.length ? fail(`not enabled: ${missing.join(', ')}`) : pass(`${Object.keys(FEATURES).join(', ')} with ${FARGATE_AGENT}`))];
  },
});
