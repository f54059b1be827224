import { DateTime } from 'luxon';
import { computeSlots, type Slot } from '#domain/slot-engine.ts';
import type { LocalHost } from '#local/local-host.ts';
import { BenchClient, type Answer } from './bench-client.ts';
import type { DynamoDbMeter, OperationCalls } from './dynamodb-meter.ts';
import type { ReferenceWorkload } from './reference-workload.ts';
import { OWNER_ID, benchApprenticeId } from './seed-scenario.ts';

/** One operation, run a few times one at a time: what each run asked of DynamoDB, and how long it took locally. */
export interface OperationRuns {
  operation: string;
  calls: OperationCalls[];
  latencies: number[];
  /** The most sequential round trips the issue allows, where it sets one. */
  maxRoundTrips?: number;
}

export interface OperationsFigures {
  operations: OperationRuns[];
  /** Whether the slots endpoint offered exactly what the slot engine finds in process for the seeded data. */
  slotsMatchEngine: boolean;
  offeredSlots: number;
}

/** How many apprentices the operations need: one lists slots, the rest book (ten for each batch). */
export const apprenticesNeeded = (runs: number): number => 1 + runs * 12;

interface Meeting {
  id: string;
  version: number;
  epaId: string;
  start: string;
}

const isoOf = (millis: number): string => new Date(millis).toISOString().replace('.000Z', 'Z');

/**
 * The operations of the issue through the local host's HTTP API, each `runs`
 * times, one request at a time, with the events pipeline settled before each (in
 * AWS it is other functions). Every booking the bench makes takes a start of
 * its own, where the slot engine sees EPAs free, so none competes with another.
 */
