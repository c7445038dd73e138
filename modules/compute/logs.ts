import { Construct } from 'constructs';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { arnPrefix } from '../core/context';
import { SecureKey } from '../core/kms';
import type { ComputeSettings } from './settings';

/** Names of the layer's log groups: the application's (awslogs) and the ECS Exec sessions'. */
export function logGroupNames(s: ComputeSettings): { app: string; exec: string } {
  return { app: `/ecs/${s.name}/api`, exec: `/ecs/${s.name}/exec` };
}

/** The ARN of a log group of the layer, known at synth time (for IAM policies). */
export function logGroupArn(s: ComputeSettings, logGroupName: string): string {
  return `${arnPrefix(s.props, 'logs')}:log-group:${logGroupName}`;
}

/** A log group of the layer (`log_group` or `exec_log_group`), encrypted with its key, kept `logRetentionDays`. */
export function logGroup(scope: Construct, id: string, s: ComputeSettings, name: string, key: SecureKey): CloudwatchLogGroup {
  return new CloudwatchLogGroup(scope, id, { name, retentionInDays: s.retention, kmsKeyId: key.arn, tags: s.tags });
}
