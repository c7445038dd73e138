import { fail, pass, resourceRule, seed } from '../../dsl';

const HEADERS: Record<string, (v: string) => boolean> = {
  routing_http_response_strict_transport_security_header_value: (v) => /max-age=(\d+)/.test(v) && Number(/max-age=(\d+)/.exec(v)![1]) >= 31536000,
  routing_http_response_x_content_type_options_header_value: (v) => v.toLowerCase() === 'nosniff',
  routing_http_response_x_frame_options_header_value: (v) => ['DENY', 'SAMEORIGIN'].includes(v.toUpperCase()),
};

export const rule = resourceRule({
  id: 'HAPI-ELB-11',
  title: 'HTTPS listeners add Strict-Transport-Security (>= 1 year), X-Content-Type-Options and X-Frame-Options',
  severity: 'warning',
  resourceTypes: ['aws_lb_listener', 'aws_alb_listener'],
  sources: [seed('Test Security Headers: Strict-Transport-Security, X-Content-Type-Options: nosniff, X-Frame-Options: DENY')],
  fix: 'Set routing_http_response_strict_transport_security_header_value ("max-age=63072000; includeSubDomains"), routing_http_response_x_content_type_options_header_value ("nosniff") and routing_http_response_x_frame_options_header_value ("DENY").',
  notes: 'The ALB adds these whatever the app sends, so the guide\'s `curl -I` expectations hold even when Django\'s middleware is misconfigured; CloudFront adds them through a response headers policy (HAPI-CF-07).',
  check(l) {
    if (l.values.protocol !== 'HTTPS') return undefined;
    const bad = Object.entries(HEADERS).filter(([k, ok]) => l.values[k] === undefined || !ok(String(l.values[k]))).map(([k]) => k.replace(/^routing_http_response_|_header_value$/g, ''));
    return bad.length ? fail(`missing or weak: ${bad.join(', ')}`) : pass('HSTS, nosniff and frame options set by the listener');
  },
});
