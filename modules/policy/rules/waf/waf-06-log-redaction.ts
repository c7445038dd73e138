import { fail, pass, resourceRule, seed } from '../../dsl';
import { block, blocks } from '../../tf-json';

const REDACT = ['authorization', 'cookie'];

export const rule = resourceRule({
  id: 'HAPI-WAF-06',
  title: 'WAF logs redact the Authorization and Cookie headers',
  severity: 'error',
  resourceTypes: ['aws_wafv2_web_acl_logging_configuration'],
  sources: [seed('Never log sensitive data')],
  fix: 'Add redacted_fields { single_header { name = "authorization" } } and the same for "cookie".',
  check(lc) {
    const redacted = blocks(lc.values.redacted_fields).map((f) => String(block(f.single_header).name ?? '').toLowerCase());
    const missing = REDACT.filter((h) => !redacted.includes(h));
    return missing.length ? fail(`not redacted: ${missing.join(', ')}`) : pass(`redacts ${REDACT.join(', ')}`);
  },
});
