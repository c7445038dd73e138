import { checkov, fail, fsbp, pass, resourceRule } from '../../dsl';
import { block, isTrue } from '../../tf-json';

export const rule = resourceRule({
  id: 'HAPI-ECR-01',
  title: 'ECR repositories scan images on push',
  severity: 'error',
  resourceTypes: ['aws_ecr_repository'],
  sources: [fsbp('ECR.1'), checkov('CKV_AWS_163')],
  fix: 'Set image_scanning_configuration { scan_on_push = true }.',
  check(repo) {
    return isTrue(block(repo.values.image_scanning_configuration).scan_on_push) ? pass('scan on push') : fail('scan_on_push is not true');
  },
});
