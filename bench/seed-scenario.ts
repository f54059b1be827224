import { AvailabilityScheduleInput } from '#domain/availability-schedule.ts';
import { SYSTEM_GROUP_ID, SYSTEM_GROUP_NAME, StandardInput, type ApprenticeInput, type UserInput } from '#domain/directory.ts';
import type { PlanningMeeting } from '#domain/planning-meeting.ts';
import { toUtcIso } from '#domain/primitives.ts';
import { claimWeeksFor } from '#domain/time-claims.ts';
import { MeetingWriteConflict } from '#store/meetings.ts';
import { claimWrites } from '#use-cases/meeting-writes.ts';
import type { LocalHost } from '#local/local-host.ts';
import type { GroupScenario } from '../test/support/availability-fixtures.ts';

export const OWNER_ID = 'bench-owner';
export const STANDARD_ID = 'BENCH0001';
export const SLOTS_APPRENTICE_ID = 'bench-apprentice-000';
export const bookingApprenticeId = (index: number): string => `bench-apprentice-${String(index + 1).padStart(3, '0')}`;

const SEED_BY = 'bench-seed';

/** Runs `work` over `items` with at most `concurrency` in flight. */
export const inBatches = async <T>(items: readonly T[], concurrency: number, work: (item: T, index: number) => Promise<void>): Promise<void> => {
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let index = next++; index < items.length; index = next++) await work(items[index]!, index);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
};

/**
 * The directory of the scenario, written through the record repository as the
 * API would store it: the EPAs with their schedules, the system group holding
 * all of them, one standard on the default source, the owner, and apprentices.
 * No availability configuration is written: the window is now .. now + 1 year.
 */
export const seedDirectory = async (host: LocalHost, scenario: GroupScenario, now: number, bookingApprentices: number): Promise<void> => {
  const { records } = host.deps;
  const write = { by: SEED_BY, now };
  const epaIds = scenario.resources.map((resource) => resource.id);

  await records.put<UserInput>('user', OWNER_ID, { name: 'Bench Owner', email: 'owner@bench.example.org', roles: ['owner'] }, write);
  await records.put<StandardInput>(
    'standard',
    STANDARD_ID,
    StandardInput.parse({ name: 'Benchmark standard', meetingDurationMinutes: 60, slotIntervalMinutes: 60, availabilitySource: { type: 'default' } }),
    write,
  );
  await inBatches(scenario.resources, 20, async (resource, index) => {
    await records.put<UserInput>('user', resource.id, { name: `EPA ${index + 1}`, email: `${resource.id}@bench.example.org`, roles: ['epa'] }, write);
    await records.put<AvailabilityScheduleInput>('availability', resource.id, AvailabilityScheduleInput.parse(resource.schedule), write);
  });
  await records.put('group', SYSTEM_GROUP_ID, { name: SYSTEM_GROUP_NAME, memberIds: epaIds }, write);

  const apprenticeIds = [SLOTS_APPRENTICE_ID, ...Array.from({ length: bookingApprentices }, (_, index) => bookingApprenticeId(index))];
  await inBatches(apprenticeIds, 20, async (id, index) => {
    await records.put<UserInput>('user', id, { name: `Apprentice ${index}`, email: `${id}@bench.example.org`, roles: ['apprentice'] }, write);
    await records.put<ApprenticeInput>('apprentice', id, { standardId: STANDARD_ID, epaId: null, aoContactId: null }, write);
  });
};

/**
 * The scenario's busy intervals as real confirmed meetings, written like the
 * direct booking writes them (meeting, claim days, claims, the apprentice's
 * active-meeting marker) but with no history or events. Each EPA's meetings are
 * written one after another and 20 EPAs at a time, so seeding never races on a
 * claim day. Every meeting has its own (record-less) apprentice.
 */
export const seedMeetings = async (host: LocalHost, scenario: GroupScenario, now: number): Promise<number> => {
  const { meetings, claimWeeks: claimWeekStore } = host.deps;
  const stamp = toUtcIso(now);
  let written = 0;
  await inBatches(scenario.resources, 20, async (resource) => {
    for (const busy of resource.busy) {
      written += 1;
      const number = String(written).padStart(4, '0');
      const apprenticeId = `seeded-apprentice-${number}`;
      const meeting: PlanningMeeting = {
        id: `seeded-meeting-${number}`,
        apprenticeId,
        standardId: STANDARD_ID,
        epaId: resource.id,
        start: toUtcIso(busy.start),
        end: toUtcIso(busy.end),
        status: 'confirmed',
        version: 1,
        attendees: [
          { id: `${number}-a`, kind: 'user', userId: apprenticeId, role: 'apprentice', name: `Seeded apprentice ${number}`, email: `${apprenticeId}@bench.example.org` },
          { id: `${number}-e`, kind: 'user', userId: resource.id, role: 'epa', name: resource.id, email: `${resource.id}@bench.example.org` },
        ],
        location: null,
        notes: null,
        createdAt: stamp,
        createdBy: OWNER_ID,
        updatedAt: stamp,
        updatedBy: OWNER_ID,
      };
      const claimWeeks = claimWeeksFor(busy.start, busy.end, resource.schedule.timeZone);
      for (let attempt = 0; ; attempt += 1) {
        const claims = await claimWeekStore.read(claimWeeks.map((week) => ({ epaId: resource.id, week })));
        try {
          await meetings.commit({
            meeting,
            claimWeeks,
            expectedVersion: 0,
            claims: claimWrites(claims, meeting, true),
            activeMeeting: { apprenticeId, action: 'claim' },
            history: [],
            events: [],
          });
          break;
        } catch (error) {
          if (!(error instanceof MeetingWriteConflict) || attempt >= 3) throw error;
        }
      }
    }
  });
  return written;
};
