import { fail, fsbp, pass, resourceRule } from '../../dsl';
import { block, blocks, isTrue } from '../../tf-json';

export const rule = resourceRule({
  id: 'HAPI-WAF-07',
  title: 'Web ACLs and every rule publish CloudWatch metrics and sample requests',
  severity: 'warning',
  resourceTypes: ['aws_wafv2_web_acl'],
  sources: [fsbp('WAF.12')],
  fix: 'Set visibility_config { cloudwatch_metrics_enabled = true, sampled_requests_enabled = true } on the ACL and on every rule.',
  check(acl) {
    const off: string[] = [];
    const vc = block(acl.values.visibility_config);
    if (!isTrue(vc.cloudwatch_metrics_enabled) || !isTrue(vc.sampled_requests_enabled)) off.push('web ACL');
    for (const r of blocks(acl.values.rule)) {
      const rv = block(r.visibility_config);
      if (!isTrue(rv.cloudwatch_metrics_enabled) || !isTrue(rv.sampled_requests_enabled)) off.push(String(r.name));
    }
    return off.length ? fail(`metrics or sampling off: ${off.join(', ')}`) : pass(`metrics on ACL and ${blocks(acl.values.rule).length} rules`);
  },
});
