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
 * The caller of an authenticated request, or undefined (401). The token's signature and
 * times are checked before this (API Gateway's JWT authorizer, or the local server); a
 * token that never expires is refused here as well, whichever front door it came through.
 */
export const callerFromClaims = (
  claims: Record<string, unknown> | undefined,
  rolesClaim: string = DEFAULT_ROLES_CLAIM,
): Caller | undefined => {
  const sub = claims?.sub;
  if (typeof sub !== 'string' || sub.length === 0) return undefined;
  if (!hasExpiry(claims?.exp)) return undefined;
  return { userId: sub, roles: rolesFromClaim(claims?.[rolesClaim]) };
};
