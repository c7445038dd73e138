import { at, fail, fsbp, pass, stackRule, cis, checkov } from '../../dsl';
import { isTrue } from '../../tf-json';

const FLAGS = ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'];

export const rule = stackRule({
  id: 'HAPI-S3-09',
  title: 'The account baseline blocks S3 public access account-wide',
  severity: 'error',
  resourceTypes: ['aws_s3_account_public_access_block'],
  stackKinds: ['account'],
  sources: [fsbp('S3.1'), cis('2.1.4'), checkov('CKV_AWS_53')],
  fix: 'Add an aws_s3_account_public_access_block with all four settings true to the account baseline.',
  check(stack) {
    const pab = stack.resources('aws_s3_account_public_access_block')[0];
    if (!pab) return [at(undefined, fail('no aws_s3_account_public_access_block'))];
    const off = FLAGS.filter((f) => !isTrue(pab.values[f]));
    return [at(pab.address, off.length ? fail(`${off.join(', ')} not true`) : pass('all four account-level blocks on'))];
  },
});
