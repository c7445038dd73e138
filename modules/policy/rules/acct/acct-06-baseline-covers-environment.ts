import { at, fail, pass, seed, stackRule } from '../../dsl';

export const rule = stackRule({
  id: 'HAPI-ACCT-06',
  title: 'Each environment\'s account is covered by an account-baseline stack (CloudTrail, GuardDuty, Security Hub, Config)',
  severity: 'error',
  resourceTypes: [],
  stackKinds: ['environment'],
  sources: [seed('Security audit completed (Security Monitoring: Security Hub, GuardDuty, CloudTrail)')],
  fix: 'Synthesize the <app>-account-<label> stack named by the environment\'s account.baseline.',
  check(stack) {
    const want = stack.target.accountBaselineStack;
    if (!want) return [];
    return [at(undefined, stack.target.siblingStacks.includes(want) ? pass(`covered by ${want}`) : fail(`no ${want} stack synthesized`))];
  },
});
