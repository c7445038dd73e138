import { Construct } from 'constructs';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { EcsCluster } from '@cdktf/provider-aws/lib/ecs-cluster';
import { SecureKey } from '../core/kms';
import type { ComputeSettings } from './settings';

/**
 * The ECS cluster (`cluster`) with Container Insights; with ECS Exec on, sessions are encrypted with the layer's
 * key and logged to `execLogGroup`.
 */
export function ecsCluster(scope: Construct, s: ComputeSettings, key: SecureKey, execLogGroup: CloudwatchLogGroup | undefined): EcsCluster {
  return new EcsCluster(scope, 'cluster', {
    name: s.name,
    setting: [{ name: 'containerInsights', value: s.props.containerInsights ?? 'enabled' }],
    ...(execLogGroup !== undefined
      ? {
          configuration: {
            executeCommandConfiguration: {
              kmsKeyId: key.arn,
              logging: 'OVERRIDE',
              logConfiguration: { cloudWatchEncryptionEnabled: true, cloudWatchLogGroupName: execLogGroup.name },
            },
          },
        }
      : {}),
    tags: s.tags,
  });
}
