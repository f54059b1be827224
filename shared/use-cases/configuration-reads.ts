import { defaultAvailabilityConfiguration, storedAvailabilityConfiguration, type AvailabilityConfiguration } from '#domain/configuration.ts';
import { SYSTEM_GROUP_ID, SYSTEM_GROUP_NAME, type GroupInput } from '#domain/directory.ts';
import type { StoredRecord } from '#ports/record-store.ts';
import type { Actor } from '#ports/actor.ts';

/**
 * The organisation's configuration as the booking, change and capacity use cases read it:
 * apart from the configuration screens' use cases, so that a function that only reads it
 * does not bundle the notification templates and the SMS encoding those screens edit.
 */

/** What a record that was never saved answers as its stamps. */
export const neverSaved = { version: 0, updatedAt: new Date(0).toISOString(), updatedBy: 'system' };

/** The system group always exists, configured or not (SPEC §3.1). */
export const loadGroup = async (actor: Pick<Actor, 'deps'>, groupId: string): Promise<StoredRecord<GroupInput> | undefined> => {
  const group = await actor.deps.records.get<GroupInput>('group', groupId);
  if (group || groupId !== SYSTEM_GROUP_ID) return group;
  return { data: { name: SYSTEM_GROUP_NAME, memberIds: [] }, meta: neverSaved };
};

export const loadAvailabilityConfiguration = async (actor: Pick<Actor, 'deps'>): Promise<StoredRecord<AvailabilityConfiguration>> => {
  const stored = await actor.deps.records.get<AvailabilityConfiguration>('configuration', 'availability');
  // Parse again so records saved before a field existed answer with its default.
  return stored
    ? { data: storedAvailabilityConfiguration(stored.data), meta: stored.meta }
    : { data: defaultAvailabilityConfiguration, meta: neverSaved };
};

