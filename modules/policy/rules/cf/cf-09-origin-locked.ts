import { isCloudFrontOriginPrefixList } from '../../../core/cloudfront-origin';
import { at, fail, pass, seed, stackRule } from '../../dsl';
import { applicationLoadBalancers, cloudFrontFront, isInternetFacing, vpcOriginsOf, vpcOriginTargets } from '../../helpers';
import type { StackView } from '../../stack';
import { ResourceView, list } from '../../tf-json';

export const rule = stackRule({
  id: 'HAPI-CF-09',
  title: 'Behind CloudFront, the ALB is internal and reached only through a CloudFront VPC origin',
  severity: 'error',
  resourceTypes: ['aws_cloudfront_distribution', 'aws_cloudfront_vpc_origin', 'aws_lb'],
  stackKinds: ['environment'],
  sources: [seed('CloudFront CDN in front of ALB'), seed('AWS WAF enabled')],
  fix: 'Make the ALB internal (internal = true, private subnets), point the distribution at it through an aws_cloudfront_vpc_origin (origin.vpc_origin_config), and let its security group admit HTTPS (443) from CloudFront\'s origin-facing managed prefix list.',
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
      const admitted = cloudFrontIngressOf(stack, lb);
      if (admitted.length === 0) {
        return at(lb.address, fail('internal behind a VPC origin, but no security group rule of the ALB admits 443 from a managed prefix list: CloudFront cannot reach it (every request fails at the origin)'));
      }
      return at(lb.address, pass(`internal; CloudFront reaches it through a VPC origin only, admitted by ${admitted.join(', ')}`));
    });
  },
});

/**
 * The ALB's ingress rules that admit 443 from a literal managed prefix list (`rule (pl-...)`). With VPC origins the
 * origin's group must allow CloudFront's origin-facing managed prefix list (or, once it exists, the service group
 * `CloudFront-VPCOrigins-Service-SG`): "Security Group Configuration",
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-vpc-origins.html. A prefix list
 * outside the per-region table (an environment's `edge.cloudFrontOriginPrefixListId`) counts too: its ID cannot be
 * checked offline, and the message names it.
 */
function cloudFrontIngressOf(stack: StackView, lb: ResourceView): string[] {
  const groups = new Set(list(lb.values.security_groups).map((g) => stack.resolve(g)?.address).filter((a): a is string => a !== undefined));
  return stack
    .securityGroupRules()
    .filter((r) => r.direction === 'ingress' && r.group !== undefined && groups.has(r.group) && r.fromPort <= 443 && r.toPort >= 443 && ['tcp', '6', '-1'].includes(r.protocol))
    .flatMap((r) => r.prefixLists.filter((pl) => /^pl-[0-9a-f]+$/.test(pl)).map((pl) => `${r.address} (${pl}${isCloudFrontOriginPrefixList(pl) ? ', CloudFront origin-facing' : ', not in the table: an override'})`));
}
