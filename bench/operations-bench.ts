import { DateTime } from 'luxon';
import { computeSlots, type Slot } from '#domain/slot-engine.ts';
import type { LocalHost } from '#local/local-host.ts';
import { RecordRepository } from '#store/record-repository.ts';
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
  /**
   * Warm: this process holds its five-second copies of the configuration (permissions,
   * availability configuration, standard, groups; decision 0005). Cold: it holds
   * none, as in a new Lambda container or after 5 quiet seconds.
   */
  copies: 'warm' | 'cold';
}

export interface OperationsFigures {
  operations: OperationRuns[];
  /** Whether the slots endpoint offered exactly what the slot engine finds in process for the seeded data. */
  slotsMatchEngine: boolean;
  offeredSlots: number;
}

/** How many apprentices the operations need: one lists slots, the rest book (ten for each batch), warm and cold. */
export const apprenticesNeeded = (runs: number): number => 1 + runs * 24;

/** Long enough that the warm runs never find a copy expired; a cold run gets a repository holding nothing. */
const WARM_COPY_MS = 3_600_000;

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
  const needed = runs * 28;
  const stride = Math.max(1, Math.floor(candidates.length / needed));
  for (let index = 0; index < candidates.length && pool.length < needed; index += stride) pool.push(candidates[index]!);
  const takeStart = (epaId?: string): Slot => {
    const index = epaId === undefined ? 0 : pool.findIndex((slot) => slot.freeResourceIds.includes(epaId));
    if (index < 0) throw new Error(`no start left where ${epaId} is free`);
    return pool.splice(index, 1)[0]!;
  };

  const operations: OperationRuns[] = [];
  const warmRecords = new RecordRepository(host.table, { configurationCopyMs: WARM_COPY_MS });
  /**
   * Each operation `runs` times warm, then `runs` times cold (`prepare` gets 0 .. 2 × runs − 1).
   * `maxRoundTrips` are the limits the issue sets, warm and cold, where it sets one.
   */
  const run = async (
    operation: string,
    prepare: (index: number) => Promise<() => Promise<Answer>>,
    maxRoundTrips: { warm?: number; cold?: number } = {},
  ): Promise<Answer[]> => {
    const answers: Answer[] = [];
    for (const copies of ['warm', 'cold'] as const) {
      const limit = maxRoundTrips[copies];
      const entry: OperationRuns = { operation, copies, calls: [], latencies: [], ...(limit === undefined ? {} : { maxRoundTrips: limit }) };
      operations.push(entry);
      for (let index = 0; index < runs; index += 1) {
        const request = await prepare(answers.length);
        await host.settle();
        host.deps.records = copies === 'warm' ? warmRecords : new RecordRepository(host.table);
        const { value, calls } = await meter.measure(request, () => host.settle());
        entry.calls.push(calls);
        entry.latencies.push(value.ms - calls.meterMs);
        answers.push(value);
      }
    }
    host.deps.records = warmRecords;
    return answers;
  };
  const expectStatus = (expected: number, answer: Answer, what: string): Answer => {
    if (answer.status !== expected) throw new Error(`${what} answered ${answer.status}, not ${expected}: ${JSON.stringify(answer.body).slice(0, 400)}`);
    return answer;
  };

  // Slots for the whole range, as the first apprentice sees them; one untimed listing first holds the warm copies.
  const slotsApprentice = apprentice();
  const slotsPath = `/apprentices/${slotsApprentice}/planning-meeting-slots?from=${workload.from}&to=${workload.to}`;
  await api.token(slotsApprentice);
  host.deps.records = warmRecords;
  expectStatus(200, await api.send('GET', slotsPath, { as: slotsApprentice }), 'slots');
  const weekFrom = DateTime.fromISO(workload.from, { zone: workload.zone }).plus({ weeks: 2 });
  const weekPath = `/apprentices/${slotsApprentice}/planning-meeting-slots?from=${weekFrom.toISODate()}&to=${weekFrom.plus({ days: 4 }).toISODate()}`;
  await run('slots, 50 EPAs, one week', async () => async () => expectStatus(200, await api.send('GET', weekPath, { as: slotsApprentice }), 'slots'), { warm: 2, cold: 3 });
  const slotsAnswers = await run(
    'slots, 50 EPAs, 93 days',
    async () => async () => expectStatus(200, await api.send('GET', slotsPath, { as: slotsApprentice }), 'slots'),
    { warm: 2, cold: 3 },
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
    { warm: 3, cold: 4 },
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
    { warm: 3 },
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
