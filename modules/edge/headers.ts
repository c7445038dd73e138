import { PropProblem, Problems } from '../core/problems';

/**
 * The security headers the edge adds to every response, whatever the app does.
 * One definition feeds both the ALB listener (routing_http_response_* attributes)
 * and the CloudFront response-headers policy, so the two never drift apart.
 */
export interface SecurityHeaders {
  /**
   * Strict-Transport-Security max-age in seconds.
   * @default 63072000 (two years, the preload-list minimum is one)
   */
  readonly hstsMaxAgeSeconds?: number;
  /**
   * Add `includeSubDomains` to Strict-Transport-Security.
   * @default true
   */
  readonly hstsIncludeSubdomains?: boolean;
  /**
   * Add `preload` to Strict-Transport-Security.
   * @default true
   */
  readonly hstsPreload?: boolean;
  /**
   * X-Frame-Options.
   * @default 'DENY'
   */
  readonly frameOptions?: 'DENY' | 'SAMEORIGIN';
  /**
   * Referrer-Policy (CloudFront only: the ALB cannot add it; Django's SecurityMiddleware sends `same-origin`).
   * The app's own value wins when it sends one.
   * @default 'same-origin'
   */
  readonly referrerPolicy?: 'no-referrer' | 'no-referrer-when-downgrade' | 'origin' | 'origin-when-cross-origin' | 'same-origin' | 'strict-origin' | 'strict-origin-when-cross-origin' | 'unsafe-url';
  /**
   * Cross-Origin-Opener-Policy (CloudFront only, as a custom header; Django sends `same-origin` itself).
   * The app's own value wins when it sends one.
   * @default 'same-origin'
   */
  readonly crossOriginOpenerPolicy?: 'same-origin' | 'same-origin-allow-popups' | 'unsafe-none';
  /**
   * Content-Security-Policy forced on every response. Off by default because
   * the same host serves Django's admin and browsable API, which need scripts and styles;
   * a pure JSON API should set `default-src 'none'; frame-ancestors 'none'`.
   * @default undefined (no CSP from the edge)
   */
  readonly contentSecurityPolicy?: string;
}

/** SecurityHeaders with every default applied. */
export type ResolvedSecurityHeaders = Required<Omit<SecurityHeaders, 'contentSecurityPolicy'>> & Pick<SecurityHeaders, 'contentSecurityPolicy'>;

export function resolveSecurityHeaders(h: SecurityHeaders = {}): ResolvedSecurityHeaders {
  new Problems().addAll(securityHeadersProblems(h)).throwIfAny('securityHeaders');
  return withHeaderDefaults(h);
}

/** Every problem with the security headers (props relative to `SecurityHeaders`); empty when they are fine. */
export function securityHeadersProblems(h: SecurityHeaders = {}): PropProblem[] {
  const resolved = withHeaderDefaults(h);
  const problems = new Problems();
  if (!Number.isInteger(resolved.hstsMaxAgeSeconds) || resolved.hstsMaxAgeSeconds < 0) {
    problems.add('hstsMaxAgeSeconds', resolved.hstsMaxAgeSeconds, 'must be a whole number of seconds');
  }
  if (resolved.hstsPreload && (resolved.hstsMaxAgeSeconds < 31536000 || !resolved.hstsIncludeSubdomains)) {
    problems.add('hstsPreload', resolved.hstsPreload, 'needs hstsMaxAgeSeconds >= 31536000 and hstsIncludeSubdomains (the preload list rejects anything less)');
  }
  return [...problems.all];
}

function withHeaderDefaults(h: SecurityHeaders): ResolvedSecurityHeaders {
  return {
    hstsMaxAgeSeconds: h.hstsMaxAgeSeconds ?? 63072000,
    hstsIncludeSubdomains: h.hstsIncludeSubdomains ?? true,
    hstsPreload: h.hstsPreload ?? true,
    frameOptions: h.frameOptions ?? 'DENY',
    referrerPolicy: h.referrerPolicy ?? 'same-origin',
    crossOriginOpenerPolicy: h.crossOriginOpenerPolicy ?? 'same-origin',
    contentSecurityPolicy: h.contentSecurityPolicy,
  };
}

/** The Strict-Transport-Security header value, e.g. `max-age=63072000; includeSubDomains; preload`. */
export function hstsValue(h: ResolvedSecurityHeaders): string {
  return [`max-age=${h.hstsMaxAgeSeconds}`, ...(h.hstsIncludeSubdomains ? ['includeSubDomains'] : []), ...(h.hstsPreload ? ['preload'] : [])].join('; ');
}
