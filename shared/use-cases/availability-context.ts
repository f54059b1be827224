import type { AvailabilityScheduleInput } from '#domain/availability-schedule.ts';
import { resolveAvailabilitySource, type SourceResolution } from '#domain/availability-source.ts';
import { AvailabilityConfiguration, defaultAvailabilityConfiguration } from '#domain/configuration.ts';
import { SYSTEM_GROUP_ID, type ApprenticeInput, type GroupInput, type StandardInput, type UserInput } from '#domain/directory.ts';
import { notFound } from '#domain/errors.ts';
import type { StoredRecord } from '#store/record-repository.ts';
import type { Dependencies } from '#ports/dependencies.ts';

export interface AvailabilityContext {
  apprentice: ApprenticeInput;
  standard: StandardInput;
  configuration: AvailabilityConfiguration;
  resolution: SourceResolution;
  /** Schedules of the resources (and of every candidate the source looked at). */
  schedules: Map<string, AvailabilityScheduleInput>;
  /** Each schedule's `version@updatedAt`: what it was when read, for keys of computed answers. */
  scheduleVersions: Map<string, string>;
  /** With `withUsers`: the directory records of the apprentice, the AO contact and every candidate. */
  users: Map<string, StoredRecord<UserInput>>;
}

/**
 * Everything the slot engine and the booking need to know about an apprentice's
 * availability, in three batched reads whatever the group size (four when the standard
 * names a group other than the system group): (1) apprentice, configuration, system
 * group; (2) standard; (3) the schedules of every candidate. A booking also wants the
 * people who will attend (`withUsers`): they ride along in the same three reads.
 *
 * These are recent reads (decision 0004): a busy process answers from what it read a
 * moment ago, and a directory change made elsewhere applies here within seconds.
 */
export const loadAvailabilityContext = async (
  deps: Pick<Dependencies, 'records'>,
  apprenticeId: string,
  options: { withUsers?: boolean } = {},
): Promise<AvailabilityContext> => {
  const first = await deps.records.getRecent([
    { kind: 'apprentice', id: apprenticeId },
    { kind: 'configuration', id: 'availability' },
    { kind: 'group', id: SYSTEM_GROUP_ID },
    ...(options.withUsers ? [{ kind: 'user' as const, id: apprenticeId }] : []),
  ]);
  const apprentice = first.get(`apprentice:${apprenticeId}`) as StoredRecord<ApprenticeInput> | undefined;
  if (!apprentice) throw notFound(`Apprentice ${apprenticeId}`);
  const storedConfiguration = first.get('configuration:availability') as StoredRecord<AvailabilityConfiguration> | undefined;
  const configuration = storedConfiguration ? AvailabilityConfiguration.parse(storedConfiguration.data) : defaultAvailabilityConfiguration;

  const aoContactId = apprentice.data.aoContactId;
  const second = await deps.records.getRecent([
    { kind: 'standard', id: apprentice.data.standardId },
    ...(options.withUsers && aoContactId ? [{ kind: 'user' as const, id: aoContactId }] : []),
  ]);
  const standard = second.get(`standard:${apprentice.data.standardId}`) as StoredRecord<StandardInput> | undefined;
  if (!standard) throw notFound(`Standard ${apprentice.data.standardId} of apprentice ${apprenticeId}`);

  const groups = new Map<string, GroupInput>();
  const systemGroup = first.get(`group:${SYSTEM_GROUP_ID}`) as StoredRecord<GroupInput> | undefined;
  if (systemGroup) groups.set(SYSTEM_GROUP_ID, systemGroup.data);
  const source = standard.data.availabilitySource;
  if (source.type === 'group' && source.groupId !== SYSTEM_GROUP_ID) {
    const group = await deps.records.getRecentOne<GroupInput>('group', source.groupId);
    if (group) groups.set(source.groupId, group.data);
  }

  const candidateIds = new Set<string>();
  if (source.type !== 'apprenticeEpa') {
    const groupId = source.type === 'group' ? source.groupId : SYSTEM_GROUP_ID;
    for (const memberId of groups.get(groupId)?.memberIds ?? []) candidateIds.add(memberId);
  }
  if (source.type !== 'group' && apprentice.data.epaId) candidateIds.add(apprentice.data.epaId);
  const third = await deps.records.getRecent(
    [...candidateIds].flatMap((id) => [{ kind: 'availability' as const, id }, ...(options.withUsers ? [{ kind: 'user' as const, id }] : [])]),
  );
  const schedules = new Map<string, AvailabilityScheduleInput>();
  const scheduleVersions = new Map<string, string>();
  const users = new Map<string, StoredRecord<UserInput>>();
  for (const [key, record] of [...first, ...second, ...third]) {
    const [kind, id] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)];
    if (kind === 'availability') {
      schedules.set(id, record.data as AvailabilityScheduleInput);
      scheduleVersions.set(id, `${record.meta.version}@${record.meta.updatedAt}`);
    }
    if (kind === 'user') users.set(id, record as StoredRecord<UserInput>);
  }

  return {
    apprentice: apprentice.data,
    standard: standard.data,
    configuration,
    resolution: resolveAvailabilitySource({ standard: standard.data, apprentice: apprentice.data, groups, schedules }),
    schedules,
    scheduleVersions,
    users,
  };
};
