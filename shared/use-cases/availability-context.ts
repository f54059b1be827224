import type { AvailabilityScheduleInput } from '#domain/availability-schedule.ts';
import { resolveAvailabilitySource, type SourceResolution } from '#domain/availability-source.ts';
import { AvailabilityConfiguration, defaultAvailabilityConfiguration, storedAvailabilityConfiguration } from '#domain/configuration.ts';
import { SYSTEM_GROUP_ID, type ApprenticeInput, type GroupInput, type StandardInput, type UserInput } from '#domain/directory.ts';
import { notFound } from '#domain/errors.ts';
import type { EpaWeekClaim } from '#domain/time-claims.ts';
import type { StoredRecord } from '#store/record-repository.ts';
import type { Dependencies } from '#ports/dependencies.ts';

export interface AvailabilityContext {
  apprentice: ApprenticeInput;
  standard: StandardInput;
  configuration: AvailabilityConfiguration;
  resolution: SourceResolution;
  /** Schedules of the resources (and of every candidate the source looked at). */
  schedules: Map<string, AvailabilityScheduleInput>;
  /** With `withUsers`: the directory records of the apprentice, the AO contact and every candidate. */
  users: Map<string, StoredRecord<UserInput>>;
  /** The claim weeks asked for (`claimWeeks`), of every candidate, read consistently. */
  claims: EpaWeekClaim[];
}

interface AvailabilityContextOptions {
  /** Also read the people who would attend: the apprentice, the AO contact, every candidate. */
  withUsers?: boolean;
  /** Which claim weeks to read for every candidate, once the standard and the configuration are known. */
  claimWeeks?: (known: { standard: StandardInput; configuration: AvailabilityConfiguration }) => readonly string[];
  /** Called with the apprentice's record as soon as it is read, before anything else is: the caller's authorisation. */
  /** Runs before an unknown apprentice is a 404, so that a caller who may not book for an id learns nothing of whether it exists. */
  authorise?: (apprentice: ApprenticeInput | undefined) => void;
}

/**
 * Everything the slot engine and the booking need to know about an apprentice's
 * availability, in two sequential round trips when this process holds the
 * organisation's configuration (decision 0005): (1) the apprentice (and their
 * directory user), with the configuration and the system group; (2) every
 * candidate's schedule (and directory user) beside their claim weeks, sent at once.
 * The standard, and a group other than the system group, come from the same copy
 * or cost a round trip each.
 */
export const loadAvailabilityContext = async (
  deps: Pick<Dependencies, 'records' | 'claimWeeks'>,
  apprenticeId: string,
  options: AvailabilityContextOptions = {},
): Promise<AvailabilityContext> => {
  const first = await deps.records.getAllowingCopy([
    { kind: 'apprentice', id: apprenticeId },
    { kind: 'configuration', id: 'availability' },
    { kind: 'group', id: SYSTEM_GROUP_ID },
    ...(options.withUsers ? [{ kind: 'user' as const, id: apprenticeId }] : []),
  ]);
  const apprentice = first.get(`apprentice:${apprenticeId}`) as StoredRecord<ApprenticeInput> | undefined;
  options.authorise?.(apprentice?.data);
  if (!apprentice) throw notFound(`Apprentice ${apprenticeId}`);
  const storedConfiguration = first.get('configuration:availability') as StoredRecord<AvailabilityConfiguration> | undefined;
  const configuration = storedConfiguration ? storedAvailabilityConfiguration(storedConfiguration.data) : defaultAvailabilityConfiguration;

  const standard = await deps.records.getOneAllowingCopy<StandardInput>('standard', apprentice.data.standardId);
  if (!standard) throw notFound(`Standard ${apprentice.data.standardId} of apprentice ${apprenticeId}`);

  const groups = new Map<string, GroupInput>();
  const systemGroup = first.get(`group:${SYSTEM_GROUP_ID}`) as StoredRecord<GroupInput> | undefined;
  if (systemGroup) groups.set(SYSTEM_GROUP_ID, systemGroup.data);
  const source = standard.data.availabilitySource;
  if (source.type === 'group' && source.groupId !== SYSTEM_GROUP_ID) {
    const group = await deps.records.getOneAllowingCopy<GroupInput>('group', source.groupId);
    if (group) groups.set(source.groupId, group.data);
  }

  const candidateIds = new Set<string>();
  if (source.type !== 'apprenticeEpa') {
    const groupId = source.type === 'group' ? source.groupId : SYSTEM_GROUP_ID;
    for (const memberId of groups.get(groupId)?.memberIds ?? []) candidateIds.add(memberId);
  }
  if (source.type !== 'group' && apprentice.data.epaId) candidateIds.add(apprentice.data.epaId);
  const aoContactId = apprentice.data.aoContactId;
  const weeks = options.claimWeeks?.({ standard: standard.data, configuration }) ?? [];
  const [people, claims] = await Promise.all([
    deps.records.getAllowingCopy([
      ...[...candidateIds].flatMap((id) => [{ kind: 'availability' as const, id }, ...(options.withUsers ? [{ kind: 'user' as const, id }] : [])]),
      ...(options.withUsers && aoContactId ? [{ kind: 'user' as const, id: aoContactId }] : []),
    ]),
    weeks.length > 0 && candidateIds.size > 0
      ? deps.claimWeeks.read([...candidateIds].flatMap((epaId) => weeks.map((week) => ({ epaId, week }))))
      : Promise.resolve([]),
  ]);
  const schedules = new Map<string, AvailabilityScheduleInput>();
  const users = new Map<string, StoredRecord<UserInput>>();
  for (const [key, record] of [...first, ...people]) {
    const [kind, id] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)];
    if (kind === 'availability') schedules.set(id, record.data as AvailabilityScheduleInput);
    if (kind === 'user') users.set(id, record as StoredRecord<UserInput>);
  }

  return {
    apprentice: apprentice.data,
    standard: standard.data,
    configuration,
    resolution: resolveAvailabilitySource({ standard: standard.data, apprentice: apprentice.data, groups, schedules }),
    schedules,
    users,
    claims,
  };
};
