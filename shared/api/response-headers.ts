/**
 * On every API answer, problems included, from either front door. Any answer may carry
 * personal data (names, meetings, the caller's own notifications) or say who may see what,
 * so no cache, shared or private, keeps one (RFC 9111 §5.2.2.5); and no browser guesses
 * another type than the one declared. (@middy/http-security-headers would set nosniff
 * with a dozen HTML-only headers, at 4 KB of every bundle: docs/decisions/0007.)
 */
export const API_HEADERS = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' } as const;

/**
 * The API's origin as the caller reached it (API Gateway's domain name, custom or not, and
 * the scheme it forwards), for absolute problem `type` URIs; '' leaves them as paths.
 */
export const apiOriginOf = (event: { headers?: Record<string, string | undefined>; requestContext?: { domainName?: string } }): string => {
  const host = event.requestContext?.domainName;
  if (!host) return '';
  return `${event.headers?.['x-forwarded-proto'] === 'http' ? 'http' : 'https'}://${host}`;
};
