import { fail, fsbp, pass, resourceRule } from '../../dsl';

export const rule = resourceRule({
  id: 'HAPI-ECR-03',
  title: 'ECR repositories have a lifecycle policy',
  severity: 'warning',
  resourceTypes: ['aws_ecr_repository'],
  sources: [fsbp('ECR.3')],
  fix: 'Add an aws_ecr_lifecycle_policy for the repository (keep the last N images).',
  check(repo, stack) {
    const lc = stack.referencing(repo.address, ['aws_ecr_lifecycle_policy'], 'repository')[0];
    return lc ? pass(`${lc.address}`) : fail('no aws_ecr_lifecycle_policy references the repository');
  },
});
