import type { AvailabilityScheduleInput } from '#domain/availability-schedule.ts';
import { CommunicationConfiguration, defaultCommunicationConfiguration, StoredCommunicationConfiguration } from '#domain/communication-configuration.ts';
import { AvailabilityConfiguration, defaultAvailabilityConfiguration, storedAvailabilityConfiguration } from '#domain/configuration.ts';
import { SYSTEM_GROUP_ID, SYSTEM_GROUP_NAME, type GroupInput, type StandardInput, type UserInput } from '#domain/directory.ts';
import { DomainError, notFound, type FieldError } from '#domain/errors.ts';
import { defaultPermissions, storedPermissionsConfiguration, type PermissionsConfiguration } from '#domain/roles.ts';
import type { StoredRecord } from '#ports/record-store.ts';
import { requireSelfOr } from './authorisation.ts';
import type { NameSearchQuery } from './record-listing-inputs.ts';
import { matchesSearch, searchWords } from '#domain/search-words.ts';
import type { Actor } from '#ports/actor.ts';
import { recordToWrite } from '#domain/read-only-fields.ts';
import { recordView } from './record-views.ts';

import { loadAvailabilityConfiguration, loadGroup, neverSaved } from './configuration-reads.ts';

export { loadAvailabilityConfiguration, loadGroup };

/** Every save takes back what the read answered: see recordToWrite. */
export const saveStandard = async (actor: Actor, standardId: string, input: StandardInput, ifMatch?: number) => {
  const { data, ifVersion } = recordToWrite(input, ifMatch);
  if (input.availabilitySource.type === 'group' && input.availabilitySource.groupId !== SYSTEM_GROUP_ID) {
    const group = await actor.deps.records.get('group', input.availabilitySource.groupId);
    if (!group) {
      throw new DomainError('VALIDATION_FAILED', 'The source of availability names no group', [
        { path: 'availabilitySource.groupId', message: `no group ${input.availabilitySource.groupId}` },
      ]);
    }
  }
  const saved = await actor.deps.records.put('standard', standardId, data, { ifVersion, by: actor.caller.userId, now: actor.now });
  return recordView('id', standardId, saved);
};

export const readStandard = async (actor: Actor, standardId: string) => {
  const standard = await actor.deps.records.get<StandardInput>('standard', standardId);
  if (!standard) throw notFound(`Standard ${standardId}`);
  return recordView('id', standardId, standard);
};

/** Standards by name, for anyone signed in (a standard is read by anyone, as `readStandard`). */
export const listStandards = async (actor: Actor, query: NameSearchQuery) => {
  const words = searchWords(query.q);
  const page = await actor.deps.records.listByName<StandardInput>('standard', {
    matches: (name) => matchesSearch(name, words),
    limit: query.limit,
    cursor: query.cursor,
  });
  return { items: page.items.map(({ id, record }) => recordView('id', id, record)), cursor: page.cursor ?? null };
};

/** Groups by name, for those who read groups (`readGroup`). */
export const listGroups = async (actor: Actor, query: NameSearchQuery) => {
  requireGroupReader(actor);
  const words = searchWords(query.q);
  const page = await actor.deps.records.listByName<GroupInput>('group', {
    matches: (name) => matchesSearch(name, words),
    limit: query.limit,
    cursor: query.cursor,
  });
  return { items: page.items.map(({ id, record }) => recordView('id', id, record)), cursor: page.cursor ?? null };
};

const requireGroupReader = (actor: Actor): void => {
  if (!actor.permissions.has('ConfigureSystem') && !actor.permissions.has('ManagePlanningCapacity')) {
    throw new DomainError('FORBIDDEN', 'This needs ConfigureSystem or ManagePlanningCapacity');
  }
};

export const saveGroup = async (actor: Actor, groupId: string, input: GroupInput, ifMatch?: number) => {
  const { data, ifVersion } = recordToWrite(input, ifMatch);
  const members = await actor.deps.records.getMany<UserInput>('user', input.memberIds);
  const errors: FieldError[] = input.memberIds.flatMap((id, index) => {
    const member = members.get(id);
    if (!member) return [{ path: `memberIds.${index}`, message: `no directory user ${id}` }];
    if (!member.data.roles.includes('epa')) return [{ path: `memberIds.${index}`, message: `user ${id} does not have the epa role` }];
    return [];
  });
  if (errors.length > 0) throw new DomainError('VALIDATION_FAILED', 'Only EPAs can be members of a group', errors);
  const saved = await actor.deps.records.put('group', groupId, data, { ifVersion, by: actor.caller.userId, now: actor.now });
  return recordView('id', groupId, saved);
};

