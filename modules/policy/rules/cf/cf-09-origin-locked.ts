import { at, fail, pass, seed, stackRule } from '../../dsl';
import { applicationLoadBalancers, cloudFrontFront, isInternetFacing, vpcOriginsOf, vpcOriginTargets } from '../../helpers';

export const rule = stackRule({
  id: 'HAPI-CF-09',
  title: 'Behind CloudFront, the ALB is internal and reached only through a CloudFront VPC origin',
  severity: 'error',
  resourceTypes: ['aws_cloudfront_distribution', 'aws_cloudfront_vpc_origin', 'aws_lb'],
  stackKinds: ['environment'],
  sources: [seed('CloudFront CDN in front of ALB'), seed('AWS WAF enabled')],
  fix: 'Make the ALB internal (internal = true, private subnets) and point the distribution at it through an aws_cloudfront_vpc_origin (origin.vpc_origin_config).',
  notes:
    'An internet-facing ALB behind CloudFront can be called directly, bypassing CloudFront and its web ACL (rate limits, IP reputation); a shared-secret header only hides it, and its value sits in Terraform state. ' +
    'AWS: https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/restrict-access-to-load-balancer.html, https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-vpc-origins.html',
  check(stack) {
    const fronts = cloudFrontFront(stack);
    if (fronts.length === 0) return [];
    const viaVpcOrigin = new Set(fronts.flatMap(({ distribution }) => vpcOriginsOf(stack, distribution).flatMap((v) => vpcOriginTargets(stack, v).map((lb) => lb.address))));
    return applicationLoadBalancers(stack).map((lb) => {
      if (isInternetFacing(lb)) return at(lb.address, fail('internet-facing behind CloudFront: clients can reach it directly, bypassing CloudFront and its web ACL'));
      if (!viaVpcOrigin.has(lb.address)) return at(lb.address, fail('internal, but no distribution reaches it through a VPC origin'));
      return at(lb.address, pass('internal; CloudFront reaches it through a VPC origin only'));
    });
  },
});
