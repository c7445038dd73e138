import { bucketDefaultKey, bucketPolicies, findKey, keyArn, keyPolicy, Located, parseRoleArn, partitionOf, roleMay } from '../../access';
import { at, fail, pass, seed, stackRule } from '../../dsl';
import { Caller, denial, grants, PolicySource, RequestContext, statementApplies } from '../../iam-eval';
import { isTrue } from '../../tf-json';
import { BACKEND_ADDRESS, roleProblem, stateAccess } from '../../xacc';

const KMS_ACTIONS = ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey'];

/** Whether the key policy lets `caller` use the key: an Allow naming it (or its account's root: IAM decides), no Deny. */
function keyPolicyAdmits(policy: PolicySource, req: { action: string; resource: string; context: RequestContext }, caller: Caller): { ok: boolean; direct: boolean; detail?: string } {
  const denied = denial([policy], req, caller);
  if (denied) return { ok: false, direct: false, detail: denied };
  const { sure } = grants([policy], req, caller);
  if (sure.length === 0) return { ok: false, direct: false, detail: `${policy.label} lets no principal of account ${caller.account} ${req.action}` };
  const direct = caller.arn !== undefined && (policy.statements ?? []).some((st) => st.Effect === 'Allow' && JSON.stringify(st.Principal ?? '').includes(`"${caller.arn}"`) && statementApplies(st, req, caller) === true);
  return { ok: true, direct };
}

/** Whether the bucket policy refuses puts without SSE-KMS (no header, or AES256) and lets SSE-KMS puts through. */
function deniesNonKmsPuts(policies: PolicySource[], objectArn: string): { ok: boolean; detail: string } {
  const anyone = { account: '000000000000', arn: 'arn:aws:iam::000000000000:role/any-principal' };
  const put = (sse: string[] | null) => ({ action: 's3:PutObject', resource: objectArn, context: { 'aws:SecureTransport': ['true'], 's3:x-amz-server-side-encryption': sse } as RequestContext });
  for (const p of policies) {
    for (const st of p.statements ?? []) {
      if (st.Effect !== 'Deny') continue;
      const src = [{ label: p.label, statements: [st] }];
      const refuses = (sse: string[] | null) => denial(src, put(sse), anyone)?.includes(' is denied by ') ?? false;
      if (refuses(null) && refuses(['AES256']) && !denial(src, put(['aws:kms']), anyone)) return { ok: true, detail: `${p.label} ${st.Sid ? `"${st.Sid}"` : ''} refuses puts without SSE-KMS`.replace('  ', ' ') };
    }
  }
  return { ok: false, detail: `no statement of the state bucket's policy${policies.length ? '' : ' (it has none)'} denies s3:PutObject without s3:x-amz-server-side-encryption = aws:kms` };
}

