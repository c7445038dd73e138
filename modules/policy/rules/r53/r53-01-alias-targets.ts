import { checkov, fail, pass, resourceRule } from '../../dsl';
import { block } from '../../tf-json';

export const rule = resourceRule({
  id: 'HAPI-R53-01',
  title: 'Route 53 alias records point at resources of this stack (no dangling DNS)',
  severity: 'warning',
  resourceTypes: ['aws_route53_record'],
  sources: [checkov('CKV2_AWS_23')],
  fix: 'Build alias targets from the ALB or distribution resource (dns_name / zone_id), never literal names.',
  check(rec, stack) {
    const alias = block(rec.values.alias);
    if (!alias.name) return undefined;
    const target = stack.resolve(alias.name);
    return target ? pass(`${rec.values.type} -> ${target.address}`) : fail(`alias to literal ${alias.name}`);
  },
});
