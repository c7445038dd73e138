import { checkov, fail, pass, resourceRule, seed } from '../../dsl';
import { block, isTrue } from '../../tf-json';

export const rule = resourceRule({
  id: 'HAPI-DDB-02',
  title: 'DynamoDB tables are encrypted with a customer-managed KMS key',
  severity: 'warning',
  resourceTypes: ['aws_dynamodb_table'],
  sources: [checkov('CKV_AWS_119'), seed('RDS encrypted at rest (encryption at rest everywhere)')],
  fix: 'Add server_side_encryption { enabled = true, kms_key_arn = <customer key> }.',
  check(t) {
    const sse = block(t.values.server_side_encryption);
    return isTrue(sse.enabled) && sse.kms_key_arn ? pass(`SSE with ${sse.kms_key_arn}`) : fail('server_side_encryption with a customer key not set (AWS-owned key)');
  },
});
