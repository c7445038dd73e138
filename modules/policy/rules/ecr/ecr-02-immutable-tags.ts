import { checkov, fail, fsbp, pass, resourceRule } from '../../dsl';

export const rule = resourceRule({
  id: 'HAPI-ECR-02',
  title: 'ECR repositories have immutable tags',
  severity: 'error',
  resourceTypes: ['aws_ecr_repository'],
  sources: [fsbp('ECR.2'), checkov('CKV_AWS_51')],
  fix: 'Set image_tag_mutability = "IMMUTABLE".',
  check(repo) {
    const m = String(repo.values.image_tag_mutability ?? 'MUTABLE');
    return m.startsWith('IMMUTABLE') ? pass(m) : fail(`image_tag_mutability ${m}`);
  },
});
