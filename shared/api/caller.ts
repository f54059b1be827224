import { RoleId, type Caller } from '#domain/roles.ts';

export const DEFAULT_ROLES_CLAIM = 'roles';

/** API Gateway hands an array claim to Lambda flattened: `["owner","epa"]` arrives as `"[owner epa]"`. */
const FLATTENED_ARRAY = /^\[([^\s[\]"]+(?: [^\s[\]"]+)*)?\]$/;

const elementsOf = (claim: unknown): unknown[] => {
  if (Array.isArray(claim)) return claim;
  if (typeof claim !== 'string') return [];
  const flattened = FLATTENED_ARRAY.exec(claim);
  if (flattened) return flattened[1] === undefined ? [] : flattened[1].split(' ');
  // The same array as JSON text, as an identity provider may write a custom claim.
  if (!claim.startsWith('[')) return [];
  try {
    const parsed: unknown = JSON.parse(claim);
    return Array.isArray(parsed) ? parsed : [];
  } catch {
    return [];
  }
};

/**
 * The roles of a roles claim: a JSON array, or API Gateway's flattened `"[a b]"` form of
 * one. Each element must be a role id exactly as written (no trimming, no case folding):
 * anything else, and any other shape of claim (a bare or comma-separated string, a
 * number), grants nothing.
 */
export const rolesFromClaim = (claim: unknown): RoleId[] => {
  const roles = elementsOf(claim).flatMap((value) => {
    const role = RoleId.safeParse(value);
    return role.success ? [role.data] : [];
  });
  return [...new Set(roles)];
};

/** `exp` as a JWT carries it, or as API Gateway hands it on (a string of digits). */
const hasExpiry = (exp: unknown): boolean =>
  (typeof exp === 'number' && Number.isFinite(exp)) || (typeof exp === 'string' && /^\d{1,12}$/.test(exp));

/**
 * The claims of the bearer token itself, undecoded by any authorizer: only there does a
 * roles array keep its elements apart (`["apprentice owner"]` and `["apprentice","owner"]`
 * both reach Lambda as `"[apprentice owner]"`). Not verified here: the authorizer (API
 * Gateway's, or the local server's) verified this very header before the function ran.
 */
export const bearerTokenClaims = (authorization: string | undefined): Record<string, unknown> | undefined => {
  const parts = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1]?.split('.');
  if (parts?.length !== 3) return undefined;
  try {
    // Node's base64url decoder rather than jose's decodeJwt: the same steps, 1.6 KB less in every bundle.
    const payload: unknown = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8'));
    return typeof payload === 'object' && payload !== null && !Array.isArray(payload) ? (payload as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
};

/** An element that the flattened form would split into two, or that only looks like a role after trimming. */
const hasElementWithWhitespace = (claim: unknown): boolean =>
  (Array.isArray(claim) || (typeof claim === 'string' && claim.startsWith('[') && !FLATTENED_ARRAY.test(claim))) &&
  elementsOf(claim).some((element) => typeof element === 'string' && /\s/.test(element));

/**
 * The caller of an authenticated request, or undefined (401). The token's signature and
 * times are checked before this (API Gateway's JWT authorizer, or the local server); a
 * token that never expires is refused here as well, whichever front door it came through.
 *
 * With the token itself at hand (`tokenClaims`, from the Authorization header), the roles
 * are read from it, and a roles element holding whitespace makes the token unusable: the
 * form API Gateway hands on cannot carry it, so it would otherwise grant the roles its
 * words happen to name.
 */
export const callerFromClaims = (
  claims: Record<string, unknown> | undefined,
  rolesClaim: string = DEFAULT_ROLES_CLAIM,
  tokenClaims?: Record<string, unknown>,
): Caller | undefined => {
  const sub = claims?.sub;
  if (typeof sub !== 'string' || sub.length === 0) return undefined;
  if (!hasExpiry(claims?.exp)) return undefined;
  if (!tokenClaims) return { userId: sub, roles: rolesFromClaim(claims?.[rolesClaim]) };
  // Another token than the one the authorizer read: trust neither.
  if (tokenClaims.sub !== sub) return undefined;
  const roles = tokenClaims[rolesClaim];
  if (hasElementWithWhitespace(roles)) return undefined;
  return { userId: sub, roles: rolesFromClaim(roles) };
};
