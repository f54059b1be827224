import type { CommunicationConfiguration } from '#domain/communication-configuration.ts';
import { SYSTEM_GROUP_ID, SYSTEM_GROUP_NAME, type ApprenticeInput, type UserInput } from '#domain/directory.ts';
import { defaultPermissions, permissionsOf, type Caller } from '#domain/roles.ts';
import type { LocalHost } from '#local/local-host.ts';
import type { Actor } from '#ports/actor.ts';
import { bookPlanningMeeting } from '#use-cases/book-planning-meeting.ts';
import { BookPlanningMeetingInput } from '#use-cases/meeting-inputs.ts';
import { BenchClient, inBatches } from './bench-client.ts';
import type { ReferenceWorkload } from './reference-workload.ts';

export const OWNER_ID = 'bench-owner';
export const STANDARD_ID = 'BENCH0001';
export const benchApprenticeId = (index: number): string => `bench-apprentice-${String(index).padStart(3, '0')}`;
const seededApprenticeId = (index: number): string => `seeded-apprentice-${String(index).padStart(4, '0')}`;

const CONCURRENCY = 8;

/**
 * The reference workload in a local host, written as customers would: through
 * the API the standard, the EPAs with their hours and the system group holding
 * all of them; every busy hour a confirmed meeting booked directly by the
 * booking use case, each with an apprentice of its own (who may hold one
 * meeting). The owner (someone has to be first) and the thousands of
 * apprentices are written through the record repository, as the directory API
 * writes them. No availability configuration: the window is now .. now + 1 year.
 */
export const seedScenario = async (host: LocalHost, workload: ReferenceWorkload, benchApprentices: number): Promise<{ meetings: number; seconds: number; meetingsSeconds: number }> => {
  const started = performance.now();
  const owner: UserInput = { name: 'Bench Owner', email: 'owner@bench.example.org', roles: ['owner'] };
  const write = { by: 'bench-seed', now: workload.now };
  await host.deps.records.put<UserInput>('user', OWNER_ID, owner, write);
  const api = new BenchClient(host);
  const as = { as: OWNER_ID };

  await api.expect(200, 'PUT', `/standards/${STANDARD_ID}`, {
    ...as,
    body: { name: 'Benchmark standard', meetingDurationMinutes: 60, slotIntervalMinutes: 60, availabilitySource: { type: 'default' } },
  });
  await inBatches(workload.epaIds, CONCURRENCY, async (epaId, index) => {
    await api.expect(200, 'PUT', `/users/${epaId}`, { ...as, body: { name: `EPA ${index + 1}`, email: `${epaId}@bench.example.org`, roles: ['epa'] } });
    await api.expect(200, 'PUT', `/users/${epaId}/availability`, { ...as, body: workload.schedule });
  });
  await api.expect(200, 'PUT', `/groups/${SYSTEM_GROUP_ID}`, { ...as, body: { name: SYSTEM_GROUP_NAME, memberIds: workload.epaIds } });

  const busy = [...workload.busy.entries()].flatMap(([epaId, spans]) => spans.map((span) => ({ epaId, start: span.start })));
  const apprentices = [
    ...Array.from({ length: benchApprentices }, (_, index) => benchApprenticeId(index)),
    ...busy.map((_, index) => seededApprenticeId(index + 1)),
  ];
  // Thousands of apprentices: written as the directory API stores them, without HTTP in between.
  await inBatches(apprentices, 20, async (apprenticeId, index) => {
    await host.deps.records.put<UserInput>('user', apprenticeId, { name: `Apprentice ${index + 1}`, email: `${apprenticeId}@bench.example.org`, roles: ['apprentice'] }, write);
    await host.deps.records.put<ApprenticeInput>('apprentice', apprenticeId, { standardId: STANDARD_ID, epaId: null, aoContactId: null }, write);
  });

  // The seeded meetings tell nobody: notifications are off while they are booked, then as they were.
  const notifications = await api.expect<CommunicationConfiguration>(200, 'GET', '/configuration/notifications', as);
  const silent = structuredClone(notifications.body);
  for (const settings of Object.values(silent.types)) settings.enabled = false;
  const silenced = await api.expect<{ version: number }>(200, 'PUT', '/configuration/notifications', { ...as, body: silent });

  // The booking use case itself, without HTTP in between (three thousand requests would be most of the run):
  // one EPA's meetings one after another, a few EPAs at a time, so seeding never races on a claim week.
  const caller: Caller = { userId: OWNER_ID, roles: owner.roles };
  const actor: Actor = { caller, permissions: permissionsOf(caller, defaultPermissions), now: workload.now, deps: host.deps };
  const byEpa = workload.epaIds.map((epaId) => busy.map((meeting, index) => ({ ...meeting, index })).filter((meeting) => meeting.epaId === epaId));
  const meetingsStarted = performance.now();
  await inBatches(byEpa, CONCURRENCY, async (meetings) => {
    for (const meeting of meetings) {
      const input = BookPlanningMeetingInput.parse({ status: 'confirmed', apprenticeId: seededApprenticeId(meeting.index + 1), epaId: meeting.epaId, start: new Date(meeting.start).toISOString() });
      await bookPlanningMeeting(actor, input, undefined);
    }
  });
  await host.settle();
  const meetingsSeconds = (performance.now() - meetingsStarted) / 1000;
  await api.expect(200, 'PUT', '/configuration/notifications', { ...as, body: { ...notifications.body, version: silenced.body.version } });
  return { meetings: busy.length, seconds: (performance.now() - started) / 1000, meetingsSeconds };
};
