import { at, checkov, cis, fail, fsbp, pass, seed, stackRule } from '../../dsl';
import { isFalse, isTrue } from '../../tf-json';

export const rule = stackRule({
  id: 'HAPI-CT-01',
  title: 'The account has a logging, multi-region CloudTrail trail with global service events',
  severity: 'error',
  resourceTypes: ['aws_cloudtrail'],
  stackKinds: ['account'],
  sources: [seed('Enable CloudTrail (Security Monitoring)'), fsbp('CloudTrail.1'), fsbp('CloudTrail.3'), cis('3.1'), checkov('CKV_AWS_67'), checkov('CKV_AWS_251')],
  fix: 'Add an aws_cloudtrail with is_multi_region_trail = true, include_global_service_events = true, enable_logging = true.',
  check(stack) {
    const trails = stack.resources('aws_cloudtrail');
    if (trails.length === 0) return [at(undefined, fail('no aws_cloudtrail in the account baseline'))];
    return trails.map((t) => {
      const problems = [
        !isTrue(t.values.is_multi_region_trail) ? 'not multi-region' : '',
        isFalse(t.values.include_global_service_events) ? 'no global service events' : '',
        isFalse(t.values.enable_logging) ? 'logging disabled' : '',
      ].filter(Boolean);
      return at(t.address, problems.length ? fail(problems.join('; ')) : pass('multi-region, global events, logging'));
    });
  },
});
