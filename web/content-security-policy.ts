/**
 * The site's Content-Security-Policy, the same in local mode and behind CloudFront:
 * scripts, styles and images from the site itself only, no framing, and requests only
 * to the site, the API and the sign-in issuer.
 */
export const contentSecurityPolicy = (connectSources: readonly string[] = []): string =>
  [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src ${["'self'", ...connectSources].join(' ')}`,
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
