import type { AvailabilityScheduleInput } from '#domain/availability-schedule.ts';
import { resolveAvailabilitySource, type SourceResolution } from '#domain/availability-source.ts';
import { AvailabilityConfiguration, defaultAvailabilityConfiguration, storedAvailabilityConfiguration } from '#domain/configuration.ts';
import { SYSTEM_GROUP_ID, type ApprenticeInput, type GroupInput, type StandardInput, type UserInput } from '#domain/directory.ts';
import { notFound } from '#domain/errors.ts';
import type { EpaClaim } from '#domain/time-claims.ts';
import type { RecordKind } from '#domain/record-kinds.ts';
import type { StoredRecord } from '#ports/record-store.ts';
import type { Dependencies } from '#ports/dependencies.ts';

export interface AvailabilityContext {
  apprentice: ApprenticeInput;
  standard: StandardInput;
  configuration: AvailabilityConfiguration;
  resolution: SourceResolution;
  /** Schedules of the candidates (the resources, and every candidate the source looked at). */
  schedules: Map<string, AvailabilityScheduleInput>;
  /** With `withUsers`: the directory records of the apprentice, the AO contact and every candidate. */
  users: Map<string, StoredRecord<UserInput>>;
  /** With `claimsBetween`: every claim the candidates hold on the dates of that range, read consistently. */
  claims: EpaClaim[];
}

type Wanted = { kind: RecordKind; id: string };

interface AvailabilityContextOptions {
  /** Also read the people who would attend: the apprentice, the AO contact, every candidate. */
  withUsers?: boolean;
  /**
   * The instants whose claims to read for every candidate (`ClaimRepository.readBetween`),
   * once the organisation's configuration is known: it must not need the standard, so
   * that the claims can be read before the standard is (see below).
   */
  claimsBetween?: (known: { configuration: AvailabilityConfiguration }) => { start: number; end: number };
  /** Called with the apprentice's record as soon as it is read, before anything else is: the caller's authorisation. */
  /** Runs before an unknown apprentice is a 404, so that a caller who may not book for an id learns nothing of whether it exists. */
  authorise?: (apprentice: ApprenticeInput | undefined) => void;
}

/**
 * Everything the slot engine and the booking need to know about an apprentice's
 * availability, in two sequential round trips: (1) the apprentice (and their directory
 * user), with the availability configuration and the system group; (2) every
 * candidate's schedule (and directory user) beside their claims, sent at once.
 *
 * The configuration, the standard and the groups come from this process's five-second
 * copy when it holds them (decision 0005). When it does not hold the standard (a new
 * Lambda container, a quiet customer), the standard is read in the second round trip,
 * with the schedules and claims of the candidates it most likely names: the system
 * group's members and the apprentice's EPA, which are the candidates of the `default`
 * and `apprenticeEpa` sources and of a `group` source naming the system group. So a
 * cold listing or booking costs no round trip more than a warm one. Only a standard
 * whose source is another group costs more, cold: that group (unless held), then its
 * members' schedules and claims; and the system group's members were read for nothing.
 */
export const loadAvailabilityContext = async (
  deps: Pick<Dependencies, 'records' | 'claims'>,
  apprenticeId: string,
  options: AvailabilityContextOptions = {},
): Promise<AvailabilityContext> => {
  const records = await deps.records.readAllowingCopy([
    { kind: 'apprentice', id: apprenticeId },
    { kind: 'configuration', id: 'availability' },
    { kind: 'group', id: SYSTEM_GROUP_ID },
    ...(options.withUsers ? [{ kind: 'user' as const, id: apprenticeId }] : []),
  ]);
  const apprentice = records.of('apprentice', apprenticeId);
  options.authorise?.(apprentice?.data);
  if (!apprentice) throw notFound(`Apprentice ${apprenticeId}`);
  const storedConfiguration = records.configuration('availability');
  const configuration = storedConfiguration ? storedAvailabilityConfiguration(storedConfiguration.data) : defaultAvailabilityConfiguration;
  const systemGroup = records.of('group', SYSTEM_GROUP_ID);
  const range = options.claimsBetween?.({ configuration });

  // Candidates whose schedules (and users) and claims have been read, and those claims.
  const readFor = new Set<string>();
  const claims: EpaClaim[] = [];
  const aoContact: Wanted[] = options.withUsers && apprentice.data.aoContactId ? [{ kind: 'user', id: apprentice.data.aoContactId }] : [];
  const readCandidates = async (ids: Iterable<string>, alsoRead: readonly Wanted[]): Promise<void> => {
    const fresh = [...new Set(ids)].filter((id) => !readFor.has(id));
    for (const id of fresh) readFor.add(id);
    if (fresh.length === 0 && alsoRead.length === 0) return;
    const [found, claimed] = await Promise.all([
      deps.records.readAllowingCopy([
        ...alsoRead,
        ...fresh.flatMap((id): Wanted[] => [{ kind: 'availability', id }, ...(options.withUsers ? [{ kind: 'user' as const, id }] : [])]),
      ]),
      range && fresh.length > 0 ? deps.claims.readBetween(fresh, range.start, range.end) : Promise.resolve([]),
    ]);
    records.add(found);
    claims.push(...claimed);
  };

  const standardWanted: Wanted = { kind: 'standard', id: apprentice.data.standardId };
  let peopleStillToRead = aoContact;
  if (!deps.records.heldCopies([standardWanted]).has(`standard:${standardWanted.id}`)) {
    // Cold: the standard beside the candidates it most likely names (see above).
    const likely = [...(systemGroup?.data.memberIds ?? []), ...(apprentice.data.epaId ? [apprentice.data.epaId] : [])];
    await readCandidates(likely, [standardWanted, ...aoContact]);
    peopleStillToRead = [];
  }
  // Held now, or just read: no round trip unless a write dropped the copy in between.
  const standard = await deps.records.standard(apprentice.data.standardId);
  if (!standard) throw notFound(`Standard ${apprentice.data.standardId} of apprentice ${apprenticeId}`);

  const groups = new Map<string, GroupInput>();
  if (systemGroup) groups.set(SYSTEM_GROUP_ID, systemGroup.data);
  const source = standard.data.availabilitySource;
  if (source.type === 'group' && source.groupId !== SYSTEM_GROUP_ID) {
    const group = await deps.records.group(source.groupId);
    if (group) groups.set(source.groupId, group.data);
  }

  const candidateIds = new Set<string>();
  if (source.type !== 'apprenticeEpa') {
    const groupId = source.type === 'group' ? source.groupId : SYSTEM_GROUP_ID;
    for (const memberId of groups.get(groupId)?.memberIds ?? []) candidateIds.add(memberId);
  }
  if (source.type !== 'group' && apprentice.data.epaId) candidateIds.add(apprentice.data.epaId);
  await readCandidates(candidateIds, peopleStillToRead);

  const schedules = new Map<string, AvailabilityScheduleInput>();
  const users = new Map<string, StoredRecord<UserInput>>();
  for (const [id, record] of records.allOf('availability')) if (candidateIds.has(id)) schedules.set(id, record.data);
  for (const [id, record] of records.allOf('user')) if (candidateIds.has(id) || id === apprenticeId || id === apprentice.data.aoContactId) users.set(id, record);

  return {
    apprentice: apprentice.data,
    standard: standard.data,
    configuration,
    resolution: resolveAvailabilitySource({ standard: standard.data, apprentice: apprentice.data, groups, schedules }),
    schedules,
    users,
    claims: claims.filter((claim) => candidateIds.has(claim.epaId)),
  };
};
