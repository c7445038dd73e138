import { at, fail, pass, seed, stackRule } from '../../dsl';

export const rule = stackRule({
  id: 'HAPI-CF-08',
  title: 'A CloudFront distribution fronts the API',
  severity: 'error',
  resourceTypes: ['aws_cloudfront_distribution'],
  stackKinds: ['environment'],
  sources: [seed('CloudFront CDN in front of ALB')],
  relaxedBy: ['noCloudFront'],
  fix: 'Keep CloudFront on (remove relaxations.noCloudFront).',
  check(stack) {
    if (stack.resources('aws_lb', 'aws_alb').length === 0) return [];
    const d = stack.resources('aws_cloudfront_distribution')[0];
    return [at(d?.address, d ? pass(`${d.address}`) : fail('no aws_cloudfront_distribution'))];
  },
});
