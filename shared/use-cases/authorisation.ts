import { DomainError } from '#domain/errors.ts';
import type { Caller, PermissionId } from '#domain/roles.ts';

/** Passes when the caller is the person concerned or holds one of the permissions. */
export const requireSelfOr = (
  caller: Caller,
  permissions: ReadonlySet<PermissionId>,
  userId: string,
  anyOf: readonly PermissionId[],
): void => {
  if (caller.userId === userId) return;
  if (anyOf.some((permission) => permissions.has(permission))) return;
  throw new DomainError('FORBIDDEN', `This needs one of: ${anyOf.join(', ')}`);
};

export const requireAny = (permissions: ReadonlySet<PermissionId>, anyOf: readonly PermissionId[]): void => {
  if (!anyOf.some((permission) => permissions.has(permission))) {
    throw new DomainError('FORBIDDEN', `This needs one of: ${anyOf.join(', ')}`);
  }
};
