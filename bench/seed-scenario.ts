import type { CommunicationConfiguration } from '#domain/communication-configuration.ts';
import { SYSTEM_GROUP_ID, SYSTEM_GROUP_NAME, type ApprenticeInput, type UserInput } from '#domain/directory.ts';
import type { LocalHost } from '#local/local-host.ts';
import { BenchClient, inBatches } from './bench-client.ts';
import type { ReferenceWorkload } from './reference-workload.ts';

export const OWNER_ID = 'bench-owner';
export const STANDARD_ID = 'BENCH0001';
export const benchApprenticeId = (index: number): string => `bench-apprentice-${String(index).padStart(3, '0')}`;
const seededApprenticeId = (index: number): string => `seeded-apprentice-${String(index).padStart(4, '0')}`;

const CONCURRENCY = 8;

/**
 * The reference workload in a local host, written through its API as customers
 * would: the standard, the EPAs with their hours, the system group holding all
 * of them, apprentices, and every busy hour as a confirmed meeting booked
 * directly (each with an apprentice of its own, who may hold one meeting). Only
 * the owner (someone has to be first) and the thousands of apprentices are
 * written through the record repository, as the directory API writes them,
 * without HTTP in between. No availability configuration: the window is now ..
 * now + 1 year.
 */
export const seedScenario = async (host: LocalHost, workload: ReferenceWorkload, benchApprentices: number): Promise<{ meetings: number; seconds: number }> => {
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

  // One EPA's meetings one after another, a few EPAs at a time: seeding never races on a claim week.
  const byEpa = workload.epaIds.map((epaId) => busy.map((meeting, index) => ({ ...meeting, index })).filter((meeting) => meeting.epaId === epaId));
  await inBatches(byEpa, CONCURRENCY, async (meetings) => {
    for (const meeting of meetings) {
      await api.expect(201, 'POST', '/planning-meetings', {
        ...as,
        body: { status: 'confirmed', apprenticeId: seededApprenticeId(meeting.index + 1), epaId: meeting.epaId, start: new Date(meeting.start).toISOString() },
      });
    }
  });
  await host.settle();
  await api.expect(200, 'PUT', '/configuration/notifications', { ...as, body: { ...notifications.body, version: silenced.body.version } });
  await host.settle();
  return { meetings: busy.length, seconds: (performance.now() - started) / 1000 };
};
