import { checkov, fail, pass, resourceRule, seed } from '../../dsl';

export const rule = resourceRule({
  id: 'HAPI-SM-01',
  title: 'Secrets Manager secrets are encrypted with a customer-managed KMS key',
  severity: 'warning',
  resourceTypes: ['aws_secretsmanager_secret'],
  sources: [checkov('CKV_AWS_149'), seed('Secrets in Secrets Manager (not environment variables)')],
  fix: 'Set kms_key_id to the layer\'s key (the execution role then needs kms:Decrypt on exactly that key).',
  check(s) {
    return s.values.kms_key_id ? pass(`${s.values.kms_key_id}`) : fail('aws/secretsmanager default key');
  },
});
