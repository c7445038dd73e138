import { checkov, fail, pass, resourceRule } from '../../dsl';
import { list } from '../../tf-json';

export const rule = resourceRule({
  id: 'HAPI-ACM-05',
  title: 'ACM certificates name exact hosts, not wildcards',
  severity: 'warning',
  resourceTypes: ['aws_acm_certificate'],
  sources: [checkov('CKV2_AWS_71')],
  fix: 'Request the API host (and explicit SANs) instead of *.domain: a leaked wildcard key impersonates every subdomain.',
  check(cert) {
    const names = [cert.values.domain_name, ...list(cert.values.subject_alternative_names)].map(String);
    const wild = names.filter((n) => n.startsWith('*'));
    return wild.length ? fail(`wildcard ${wild.join(', ')}`) : pass(names.join(', '));
  },
});
