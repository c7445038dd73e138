/**
 * `denyInsecureTransport`: the one home of the TLS-only resource-policy statement (S3 buckets, the SNS alert topic,
 * the rotation-redeploy SQS queue use it; issue 18, one home for each fact).
 */
import * as fs from 'fs';
import * as path from 'path';
import { denyInsecureTransport } from '../../modules/core/iam';

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('denyInsecureTransport', () => {
  it('denies the actions on the resources to everyone without TLS, keeping the given shapes', () => {
    expect(denyInsecureTransport('sqs:*', 'arn:q')).toEqual({
      Sid: 'DenyInsecureTransport',
      Effect: 'Deny',
      Principal: '*',
      Action: 'sqs:*',
      Resource: 'arn:q',
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    });
    expect(denyInsecureTransport(['s3:*'], ['arn:b', 'arn:b/*'])).toMatchObject({ Action: ['s3:*'], Resource: ['arn:b', 'arn:b/*'] });
  });

  it('is the only place in modules/ that writes the statement', () => {
    const root = path.join(__dirname, '..', '..', 'modules');
    const writers = sources(root).filter((f) => fs.readFileSync(f, 'utf8').includes("Sid: 'DenyInsecureTransport'"));
    expect(writers.map((f) => path.relative(root, f))).toEqual([path.join('core', 'iam.ts')]);
  });
});
