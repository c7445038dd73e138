import { at, checkov, fail, fsbp, pass, seed, stackRule } from '../../dsl';
import { clientFacingLoadBalancers, listenersOf, redirectsToHttps } from '../../helpers';
import { blocks } from '../../tf-json';

export const rule = stackRule({
  id: 'HAPI-ELB-02',
  title: 'ALBs clients reach (internet-facing, or behind a CloudFront VPC origin) answer HTTP on port 80 with a 301 redirect to HTTPS 443',
  severity: 'error',
  resourceTypes: ['aws_lb', 'aws_lb_listener'],
  sources: [seed('HTTP redirects to HTTPS'), fsbp('ELB.1'), checkov('CKV2_AWS_20')],
  fix: 'Add a port-80 listener whose default_action is redirect { protocol = "HTTPS", port = "443", status_code = "HTTP_301" }.',
  check(stack) {
    return clientFacingLoadBalancers(stack).map((lb) => {
        const http = listenersOf(stack, lb).find((l) => Number(l.values.port) === 80);
        if (!http) return at(lb.address, fail('no port-80 listener: http:// requests get no redirect'));
        if (!redirectsToHttps(http)) return at(http.address, fail('port 80 does not redirect to HTTPS'));
        const r = blocks(blocks(http.values.default_action)[0]?.redirect)[0] ?? {};
        const ok = String(r.port ?? '#{port}') === '443' && r.status_code === 'HTTP_301';
        return at(http.address, ok ? pass('80 -> HTTPS 443 (301)') : fail(`redirect to port ${r.port ?? 'unset'} with ${r.status_code ?? 'unset'} (want 443, HTTP_301)`));
      });
  },
});
