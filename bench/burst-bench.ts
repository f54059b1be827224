import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DateTime } from 'luxon';
import type { CommunicationConfiguration } from '#domain/communication-configuration.ts';
import { SYSTEM_GROUP_ID, SYSTEM_GROUP_NAME, type ApprenticeInput, type UserInput } from '#domain/directory.ts';
import type { LocalHost } from '#local/local-host.ts';
import { BenchClient, inBatches, type Answer } from './bench-client.ts';
import { itemSize, writeUnits } from './item-size.ts';
import { median } from './stats.ts';

/**
 * A cohort told "booking opens at 9:00": every provisional booking sent at once.
 * Three EPAs of the system group work Monday to Friday 08:00–19:00 London over two
 * weeks, so 110 hour-long slot starts and 330 EPA-slots; request i asks for start
 * i mod 110, so no start is asked for by more apprentices than it has EPAs. Every
 * request could be booked; a refusal is false when its start is still offered
 * afterwards (an EPA was still free for it).
 */
export const BURST_REQUESTS = 300;
const EPAS = ['burst-epa-1', 'burst-epa-2', 'burst-epa-3'];
const ZONE = 'Europe/London';
const FIRST_DAY = '2027-03-08';
const OWNER = 'burst-owner';
const STANDARD = 'BURST0001';
const apprenticeId = (index: number): string => `burst-apprentice-${String(index).padStart(3, '0')}`;

export interface BurstFigures {
  requests: number;
  booked: number;
  /** Refused while the start was still offered afterwards. */
  falseRefusals: number;
  /** Refused, and the start was indeed full afterwards. */
  trueRefusals: number;
  /** Answers by status and code, e.g. `409 SLOT_UNAVAILABLE`. */
  answers: Map<string, number>;
  transactionsAttempted: number;
  transactionsRejected: number;
  /** Per booked request: the transactions it sent, its own winning one included. */
  transactionsPerBooking: number[];
  /** Every DynamoDB call of the burst, by command. */
  calls: Map<string, number>;
  /** Read units the store answered for every read of the burst. */
  rcu: number;
  /** Table write units of the transactions that committed, from their items' sizes (two per KB of each item). */
  wcu: number;
  /** Two meetings of one EPA at overlapping times, in the table afterwards. */
  overlaps: number;
  /** Meetings in the table, by the EPA index, against the bookings answered 201. */
  storedMeetings: number;
  wallMs: number;
  freeEpaSlots: number;
  /** Times the local host's SDK client had all its sockets busy. */
  socketWaits: number;
}

const weekdaysOf = (first: string, weeks: number): DateTime[] => {
  const days: DateTime[] = [];
  for (let day = DateTime.fromISO(first, { zone: ZONE }); days.length < weeks * 5; day = day.plus({ days: 1 })) if (day.weekday <= 5) days.push(day);
  return days;
};

/** The apprentice whose active-meeting marker a booking's transaction writes: whose attempt it was. */
const bookerOf = (input: { TransactItems?: Array<Record<string, { Item?: Record<string, unknown>; Key?: Record<string, unknown> }>> }): string | undefined => {
  for (const action of input.TransactItems ?? []) {
    const item = action.Put?.Item;
    if (item?.sk === 'ACTIVE-MEETING' && typeof item.pk === 'string') return item.pk.slice('APPRENTICE#'.length);
  }
  return undefined;
};

