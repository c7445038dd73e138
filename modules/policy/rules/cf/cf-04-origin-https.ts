import { checkov, fail, fsbp, pass, resourceRule } from '../../dsl';
import { vpcOriginsOf } from '../../helpers';
import { block, blocks, list } from '../../tf-json';

/** Problems of one origin's protocol settings (`custom_origin_config` or a VPC origin's endpoint config). */
function protocolProblems(id: string, c: Record<string, any>): string[] {
  const problems: string[] = [];
  if (c.origin_protocol_policy !== 'https-only') problems.push(`${id}: ${c.origin_protocol_policy}`);
  // custom_origin_config lists the versions; a VPC origin wraps them in { items, quantity }.
  const versions = list(c.origin_ssl_protocols).flatMap((v) => (v !== null && typeof v === 'object' ? list((v as Record<string, unknown>).items) : [v]));
  const weak = versions.map(String).filter((p) => p !== 'TLSv1.2' && p !== 'TLSv1.3');
  if (weak.length) problems.push(`${id}: allows ${weak.join(', ')}`);
  return problems;
}

export const rule = resourceRule({
  id: 'HAPI-CF-04',
  title: 'CloudFront talks to custom and VPC origins over HTTPS with TLS 1.2 only',
  severity: 'error',
  resourceTypes: ['aws_cloudfront_distribution', 'aws_cloudfront_vpc_origin'],
  sources: [fsbp('CloudFront.9'), fsbp('CloudFront.10'), checkov('CKV2_AWS_72'), checkov('CKV2_AWS_54')],
  fix: 'Set origin_protocol_policy = "https-only" and origin_ssl_protocols = ["TLSv1.2"] on custom_origin_config, or on the aws_cloudfront_vpc_origin the origin names (vpc_origin_endpoint_config).',
  notes: 'checkov CKV2_AWS_72 exempts .elb. origins; we do not: the ALB origin gets HTTPS too (end-to-end TLS with the ALB certificate), also through a VPC origin.',
  check(d, stack) {
    if (d.type !== 'aws_cloudfront_distribution') return undefined;
    const problems: string[] = [];
    for (const o of blocks(d.values.origin)) {
      const c = block(o.custom_origin_config);
      if (Object.keys(c).length > 0) problems.push(...protocolProblems(String(o.origin_id), c));
    }
    const vpcOrigins = vpcOriginsOf(stack, d);
    for (const v of vpcOrigins) for (const c of blocks(v.values.vpc_origin_endpoint_config)) problems.push(...protocolProblems(v.address, c));
    return problems.length ? fail(problems.join('; ')) : pass(`${vpcOrigins.length ? 'VPC' : 'custom'} origins https-only, TLSv1.2`);
  },
});
