import { Construct } from 'constructs';
import { SecureKey } from '../core/kms';
import type { ComputeSettings } from './settings';

/** The layer's customer-managed KMS key (`kms`): ECR images, log groups, secrets, ECS Exec sessions. */
export function computeKey(scope: Construct, s: ComputeSettings): SecureKey {
  const { props } = s;
  return new SecureKey(scope, 'kms', {
    name: s.name,
    accountId: props.accountId,
    region: props.region,
    partition: props.partition,
    tags: s.tags,
    purpose: 'compute',
    allowCloudWatchLogs: true,
    preventDestroy: props.preventDestroy ?? true,
  });
}
