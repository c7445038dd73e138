import { checkov, fail, fsbp, pass, resourceRule } from '../../dsl';
import { block } from '../../tf-json';

export const rule = resourceRule({
  id: 'HAPI-ECR-04',
  title: 'ECR repositories are encrypted with a customer-managed KMS key',
  severity: 'warning',
  resourceTypes: ['aws_ecr_repository'],
  sources: [fsbp('ECR.5'), checkov('CKV_AWS_136')],
  fix: 'Set encryption_configuration { encryption_type = "KMS", kms_key = <customer key> }.',
  check(repo) {
    const enc = block(repo.values.encryption_configuration);
    return enc.encryption_type === 'KMS' && enc.kms_key ? pass(`KMS ${enc.kms_key}`) : fail(`encryption ${enc.encryption_type ?? 'AES256 (default)'}${enc.kms_key ? '' : ', no customer key'}`);
  },
});
