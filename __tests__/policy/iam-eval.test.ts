/**
 * The policy evaluator behind the cross-account rules: wildcards, explicit denies, the condition operators'
 * missing-key semantics, principals, and its conservative answers where it cannot know.
 */
import { conditionsHold, decide, globMatch, principalMatches, statementApplies } from '../../modules/policy/iam-eval';
import { parsePolicy, Statement } from '../../modules/policy/tf-json';

const st = (s: Record<string, unknown>): Statement => parsePolicy({ Statement: [s] })![0];
const src = (...statements: Record<string, unknown>[]) => [{ label: 'p', statements: statements.map(st) }];

describe('globMatch', () => {
  it('matches * and ? and nothing else as wildcards', () => {
    expect(globMatch('arn:aws:s3:::b/*', 'arn:aws:s3:::b/x/y.tfstate')).toBe(true);
    expect(globMatch('arn:aws:s3:::b/?', 'arn:aws:s3:::b/xy')).toBe(false);
    expect(globMatch('a.b', 'axb')).toBe(false);
    expect(globMatch('S3:Get*', 's3:getobject', true)).toBe(true);
    expect(globMatch('S3:Get*', 's3:getobject')).toBe(false);
  });
});

describe('decide', () => {
  const req = { action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' };

  it('allows through a wildcard action and resource, names the statement', () => {
    const d = decide(src({ Sid: 'Read', Effect: 'Allow', Action: 's3:Get*', Resource: 'arn:aws:s3:::b/*' }), req);
    expect(d).toMatchObject({ allowed: true });
    expect(d.detail).toContain('"Read"');
  });

  it('lets an explicit Deny win, and NotAction/NotResource invert', () => {
    expect(decide(src({ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Deny', NotAction: 's3:PutObject', Resource: '*' }), req).allowed).toBe(false);
    expect(decide(src({ Effect: 'Allow', Action: 's3:GetObject', NotResource: 'arn:aws:s3:::b/k' }), req).allowed).toBe(false);
    expect(decide(src({ Effect: 'Allow', Action: 's3:GetObject', NotResource: 'arn:aws:s3:::other/*' }), req).allowed).toBe(true);
  });

  it('does not count an Allow whose resource Terraform still has to compute, and counts such a Deny as applying', () => {
    const unresolved = decide(src({ Effect: 'Allow', Action: 's3:GetObject', Resource: '${aws_s3_bucket.x.arn}/k' }), req);
    expect(unresolved.allowed).toBe(false);
    expect(unresolved.detail).toContain('cannot be evaluated');
    const deny = decide(src({ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Deny', Action: 's3:GetObject', Resource: '${aws_s3_bucket.x.arn}/*' }), req);
    expect(deny.allowed).toBe(false);
    expect(deny.denied).toContain('may be denied');
  });

  it('does not count an Allow conditioned on a key the request context does not list', () => {
    const d = decide(src({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'x' } } }), req);
    expect(d.allowed).toBe(false);
  });

  it('explains a missing grant', () => {
    expect(decide(src({ Effect: 'Allow', Action: 's3:PutObject', Resource: '*' }), req).detail).toBe('no statement allows s3:GetObject on arn:aws:s3:::b/k');
  });
});

describe('conditionsHold', () => {
  const sse = (op: string, value: unknown) => ({ [op]: { 's3:x-amz-server-side-encryption': value } });

  it('negated operators match a missing key, positive ones do not; IfExists holds when it is missing', () => {
    const absent = { 's3:x-amz-server-side-encryption': null };
    expect(conditionsHold(sse('StringNotEquals', 'aws:kms'), absent)).toBe(true);
    expect(conditionsHold(sse('StringEquals', 'aws:kms'), absent)).toBe(false);
    expect(conditionsHold(sse('StringEqualsIfExists', 'aws:kms'), absent)).toBe(true);
    expect(conditionsHold(sse('Null', 'true'), absent)).toBe(true);
    expect(conditionsHold(sse('Null', 'false'), absent)).toBe(false);
  });

  it('compares present values, case-sensitively unless IgnoreCase', () => {
    const kms = { 's3:x-amz-server-side-encryption': ['aws:kms'] };
    expect(conditionsHold(sse('StringNotEquals', 'aws:kms'), kms)).toBe(false);
    expect(conditionsHold(sse('StringNotEquals', ['AES256', 'aws:kms']), kms)).toBe(false);
    expect(conditionsHold(sse('StringEquals', 'AWS:KMS'), kms)).toBe(false);
    expect(conditionsHold(sse('StringEqualsIgnoreCase', 'AWS:KMS'), kms)).toBe(true);
  });

  it('ForAllValues holds when every value matches (and for none); ForAnyValue needs one', () => {
    const names = (...n: string[]) => ({ 'route53:ChangeResourceRecordSetsNormalizedRecordNames': n.length ? n : null });
    const all = { 'ForAllValues:StringLike': { 'route53:ChangeResourceRecordSetsNormalizedRecordNames': ['api.example.com', '*.api.example.com'] } };
    expect(conditionsHold(all, names('api.example.com', '_x.api.example.com'))).toBe(true);
    expect(conditionsHold(all, names('api.example.com', 'www.example.com'))).toBe(false);
    expect(conditionsHold(all, names())).toBe(true);
    const any = { 'ForAnyValue:StringEquals': { 'route53:ChangeResourceRecordSetsNormalizedRecordNames': ['api.example.com'] } };
    expect(conditionsHold(any, names('www.example.com', 'api.example.com'))).toBe(true);
    expect(conditionsHold(any, names())).toBe(false);
  });

  it('says "unknown" for an unlisted key or an operator it does not implement, and ANDs keys', () => {
    expect(conditionsHold({ StringEquals: { 'aws:SourceVpc': 'vpc-1' } }, {})).toBe('unknown');
    expect(conditionsHold({ IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }, { 'aws:SourceIp': ['10.1.1.1'] })).toBe('unknown');
    expect(conditionsHold({ Bool: { 'aws:SecureTransport': 'true' }, StringEquals: { 'aws:PrincipalAccount': '1' } }, { 'aws:SecureTransport': ['true'], 'aws:PrincipalAccount': ['2'] })).toBe(false);
  });
});

describe('principalMatches', () => {
  const caller = { account: '111111111111', arn: 'arn:aws:iam::111111111111:role/deployer' };

  it('matches "*", the account (ID or root) and the exact principal ARN', () => {
    expect(principalMatches(st({ Effect: 'Allow', Principal: '*' }), caller)).toBe(true);
    expect(principalMatches(st({ Effect: 'Allow', Principal: { AWS: '111111111111' } }), caller)).toBe(true);
    expect(principalMatches(st({ Effect: 'Allow', Principal: { AWS: ['arn:aws:iam::222222222222:root', 'arn:aws:iam::111111111111:root'] } }), caller)).toBe(true);
    expect(principalMatches(st({ Effect: 'Allow', Principal: { AWS: caller.arn } }), caller)).toBe(true);
    expect(principalMatches(st({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:role/other' } }), caller)).toBe(false);
    expect(principalMatches(st({ Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' } }), caller)).toBe(false);
  });

  it('cannot tell for a named principal when the caller is any principal of the account', () => {
    expect(principalMatches(st({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:role/other' } }), { account: '111111111111' })).toBe('unknown');
  });

  it('names a service caller only by its Service principal or "*", never by the account', () => {
    const events = { account: '111111111111', service: 'events.amazonaws.com' };
    expect(principalMatches(st({ Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' } }), events)).toBe(true);
    expect(principalMatches(st({ Effect: 'Allow', Principal: { Service: ['sns.amazonaws.com', 'events.amazonaws.com'] } }), events)).toBe(true);
    expect(principalMatches(st({ Effect: 'Allow', Principal: '*' }), events)).toBe(true);
    expect(principalMatches(st({ Effect: 'Allow', Principal: { Service: 'cloudwatch.amazonaws.com' } }), events)).toBe(false);
    expect(principalMatches(st({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' } }), events)).toBe(false);
    expect(principalMatches(st({ Effect: 'Allow', Principal: { Service: '${var.service}' } }), events)).toBe('unknown');
  });

  it('applies a resource-policy statement only to the principals it names', () => {
    const s = st({ Effect: 'Deny', Principal: { AWS: 'arn:aws:iam::222222222222:root' }, Action: 's3:*', Resource: '*' });
    expect(statementApplies(s, { action: 's3:GetObject', resource: 'x' }, caller)).toBe(false);
    expect(statementApplies(s, { action: 's3:GetObject', resource: 'x' }, { account: '222222222222' })).toBe(true);
  });
});