export const readGroup = async (actor: Actor, groupId: string) => {
  requireGroupReader(actor);
  const group = await loadGroup(actor, groupId);
  if (!group) throw notFound(`Group ${groupId}`);
  return recordView('id', groupId, group);
};

export const deleteGroup = async (actor: Actor, groupId: string, ifVersion?: number): Promise<void> => {
  if (groupId === SYSTEM_GROUP_ID) {
    throw new DomainError('CONFLICT', 'The system group "Planning Meeting Bookings" cannot be deleted; remove its members instead');
  }
  if (!(await actor.deps.records.delete('group', groupId, ifVersion))) throw notFound(`Group ${groupId}`);
};

/** An EPA may keep their own hours; administrators keep everyone's. */
export const saveAvailabilitySchedule = async (
  actor: Actor,
  userId: string,
  input: AvailabilityScheduleInput,
  ifMatch?: number,
) => {
  const { data, ifVersion } = recordToWrite(input, ifMatch);
  requireSelfOr(actor.caller, actor.permissions, userId, ['ConfigureSystem']);
  const user = await actor.deps.records.get<UserInput>('user', userId);
  if (!user) throw notFound(`User ${userId}`);
  if (!user.data.roles.includes('epa')) {
    throw new DomainError('VALIDATION_FAILED', 'Only EPAs have bookable availability', [
      { path: 'path.userId', message: `user ${userId} does not have the epa role` },
    ]);
  }
  const saved = await actor.deps.records.put('availability', userId, data, { ifVersion, by: actor.caller.userId, now: actor.now });
  return recordView('userId', userId, saved);
};

export const readAvailabilitySchedule = async (actor: Actor, userId: string) => {
  requireSelfOr(actor.caller, actor.permissions, userId, ['ConfigureSystem', 'ManagePlanningCapacity']);
  const schedule = await actor.deps.records.get<AvailabilityScheduleInput>('availability', userId);
  if (!schedule) throw notFound(`Availability of ${userId}`);
  return recordView('userId', userId, schedule);
};

export const readAvailabilityConfiguration = async (actor: Actor) => {
  const configuration = await loadAvailabilityConfiguration(actor);
  return { ...configuration.data, ...configuration.meta };
};

export const saveAvailabilityConfiguration = async (actor: Actor, input: AvailabilityConfiguration, ifMatch?: number) => {
  const { data, ifVersion } = recordToWrite(input, ifMatch);
  const saved = await actor.deps.records.put('configuration', 'availability', data, { ifVersion, by: actor.caller.userId, now: actor.now });
  return { ...saved.data, ...saved.meta };
};

export const readPermissionsConfiguration = async (actor: Actor) => {
  const stored = await actor.deps.records.get<PermissionsConfiguration>('configuration', 'permissions');
  return stored ? { ...storedPermissionsConfiguration(stored.data), ...stored.meta } : { ...defaultPermissions, ...neverSaved };
};

/** Refuse a map that would lock every administrator out of configuration. */
export const savePermissionsConfiguration = async (actor: Actor, input: PermissionsConfiguration, ifMatch?: number) => {
  const { data, ifVersion } = recordToWrite(input, ifMatch);
  const keepsAdministration = actor.caller.roles.some((role) => input.roles[role]?.includes('ConfigureSystem'));
  if (!keepsAdministration) {
    throw new DomainError('VALIDATION_FAILED', 'You would lose ConfigureSystem yourself; keep it for one of your roles', [
      { path: 'roles', message: 'must keep ConfigureSystem for one of your own roles' },
    ]);
  }
  const saved = await actor.deps.records.put('configuration', 'permissions', data, { ifVersion, by: actor.caller.userId, now: actor.now });
  return { ...saved.data, ...saved.meta };
};

export const readCommunicationConfiguration = async (actor: Actor) => {
  const stored = await actor.deps.records.get<CommunicationConfiguration>('configuration', 'notifications');
  return stored
    ? { ...StoredCommunicationConfiguration.parse(stored.data), ...stored.meta }
    : { ...defaultCommunicationConfiguration, ...neverSaved };
};

/** Takes effect on the next event: notifiers read it per event, never from a deploy. */
export const saveCommunicationConfiguration = async (actor: Actor, input: CommunicationConfiguration, ifMatch?: number) => {
  const { data, ifVersion } = recordToWrite(input, ifMatch);
  const saved = await actor.deps.records.put('configuration', 'notifications', data, { ifVersion, by: actor.caller.userId, now: actor.now });
  return { ...saved.data, ...saved.meta };
};