export const benchBurst = async (host: LocalHost, now: number): Promise<BurstFigures> => {
  const by = { by: 'bench-burst', now };
  const { records } = host.deps;
  await records.put<UserInput>('user', OWNER, { name: 'Burst Owner', email: 'owner@burst.example.org', roles: ['owner'] }, by);
  const hours = [{ start: '08:00', end: '19:00' }];
  for (const epaId of EPAS) {
    await records.put<UserInput>('user', epaId, { name: epaId, email: `${epaId}@burst.example.org`, roles: ['epa'] }, by);
    await records.put('availability', epaId, { timeZone: ZONE, weekly: { mon: hours, tue: hours, wed: hours, thu: hours, fri: hours, sat: [], sun: [] }, overrides: [], maxMeetingsPerDay: null }, by);
  }
  await records.put('group', SYSTEM_GROUP_ID, { name: SYSTEM_GROUP_NAME, memberIds: EPAS }, by);
  await records.put('standard', STANDARD, { name: 'Burst standard', meetingDurationMinutes: 60, slotIntervalMinutes: 60, availabilitySource: { type: 'default' } }, by);
  // One more apprentice than requests: it lists the slots afterwards.
  const apprentices = Array.from({ length: BURST_REQUESTS + 1 }, (_, index) => apprenticeId(index));
  await inBatches(apprentices, 20, async (id) => {
    await records.put<UserInput>('user', id, { name: id, email: `${id}@burst.example.org`, roles: ['apprentice'] }, by);
    await records.put<ApprenticeInput>('apprentice', id, { standardId: STANDARD, epaId: null, aoContactId: null }, by);
  });

  const api = new BenchClient(host);
  const owner = { as: OWNER };
  // Nobody is told: 300 invites would be most of the machine's work, and not the point here.
  const notifications = await api.expect<CommunicationConfiguration>(200, 'GET', '/configuration/notifications', owner);
  const silent = structuredClone(notifications.body);
  for (const settings of Object.values(silent.types)) settings.enabled = false;
  await api.expect(200, 'PUT', '/configuration/notifications', { ...owner, body: silent });
  for (const id of apprentices) await api.token(id);

  const starts = weekdaysOf(FIRST_DAY, 2).flatMap((day) => Array.from({ length: 11 }, (_, hour) => day.set({ hour: 8 + hour }).toUTC().toISO({ suppressMilliseconds: true })!));
  const lister = apprentices[BURST_REQUESTS]!;
  const listing = async (): Promise<Set<string>> => {
    const to = DateTime.fromISO(FIRST_DAY, { zone: ZONE }).plus({ days: 11 }).toISODate();
    const answer = await api.expect<{ slots: Array<{ start: string }> }>(200, 'GET', `/apprentices/${lister}/planning-meeting-slots?from=${FIRST_DAY}&to=${to}`, { as: lister });
    return new Set(answer.body.slots.map((slot) => slot.start));
  };
  const offeredBefore = await listing();
  if (starts.some((start) => !offeredBefore.has(start))) throw new Error('burst: not every start is offered before the burst');

  // Every transaction of the burst, by the apprentice whose booking sent it.
  const transactions = new Map<string, number>();
  const calls = new Map<string, number>();
  let attempted = 0;
  let rejected = 0;
  let rcu = 0;
  let wcu = 0;
  const reads = new Set(['GetItem', 'BatchGetItem', 'Query']);
  const middleware = 'benchBurstMeter';
  host.table.documents.middlewareStack.add(
    (next, context) => async (args) => {
      const command = (context.commandName ?? 'unknown').replace(/Command$/, '');
      calls.set(command, (calls.get(command) ?? 0) + 1);
      if (reads.has(command)) {
        const result = await next({ ...args, input: { ...(args.input as object), ReturnConsumedCapacity: 'TOTAL' } });
        const consumed = (result.output as { ConsumedCapacity?: { CapacityUnits?: number } | Array<{ CapacityUnits?: number }> }).ConsumedCapacity;
        for (const entry of Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) rcu += entry.CapacityUnits ?? 0;
        return result;
      }
      if (command !== 'TransactWriteItems') return next(args);
      const booker = bookerOf(args.input as never);
      if (booker !== undefined) transactions.set(booker, (transactions.get(booker) ?? 0) + 1);
      attempted += 1;
      try {
        const result = await next(args);
        for (const action of (args.input as { TransactItems?: Array<{ Put?: { Item: Record<string, unknown> }; Delete?: unknown }> }).TransactItems ?? []) {
          if (action.Put) wcu += writeUnits(itemSize(action.Put.Item), true);
          else if (action.Delete) wcu += writeUnits(0, true);
        }
        return result;
      } catch (error) {
        if (error instanceof TransactionCanceledException) rejected += 1;
        throw error;
      }
    },
    { step: 'initialize', name: middleware },
  );

  // The local host serves every request through one SDK client of 50 sockets, which warns for each
  // wait; in AWS each container sends its own few calls. Counted, not printed.
  const warn = console.warn;
  let socketWaits = 0;
  console.warn = (...args: unknown[]) => {
    if (String(args[0]).includes('socket usage at capacity')) socketWaits += 1;
    else warn(...args);
  };
  const started = performance.now();
  let answers: Array<Answer<{ code?: string; epaId?: string }>>;
  try {
    answers = await Promise.all(
      apprentices.slice(0, BURST_REQUESTS).map((id, index) =>
        api.send<{ code?: string; epaId?: string }>('POST', '/planning-meetings', {
          as: id,
          body: { apprenticeId: id, start: starts[index % starts.length], status: 'provisional' },
          timeoutMs: 180_000,
        }),
      ),
    );
  } finally {
    host.table.documents.middlewareStack.remove(middleware);
    console.warn = warn;
  }
  const wallMs = performance.now() - started;
  await host.settle();

  const offeredAfter = await listing();
  const figures: BurstFigures = {
    requests: BURST_REQUESTS,
    booked: 0,
    falseRefusals: 0,
    trueRefusals: 0,
    answers: new Map(),
    transactionsAttempted: attempted,
    transactionsRejected: rejected,
    transactionsPerBooking: [],
    calls,
    rcu,
    wcu,
    overlaps: 0,
    storedMeetings: 0,
    wallMs,
    freeEpaSlots: starts.length * EPAS.length,
    socketWaits,
  };
  answers.forEach((answer, index) => {
    const label = answer.status === 201 ? '201' : `${answer.status} ${answer.body?.code ?? ''}`.trim();
    figures.answers.set(label, (figures.answers.get(label) ?? 0) + 1);
    if (answer.status === 201) {
      figures.booked += 1;
      figures.transactionsPerBooking.push(transactions.get(apprentices[index]!) ?? 0);
    } else if (offeredAfter.has(starts[index % starts.length]!)) figures.falseRefusals += 1;
    else figures.trueRefusals += 1;
  });

  // What the table holds, by the EPA index: never two meetings of one EPA at once.
  for (const epaId of EPAS) {
    const { items } = await host.deps.meetings.list('gsi2', `EPA#${epaId}`, {}, { limit: 1000, statuses: ['provisional', 'confirmed'] });
    figures.storedMeetings += items.length;
    const spans = items.map((meeting) => ({ start: Date.parse(meeting.start), end: Date.parse(meeting.end) })).sort((a, b) => a.start - b.start);
    spans.forEach((span, index) => {
      if (index > 0 && span.start < spans[index - 1]!.end) figures.overlaps += 1;
    });
  }
  return figures;
};

export const burstMedian = (figures: BurstFigures): number => median(figures.transactionsPerBooking);
