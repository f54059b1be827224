import type { ApprenticeInput, UserInput } from '#domain/directory.ts';
import { DomainError, notFound, type FieldError } from '#domain/errors.ts';
import type { Caller, PermissionId, RoleId } from '#domain/roles.ts';
import type { Actor } from '#ports/actor.ts';
import { requireAny, requireSelfOr } from './authorisation.ts';
import { recordView } from './record-views.ts';


const STAFF_READERS: PermissionId[] = ['ManageDirectory', 'ManagePlanningMeetings', 'ManagePlanningCapacity'];

export const saveUser = async (actor: Actor, userId: string, input: UserInput, ifVersion?: number) => {
  const saved = await actor.deps.records.put('user', userId, input, { ifVersion, by: actor.caller.userId, now: actor.now });
  return recordView('id', userId, saved);
};

export const readUser = async (actor: Actor, userId: string) => {
  requireSelfOr(actor.caller, actor.permissions, userId, STAFF_READERS);
  const user = await actor.deps.records.get<UserInput>('user', userId);
  if (!user) throw notFound(`User ${userId}`);
  return recordView('id', userId, user);
};

const requireRole = (
  users: Map<string, { data: UserInput }>,
  id: string | null | undefined,
  role: RoleId,
  path: string,
  errors: FieldError[],
): void => {
  if (id === null || id === undefined) return;
  const user = users.get(id);
  if (!user) errors.push({ path, message: `no directory user ${id}` });
  else if (!user.data.roles.includes(role)) errors.push({ path, message: `user ${id} does not have the ${role} role` });
};

/**
 * An apprentice record hangs off a directory user of the same id, and every id it
 * names must exist with the right role: a dangling EPA would silently mean "no
 * availability" later, far from the mistake.
 */
export const saveApprentice = async (actor: Actor, apprenticeId: string, input: ApprenticeInput, ifVersion?: number) => {
  const { records } = actor.deps;
  const providerUserIds = input.providerUserIds ?? [];
  const employerUserIds = input.employerUserIds ?? [];
  const userIds = [
    ...new Set([apprenticeId, input.epaId, input.aoContactId, ...providerUserIds, ...employerUserIds].filter((id): id is string => typeof id === 'string')),
  ];
  const [users, standard] = await Promise.all([
    records.getMany<UserInput>('user', userIds),
    records.get('standard', input.standardId),
  ]);
  const errors: FieldError[] = [];
  if (!users.has(apprenticeId)) errors.push({ path: 'path.apprenticeId', message: `create the directory user ${apprenticeId} first` });
  requireRole(users, apprenticeId, 'apprentice', 'path.apprenticeId', errors);
  if (!standard) errors.push({ path: 'standardId', message: `no standard ${input.standardId}` });
  requireRole(users, input.epaId, 'epa', 'epaId', errors);
  requireRole(users, input.aoContactId, 'awardingorganisation', 'aoContactId', errors);
  providerUserIds.forEach((id, index) => requireRole(users, id, 'trainingprovider', `providerUserIds.${index}`, errors));
  employerUserIds.forEach((id, index) => requireRole(users, id, 'employer', `employerUserIds.${index}`, errors));
  if (errors.length > 0) throw new DomainError('VALIDATION_FAILED', 'The apprentice refers to records that do not fit', errors);
  const saved = await records.put('apprentice', apprenticeId, input, { ifVersion, by: actor.caller.userId, now: actor.now });
  return recordView('id', apprenticeId, saved);
};

/** Staff who book or manage meetings may read an apprentice; an apprentice only themself. */
export const readApprentice = async (actor: Actor, apprenticeId: string) => {
  if (actor.caller.userId !== apprenticeId) {
    const bookingStaff = actor.permissions.has('BookPlanningMeeting') && actor.caller.roles.some((role) => role !== 'apprentice');
    if (!bookingStaff) requireAny(actor.permissions, STAFF_READERS);
  }
  const apprentice = await actor.deps.records.get<ApprenticeInput>('apprentice', apprenticeId);
  if (!apprentice) throw notFound(`Apprentice ${apprenticeId}`);
  return recordView('id', apprenticeId, apprentice);
};

export type { Actor };
