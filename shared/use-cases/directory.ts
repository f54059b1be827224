import type { ApprenticeInput, UserInput } from '#domain/directory.ts';
import { DomainError, notFound, type FieldError } from '#domain/errors.ts';
import type { PermissionId, RoleId } from '#domain/roles.ts';
import type { Actor } from '#ports/actor.ts';
import { mayBookFor } from './authorisation.ts';
import { attendsActiveMeetingOf } from './read-planning-meetings.ts';
import { recordToWrite } from '#domain/read-only-fields.ts';
import { recordView } from './record-views.ts';

/**
 * Who reads any directory user and apprentice record: directory managers, capacity
 * managers (their screens name the EPAs and apprentices) and system configurers
 * (groups and availability name EPAs). Anyone else reads only themself and the
 * apprentices they book for or meet (mayReadApprentice).
 */
const DIRECTORY_READERS: readonly PermissionId[] = ['ManageDirectory', 'ManagePlanningCapacity', 'ConfigureSystem'];

const readsWholeDirectory = (actor: Actor, id: string): boolean =>
  actor.caller.userId === id || DIRECTORY_READERS.some((permission) => actor.permissions.has(permission));

/**
 * An apprentice's user and record, for those who work with them: whoever may book for
 * them (linked provider and employer staff, owners, AO users), and an EPA (a
 * ManagePlanningMeetings holder) assigned to them or attending their active meeting.
 */
const mayReadApprentice = async (actor: Actor, apprenticeId: string, apprentice: ApprenticeInput | undefined): Promise<boolean> => {
  if (!apprentice) return false;
  if (mayBookFor(actor, apprenticeId, apprentice)) return true;
  if (!actor.permissions.has('ManagePlanningMeetings')) return false;
  return apprentice.epaId === actor.caller.userId || (await attendsActiveMeetingOf(actor, apprenticeId));
};

const forbidden = (what: string) => new DomainError('FORBIDDEN', `You may not read ${what}`);

/**
 * A user is written with the entries that find them by name (the directory search,
 * and the planning meeting listing when they are an apprentice), in one transaction:
 * a renamed user is found by the new name, never the old.
 */
export const saveUser = async (actor: Actor, userId: string, input: UserInput, ifMatch?: number) => {
  const { data, ifVersion } = recordToWrite(input, ifMatch);
  const saved = await actor.deps.listings.putUser(userId, data, { ifVersion, by: actor.caller.userId, now: actor.now });
  return recordView('id', userId, saved);
};

export const readUser = async (actor: Actor, userId: string) => {
  const whole = readsWholeDirectory(actor, userId);
  // The user and, for a reader who may see only the apprentices they work with, the apprentice record: one round trip.
  const found = await actor.deps.records.read([{ kind: 'user', id: userId }, ...(whole ? [] : [{ kind: 'apprentice' as const, id: userId }])]);
  if (!whole) {
    const apprentice = found.of('apprentice', userId);
    if (!(await mayReadApprentice(actor, userId, apprentice?.data))) throw forbidden(`user ${userId}`);
  }
  const user = found.of('user', userId);
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
export const saveApprentice = async (actor: Actor, apprenticeId: string, input: ApprenticeInput, ifMatch?: number) => {
  const { data, ifVersion } = recordToWrite(input, ifMatch);
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
  // With its listing entries (stage, EPA, links), in one transaction.
  const saved = await actor.deps.listings.putApprentice(apprenticeId, data, { ifVersion, by: actor.caller.userId, now: actor.now });
  return recordView('id', apprenticeId, saved);
};

/** The apprentice themself, directory readers, and those who work with the apprentice (mayReadApprentice). */
export const readApprentice = async (actor: Actor, apprenticeId: string) => {
  const apprentice = await actor.deps.records.get<ApprenticeInput>('apprentice', apprenticeId);
  if (!readsWholeDirectory(actor, apprenticeId) && !(await mayReadApprentice(actor, apprenticeId, apprentice?.data))) {
    throw forbidden(`apprentice ${apprenticeId}`);
  }
  if (!apprentice) throw notFound(`Apprentice ${apprenticeId}`);
  return recordView('id', apprenticeId, apprentice);
};

export type { Actor };
