import { checkov, fail, pass, resourceRule, seed } from '../../dsl';
import { redirectsToHttps } from '../../helpers';

export const rule = resourceRule({
  id: 'HAPI-ELB-01',
  title: 'Load balancer listeners serve HTTPS with an ACM certificate, or only redirect to HTTPS',
  severity: 'error',
  resourceTypes: ['aws_lb_listener', 'aws_alb_listener'],
  sources: [seed('HTTPS/SSL certificate configured'), checkov('CKV_AWS_2')],
  fix: 'Use protocol HTTPS on 443 with certificate_arn from aws_acm_certificate(_validation); make every other listener a redirect to HTTPS.',
  check(l, stack) {
    const protocol = String(l.values.protocol ?? 'HTTP');
    if (protocol === 'HTTPS' || protocol === 'TLS') {
      const cert = stack.resolve(l.values.certificate_arn);
      if (!l.values.certificate_arn) return fail('HTTPS listener without certificate_arn');
      return pass(`${protocol}:${l.values.port} with ${cert ? cert.address : l.values.certificate_arn}`);
    }
    return redirectsToHttps(l) ? pass(`${protocol}:${l.values.port} redirects to HTTPS`) : fail(`${protocol}:${l.values.port} serves plain HTTP`);
  },
});
