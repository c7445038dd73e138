import { Construct } from 'constructs';
import { EcrLifecyclePolicy } from '@cdktf/provider-aws/lib/ecr-lifecycle-policy';
import { EcrRepository } from '@cdktf/provider-aws/lib/ecr-repository';
import { arnPrefix } from '../core/context';
import { SecureKey } from '../core/kms';
import { imageReference } from './container';
import type { ComputeSettings } from './settings';

/**
 * The ECR repository (`repository`: immutable tags, scan on push, the layer's KMS key) and its lifecycle policy
 * (`repository_lifecycle`: untagged images expire after a day, the last `imagesToKeep` are kept).
 */
export function ecrRepository(scope: Construct, s: ComputeSettings, key: SecureKey): EcrRepository {
  const repository = new EcrRepository(scope, 'repository', {
    name: `${s.name}/api`,
    imageTagMutability: 'IMMUTABLE',
    imageScanningConfiguration: { scanOnPush: true },
    encryptionConfiguration: [{ encryptionType: 'KMS', kmsKey: key.arn }],
    forceDelete: false,
    tags: s.tags,
  });
  const keep = s.props.imagesToKeep ?? 30;
  new EcrLifecyclePolicy(scope, 'repository_lifecycle', {
    repository: repository.name,
    policy: JSON.stringify({
      rules: [
        {
          rulePriority: 1,
          description: 'Expire untagged images after 1 day',
          selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 1 },
          action: { type: 'expire' },
        },
        {
          rulePriority: 2,
          description: `Keep the last ${keep} images`,
          selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: keep },
          action: { type: 'expire' },
        },
      ],
    }),
  });
  return repository;
}

/** The image reference the tasks run: `image.repository` (default: the layer's repository) with the tag or digest. */
export function taskImage(s: ComputeSettings, repository: EcrRepository): string {
  const { image, allowMutableTag } = s.props;
  return imageReference(image.repository ?? repository.repositoryUrl, image, allowMutableTag ?? false);
}

/** The ECR repository the execution role pulls from: `image.repository`'s when it is in ECR, else the layer's. */
export function pullRepositoryArn(s: ComputeSettings): string {
  return ecrRepositoryArn(s.props.image.repository, s.partition) ?? `${arnPrefix(s.props, 'ecr')}:repository/${s.name}/api`;
}

/** The image is pulled from ECR (the layer's repository, or `image.repository` in ECR). */
export function pullsFromEcr(s: ComputeSettings): boolean {
  return s.props.image.repository === undefined || ecrRepositoryArn(s.props.image.repository, s.partition) !== undefined;
}

/** `arn:aws:ecr:<region>:<account>:repository/<name>` for an ECR image URI, or undefined for other registries. */
export function ecrRepositoryArn(repositoryUri: string | undefined, partition = 'aws'): string | undefined {
  if (repositoryUri === undefined) return undefined;
  const m = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/(.+)$/.exec(repositoryUri);
  return m ? `arn:${partition}:ecr:${m[2]}:${m[1]}:repository/${m[3]}` : undefined;
}
