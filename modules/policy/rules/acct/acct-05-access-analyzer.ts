import { at, cis, fail, fsbp, pass, stackRule } from '../../dsl';

export const rule = stackRule({
  id: 'HAPI-ACCT-05',
  title: 'IAM Access Analyzer watches the account for external access',
  severity: 'warning',
  resourceTypes: ['aws_accessanalyzer_analyzer'],
  stackKinds: ['account'],
  sources: [fsbp('IAM.28'), cis('1.20')],
  fix: 'Add an aws_accessanalyzer_analyzer of type ACCOUNT (or ORGANIZATION).',
  check(stack) {
    const a = stack.resources('aws_accessanalyzer_analyzer')[0];
    return [at(a?.address, a ? pass(`${a.values.type ?? 'ACCOUNT'} analyzer`) : fail('no aws_accessanalyzer_analyzer'))];
  },
});