export const benchOperations = async (host: LocalHost, workload: ReferenceWorkload, meter: DynamoDbMeter, runs: number): Promise<OperationsFigures> => {
  const api = new BenchClient(host);
  const owner = { as: OWNER_ID };
  await api.token(OWNER_ID);
  let nextApprentice = 0;
  const apprentice = (): string => benchApprenticeId(nextApprentice++);

  // Starts spread over the range, each with several EPAs free.
  const engineSlots = computeSlots(workload.query);
  const pool: Slot[] = [];
  const candidates = engineSlots.filter((slot) => slot.freeResourceIds.length >= 10);
  const needed = runs * 14;
  const stride = Math.max(1, Math.floor(candidates.length / needed));
  for (let index = 0; index < candidates.length && pool.length < needed; index += stride) pool.push(candidates[index]!);
  const takeStart = (epaId?: string): Slot => {
    const index = epaId === undefined ? 0 : pool.findIndex((slot) => slot.freeResourceIds.includes(epaId));
    if (index < 0) throw new Error(`no start left where ${epaId} is free`);
    return pool.splice(index, 1)[0]!;
  };

  const operations: OperationRuns[] = [];
  const run = async (operation: string, prepare: (index: number) => Promise<() => Promise<Answer>>, maxRoundTrips?: number): Promise<Answer[]> => {
    const entry: OperationRuns = { operation, calls: [], latencies: [], ...(maxRoundTrips === undefined ? {} : { maxRoundTrips }) };
    operations.push(entry);
    const answers: Answer[] = [];
    for (let index = 0; index < runs; index += 1) {
      const request = await prepare(index);
      await host.settle();
      const { value, calls } = await meter.measure(request, () => host.settle());
      entry.calls.push(calls);
      entry.latencies.push(value.ms);
      answers.push(value);
    }
    return answers;
  };
  const expectStatus = (expected: number, answer: Answer, what: string): Answer => {
    if (answer.status !== expected) throw new Error(`${what} answered ${answer.status}, not ${expected}: ${JSON.stringify(answer.body).slice(0, 400)}`);
    return answer;
  };

  // Slots for the whole range, as the first apprentice sees them.
  const slotsApprentice = apprentice();
  const slotsPath = `/apprentices/${slotsApprentice}/planning-meeting-slots?from=${workload.from}&to=${workload.to}`;
  await api.token(slotsApprentice);
  const slotsAnswers = await run(
    'slots, 50 EPAs, 93 days',
    async () => async () => expectStatus(200, await api.send('GET', slotsPath, { as: slotsApprentice }), 'slots'),
    3,
  );
  const offered = (slotsAnswers[0]!.body as { slots: Array<{ start: string }> }).slots;
  const slotsMatchEngine = offered.length === engineSlots.length && offered.every((slot, index) => Date.parse(slot.start) === engineSlots[index]!.start);

  const provisional: Meeting[] = [];
  await run(
    'provisional booking',
    async () => {
      const apprenticeId = apprentice();
      await api.token(apprenticeId);
      const { start } = takeStart();
      return async () => {
        const answer = expectStatus(201, await api.send('POST', '/planning-meetings', { as: apprenticeId, body: { status: 'provisional', apprenticeId, start: isoOf(start) } }), 'provisional booking');
        provisional.push(answer.body as Meeting);
        return answer;
      };
    },
    3,
  );

  const direct: Meeting[] = [];
  await run(
    'direct booking',
    async () => {
      const apprenticeId = apprentice();
      const slot = takeStart();
      const epaId = slot.freeResourceIds[0]!;
      return async () => {
        const answer = expectStatus(201, await api.send('POST', '/planning-meetings', { ...owner, body: { status: 'confirmed', apprenticeId, epaId, start: isoOf(slot.start) } }), 'direct booking');
        direct.push(answer.body as Meeting);
        return answer;
      };
    },
    3,
  );

  await run('approve', async (index) => {
    const meeting = provisional[index]!;
    return async () =>
      expectStatus(200, await api.send('POST', `/planning-meetings/${meeting.id}/approve`, { ...owner, body: {}, headers: { 'if-match': `"${meeting.version}"` } }), 'approve');
  });

  await run('reschedule', async (index) => {
    const meeting = direct[index]!;
    const { start } = takeStart(meeting.epaId);
    return async () =>
      expectStatus(200, await api.send('PATCH', `/planning-meetings/${meeting.id}`, { ...owner, body: { start: isoOf(start) }, headers: { 'if-match': `"${meeting.version}"` } }), 'reschedule');
  });

  const fortnight = DateTime.fromISO(workload.from, { zone: workload.zone }).plus({ weeks: 1 });
  const capacityPath = `/capacity?from=${fortnight.toISODate()}&to=${fortnight.plus({ days: 13 }).toISODate()}`;
  await run('capacity view, 2 weeks', async () => async () => expectStatus(200, await api.send('GET', capacityPath, owner), 'capacity view'));

  await run('capacity batch of 10 approvals', async () => {
    // Ten provisional meetings to approve, booked before the clock starts.
    const items: Array<{ action: 'approve'; meetingId: string; ifVersion: number }> = [];
    for (let count = 0; count < 10; count += 1) {
      const apprenticeId = apprentice();
      const { start } = takeStart();
      const answer = await api.expect<Meeting>(201, 'POST', '/planning-meetings', { as: apprenticeId, body: { status: 'provisional', apprenticeId, start: isoOf(start) } });
      items.push({ action: 'approve', meetingId: answer.body.id, ifVersion: answer.body.version });
    }
    return async () => {
      const answer = expectStatus(200, await api.send('POST', '/capacity/changes', { ...owner, body: { items } }), 'capacity batch');
      const refused = (answer.body as { results: Array<{ status: number }> }).results.filter((result) => result.status !== 200);
      if (refused.length > 0) throw new Error(`capacity batch: ${refused.length} of 10 not approved: ${JSON.stringify(refused).slice(0, 400)}`);
      return answer;
    };
  });

  return { operations, slotsMatchEngine, offeredSlots: offered.length };
};
