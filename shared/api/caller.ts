import { RoleId, type Caller } from '#domain/roles.ts';

export const DEFAULT_ROLES_CLAIM = 'roles';

/**
 * API Gateway hands JWT claims to Lambda as strings: an array claim arrives
 * flattened as `"[owner epa]"`. Accept that, a JSON array, a real array, or a
 * space/comma separated string, and drop anything that is not a known role.
 */
export const rolesFromClaim = (claim: unknown): RoleId[] => {
  let values: unknown[] = [];
  if (Array.isArray(claim)) values = claim;
  else if (typeof claim === 'string') {
    const text = claim.trim();
    if (text.startsWith('[') && text.endsWith(']')) {
      // API Gateway flattens an array as "[a b]", which is not JSON: parse only what can be
      // (a thrown parse error on every request cost more than the rest of this function).
      if (text.includes('"')) {
        try {
          const parsed: unknown = JSON.parse(text);
          values = Array.isArray(parsed) ? parsed : [];
        } catch {
          values = text.slice(1, -1).split(/[\s,]+/);
        }
      } else values = text.slice(1, -1).split(/[\s,]+/);
    } else values = text.split(/[\s,]+/);
  }
  const roles = values.flatMap((value) => {
    const role = RoleId.safeParse(typeof value === 'string' ? value.trim() : value);
    return role.success ? [role.data] : [];
  });
  return [...new Set(roles)];
};

export const callerFromClaims = (
  claims: Record<string, unknown> | undefined,
  rolesClaim: string = DEFAULT_ROLES_CLAIM,
): Caller | undefined => {
  const sub = claims?.sub;
  if (typeof sub !== 'string' || sub.length === 0) return undefined;
  return { userId: sub, roles: rolesFromClaim(claims?.[rolesClaim]) };
};