export const rule = stackRule({
  id: 'HAPI-XACC-02',
  title: 'State is encrypted with the state key: the S3 backend sets encrypt and kms_key_id naming the state stack\'s key, the credentials it uses may use that key, and the state bucket refuses non-KMS puts',
  severity: 'error',
  resourceTypes: ['aws_kms_key', 'aws_kms_alias', 'aws_s3_bucket_policy', 'aws_iam_role_policy'],
  sources: [{ kind: 'deploy', id: 'docs/deploy.md: state encrypted with the state key' }, seed('RDS encrypted at rest (and every other store)')],
  fix: 'Keep the backend\'s kms_key_id at the state key\'s alias ARN (arn:<partition>:kms:<region>:<state account>:alias/<app>-state/terraform-state; state.kmsKeyId overrides it), let the state role use that key (kms:Encrypt, kms:Decrypt, kms:GenerateDataKey), and keep the state bucket policy\'s Deny of puts without SSE-KMS.',
  notes:
    'With `encrypt = true` and no `kms_key_id`, the S3 backend sends an explicit AES256 header on every put, overriding the bucket\'s KMS default, so the state key is never used (https://developer.hashicorp.com/terraform/language/backend/s3#encrypt). ' +
    'The key is matched by its alias: the alias ARN names an aws_kms_alias of a synthesized stack in that account and region, and the key it targets must be the key of the state bucket\'s default encryption. A key ID or key ARN cannot be matched to a key created at apply time and fails. ' +
    'The key must be usable by the backend\'s credentials (the assumed role, else a principal of the stack\'s account): the key policy must allow it, directly or through its account\'s root, which delegates to IAM policies (https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-default-allow-root-enable-iam), and then the role\'s policies must allow kms:Encrypt, kms:Decrypt and kms:GenerateDataKey on the key\'s ARN (an alias ARN in a Resource element does not authorize key use: https://docs.aws.amazon.com/kms/latest/developerguide/cmks-in-iam-policies.html). ' +
    'The bucket policy must Deny s3:PutObject when s3:x-amz-server-side-encryption is not aws:kms, a missing header included (https://docs.aws.amazon.com/AmazonS3/latest/userguide/specifying-kms-encryption.html, https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html: negated operators match a missing key).',
  check(stack) {
    const found = stateAccess(stack);
    if (!found) return [];
    const b = found.access?.backend ?? {};
    const settings: string[] = [];
    if (!isTrue(b.encrypt)) settings.push(`encrypt is ${JSON.stringify(b.encrypt ?? 'unset')}`);
    if (typeof b.kms_key_id !== 'string' || b.kms_key_id === '') settings.push('kms_key_id is unset: the backend sends AES256 on every put and never uses the state key');
    if (settings.length) return [at(BACKEND_ADDRESS, fail(settings.join('; ')))];
    const a = found.access;
    if (found.problem || !a) return [at(BACKEND_ADDRESS, fail(found.problem!))];
    const rp = roleProblem(a, a.bucketAccount!);
    if (rp) return [at(BACKEND_ADDRESS, fail(rp))];
    const caller: Caller = a.roleArn ? { account: parseRoleArn(a.roleArn)!.accountId, arn: a.roleArn } : { account: a.own.account! };
    const k = findKey(a.stacks, b.kms_key_id, caller.account, a.region);
    if (!k.key) return [at(BACKEND_ADDRESS, fail(k.problem!))];
    const key: Located = k.key;
    const problems: string[] = [];
    const stateKey = bucketDefaultKey(a.bucketResource!);
    if (stateKey ? stateKey.stack.name !== key.stack.name || stateKey.address !== key.address : key.stack.name !== a.bucketResource!.stack.name) {
      problems.push(`kms_key_id ${b.kms_key_id} is ${key.stack.name} ${key.address}, not the state key (${stateKey ? `${stateKey.stack.name} ${stateKey.address}, the bucket's default encryption key` : `a key of ${a.bucketResource!.stack.name}`})`);
    }
    const arn = keyArn(key);
    if (!arn) problems.push(`the account or region of ${key.stack.name} ${key.address} is unknown`);
    else {
      const context: RequestContext = { 'kms:ViaService': [`s3.${a.region}.amazonaws.com`], 'kms:CallerAccount': [caller.account], 'aws:PrincipalAccount': [caller.account], 'aws:SecureTransport': ['true'] };
      const requests = KMS_ACTIONS.map((action) => ({ action, resource: arn, context }));
      const kp = keyPolicy(key);
      const admits = requests.map((r) => keyPolicyAdmits(kp, r, caller));
      problems.push(...admits.filter((x) => !x.ok).map((x) => x.detail!));
      if (a.role && admits.every((x) => x.ok)) {
        // Allowed directly by the key policy (same account), or through the account's root: then IAM policies decide.
        const needIdentity = requests.filter((_, i) => !(admits[i].direct && parseRoleArn(a.roleArn)!.accountId === arn.split(':')[4]));
        problems.push(...roleMay(a.role, needIdentity, { session: a.assumeRole, roleArn: a.roleArn! }).map((p) => `${a.roleArn}: ${p}`));
      }
    }
    const objectArn = `arn:${partitionOf(a.region)}:s3:::${a.bucket}/${a.key}`;
    const denies = deniesNonKmsPuts(bucketPolicies(a.bucketResource!), objectArn);
    if (!denies.ok) problems.push(denies.detail);
    if (problems.length) return [at(BACKEND_ADDRESS, fail(problems.join('; ')))];
    const who = a.roleArn ? `${a.roleArn} may use it` : `principals of ${caller.account} may use it through their IAM policies`;
    return [at(BACKEND_ADDRESS, pass(`kms_key_id ${b.kms_key_id} is ${key.stack.name} ${key.address} (the state bucket's key); ${who}; ${denies.detail}`))];
  },
});
