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
  const resolved: ResolvedSecurityHeaders = {
    hstsMaxAgeSeconds: h.hstsMaxAgeSeconds ?? 63072000,
    hstsIncludeSubdomains: h.hstsIncludeSubdomains ?? true,
    hstsPreload: h.hstsPreload ?? true,
    frameOptions: h.frameOptions ?? 'DENY',
    referrerPolicy: h.referrerPolicy ?? 'same-origin',
    crossOriginOpenerPolicy: h.crossOriginOpenerPolicy ?? 'same-origin',
    contentSecurityPolicy: h.contentSecurityPolicy,
  };
  if (!Number.isInteger(resolved.hstsMaxAgeSeconds) || resolved.hstsMaxAgeSeconds < 0) {
    throw new Error(`securityHeaders.hstsMaxAgeSeconds must be a whole number of seconds, got ${resolved.hstsMaxAgeSeconds}`);
  }
  if (resolved.hstsPreload && (resolved.hstsMaxAgeSeconds < 31536000 || !resolved.hstsIncludeSubdomains)) {
    throw new Error('securityHeaders.hstsPreload needs hstsMaxAgeSeconds >= 31536000 and hstsIncludeSubdomains (the preload list rejects anything less)');
  }
  return resolved;
}

/** The Strict-Transport-Security header value, e.g. `max-age=63072000; includeSubDomains; preload`. */
export function hstsValue(h: ResolvedSecurityHeaders): string {
  return [`max-age=${h.hstsMaxAgeSeconds}`, ...(h.hstsIncludeSubdomains ? ['includeSubDomains'] : []), ...(h.hstsPreload ? ['preload'] : [])].join('; ');
}
