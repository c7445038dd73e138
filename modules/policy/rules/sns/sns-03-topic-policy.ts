import { fail, fsbp, pass, resourceRule } from '../../dsl';
import { parsePolicy, principals } from '../../tf-json';

export const rule = resourceRule({
  id: 'HAPI-SNS-03',
  title: 'SNS topic policies let services publish only on behalf of this account',
  severity: 'error',
  resourceTypes: ['aws_sns_topic_policy'],
  sources: [fsbp('SNS.4')],
  fix: 'Grant sns:Publish to service principals (cloudwatch, events) with an aws:SourceAccount or aws:SourceArn condition; never to Principal "*" without one.',
  check(p) {
    const stmts = parsePolicy(p.values.policy);
    if (!stmts) return fail('policy is not literal JSON');
    const bad = stmts.filter(
      (s) =>
        s.Effect === 'Allow' &&
        (principals(s.Principal).some((x) => x === '*' || x === 'AWS:*') || principals(s.Principal).some((x) => x.startsWith('Service:'))) &&
        !/aws:Source(Account|Arn)|aws:SourceOwner|aws:PrincipalAccount|aws:PrincipalOrgID/.test(JSON.stringify(s.Condition ?? {})),
    );
    return bad.length ? fail(`unconditioned Allow for ${bad.flatMap((s) => principals(s.Principal)).join(', ')}`) : pass(`${stmts.length} statement(s), all pinned to the account`);
  },
});
