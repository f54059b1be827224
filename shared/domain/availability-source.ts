import { hasWorkingHours, type AvailabilityScheduleInput } from './availability-schedule.ts';
import type { SourceReason } from './availability-reason.ts';
import { SYSTEM_GROUP_ID, type AvailabilitySource, type GroupInput } from './directory.ts';

/** Where the slots of an apprentice's planning meeting come from, once resolved. */
export type ResolvedSource = { type: 'group'; groupId: string } | { type: 'apprenticeEpa'; epaId: string };

export type SourceResolution =
  | { ok: true; source: ResolvedSource; resourceIds: string[] }
  /** `source` is the source that was meant but cannot give availability, when there is one to name. */
  | { ok: false; reason: SourceReason; source: ResolvedSource | null };

/** Records by id; a missing id is simply absent. */
export type ById<T> = ReadonlyMap<string, T> | Readonly<Record<string, T | undefined>>;

export interface SourceResolutionInput {
  standard: { availabilitySource: AvailabilitySource };
  apprentice: { epaId?: string | null | undefined };
  groups: ById<Pick<GroupInput, 'memberIds'>>;
  schedules: ById<Pick<AvailabilityScheduleInput, 'weekly' | 'overrides'>>;
}

/**
 * Resolves the standard's "source of the availability" (SPEC §3.1).
 *
 * A group is configured when at least one member has working hours; only such
 * members become resources.
 *
 * - group: that group; missing or not configured → GROUP_NOT_CONFIGURED
 *   (either way the fix is the group's membership or the standard's choice).
 * - apprenticeEpa: the apprentice's EPA; none → NO_EPA_ASSIGNED; assigned but
 *   without working hours → EPA_HAS_NO_AVAILABILITY, so the screen points at
 *   the EPA's availability rather than at the apprentice's record.
 * - default: the system group when configured, else the apprentice's EPA when
 *   assigned (resolved as above, so an EPA without hours gives
 *   EPA_HAS_NO_AVAILABILITY). With neither → GROUP_NOT_CONFIGURED naming the
 *   system group: the default source is the system group, configuring it fixes
 *   every apprentice at once, and "no EPA assigned" would suggest the standard
 *   is set to the apprentice's EPA.
 */
export const resolveAvailabilitySource = (input: SourceResolutionInput): SourceResolution => {
  const setting = input.standard.availabilitySource;
  switch (setting.type) {
    case 'group':
      return fromGroup(setting.groupId, input);
    case 'apprenticeEpa':
      return fromApprenticeEpa(input);
    case 'default': {
      const systemGroup = fromGroup(SYSTEM_GROUP_ID, input);
      if (systemGroup.ok || !hasEpa(input.apprentice.epaId)) return systemGroup;
      return fromApprenticeEpa(input);
    }
  }
};

const fromGroup = (groupId: string, input: SourceResolutionInput): SourceResolution => {
  const source: ResolvedSource = { type: 'group', groupId };
  const group = lookUp(input.groups, groupId);
  const resourceIds = [...new Set(group?.memberIds ?? [])]
    .filter((memberId) => hasWorkingHours(lookUp(input.schedules, memberId)))
    .sort(compareIds);
  return resourceIds.length > 0 ? { ok: true, source, resourceIds } : { ok: false, reason: 'GROUP_NOT_CONFIGURED', source };
};

const fromApprenticeEpa = (input: SourceResolutionInput): SourceResolution => {
  const { epaId } = input.apprentice;
  if (!hasEpa(epaId)) return { ok: false, reason: 'NO_EPA_ASSIGNED', source: null };
  const source: ResolvedSource = { type: 'apprenticeEpa', epaId };
  return hasWorkingHours(lookUp(input.schedules, epaId))
    ? { ok: true, source, resourceIds: [epaId] }
    : { ok: false, reason: 'EPA_HAS_NO_AVAILABILITY', source };
};

const hasEpa = (epaId: string | null | undefined): epaId is string => typeof epaId === 'string' && epaId.length > 0;

const lookUp = <T>(records: ById<T>, id: string): T | undefined => {
  if (records instanceof Map) return records.get(id);
  const record = records as Readonly<Record<string, T | undefined>>;
  return Object.hasOwn(record, id) ? record[id] : undefined;
};

const compareIds = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
