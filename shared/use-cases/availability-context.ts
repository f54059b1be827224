import type { AvailabilityScheduleInput } from '#domain/availability-schedule.ts';
import { resolveAvailabilitySource, type SourceResolution } from '#domain/availability-source.ts';
import { AvailabilityConfiguration, defaultAvailabilityConfiguration } from '#domain/configuration.ts';
import { SYSTEM_GROUP_ID, type ApprenticeInput, type GroupInput, type StandardInput } from '#domain/directory.ts';
import { notFound } from '#domain/errors.ts';
import type { StoredRecord } from '#store/record-repository.ts';
import type { Dependencies } from './dependencies.ts';

export interface AvailabilityContext {
  apprentice: ApprenticeInput;
  standard: StandardInput;
  configuration: AvailabilityConfiguration;
  resolution: SourceResolution;
  /** Schedules of the resources (and of every candidate the source looked at). */
  schedules: Map<string, AvailabilityScheduleInput>;
}

/**
 * Everything the slot engine and the booking need to know about an apprentice's
 * availability, in three sequential round trips whatever the group size:
 * (1) apprentice, configuration, system group; (2) standard, and its group when it
 * names another; (3) the schedules of every candidate.
 */
export const loadAvailabilityContext = async (deps: Pick<Dependencies, 'records'>, apprenticeId: string): Promise<AvailabilityContext> => {
  const first = await deps.records.getMixed([
    { kind: 'apprentice', id: apprenticeId },
    { kind: 'configuration', id: 'availability' },
    { kind: 'group', id: SYSTEM_GROUP_ID },
  ]);
  const apprentice = first.get(`apprentice:${apprenticeId}`) as StoredRecord<ApprenticeInput> | undefined;
  if (!apprentice) throw notFound(`Apprentice ${apprenticeId}`);
  const storedConfiguration = first.get('configuration:availability') as StoredRecord<AvailabilityConfiguration> | undefined;
  const configuration = storedConfiguration ? AvailabilityConfiguration.parse(storedConfiguration.data) : defaultAvailabilityConfiguration;

  const standard = await deps.records.get<StandardInput>('standard', apprentice.data.standardId);
  if (!standard) throw notFound(`Standard ${apprentice.data.standardId} of apprentice ${apprenticeId}`);

  const groups = new Map<string, GroupInput>();
  const systemGroup = first.get(`group:${SYSTEM_GROUP_ID}`) as StoredRecord<GroupInput> | undefined;
  if (systemGroup) groups.set(SYSTEM_GROUP_ID, systemGroup.data);
  const source = standard.data.availabilitySource;
  if (source.type === 'group' && source.groupId !== SYSTEM_GROUP_ID) {
    const group = await deps.records.get<GroupInput>('group', source.groupId);
    if (group) groups.set(source.groupId, group.data);
  }

  const candidateIds = new Set<string>();
  if (source.type !== 'apprenticeEpa') {
    const groupId = source.type === 'group' ? source.groupId : SYSTEM_GROUP_ID;
    for (const memberId of groups.get(groupId)?.memberIds ?? []) candidateIds.add(memberId);
  }
  if (source.type !== 'group' && apprentice.data.epaId) candidateIds.add(apprentice.data.epaId);
  const stored = await deps.records.getMany<AvailabilityScheduleInput>('availability', [...candidateIds]);
  const schedules = new Map([...stored].map(([id, record]) => [id, record.data]));

  return {
    apprentice: apprentice.data,
    standard: standard.data,
    configuration,
    resolution: resolveAvailabilitySource({ standard: standard.data, apprentice: apprentice.data, groups, schedules }),
    schedules,
  };
};
