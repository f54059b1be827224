import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { ApprenticeInput, StandardInput, UserInput } from '#domain/directory.ts';
import type { GatewayStatus } from '#domain/gateway.ts';
import type { LocalHost } from '#local/local-host.ts';
import { itemsOfNewRecords } from '#store/directory-listings.ts';
import { activeMeetingIndexKeys, activeMeetingKey } from '#store/keys.ts';
import { RecordRepository } from '#store/record-repository.ts';
import { BenchClient, type Answer } from './bench-client.ts';
import type { DynamoDbMeter, OperationCalls } from './dynamodb-meter.ts';
import { mulberry32 } from './seeded-random.ts';

/** The organisation of the listing's figures: 10,000 apprentices, 50 EPAs, one provider linked to 200 of them. */
export const LISTING_APPRENTICES = 10_000;
const EPAS = 50;
const PROVIDER_LINKS = 200;
/** Apprentices with a provisional or a confirmed meeting: 4 % each. */
const WITH_MEETING = 0.08;

const OWNER = 'listing-owner';
const PROVIDER = 'listing-provider';
const STANDARD = 'LIST0001';

const FIRST_NAMES = [
  'Aaliyah', 'Adam', 'Aisha', 'Alfie', 'Amelia', 'Archie', 'Ava', 'Ben', 'Charlie', 'Chloe', 'Daniel', 'Ella', 'Emily', 'Ethan', 'Freya', 'George',
  'Grace', 'Harry', 'Isla', 'Jack', 'James', 'Jasmine', 'Joshua', 'Leo', 'Lily', 'Mia', 'Mohammed', 'Noah', 'Olivia', 'Oscar', 'Priya', 'Rosie',
  'Ruby', 'Samuel', 'Sofia', 'Thomas', 'Wiktoria', 'William', 'Yusuf', 'Zara',
];
const SURNAMES = [
  'Adams', 'Ahmed', 'Ali', 'Baker', 'Bell', 'Brown', 'Campbell', 'Carter', 'Chen', 'Clarke', 'Cooper', 'Davies', 'Edwards', 'Evans', 'Green', 'Hall',
  'Harris', 'Hill', 'Hughes', 'Jackson', 'James', 'Johnson', 'Jones', 'Khan', 'King', 'Kowalski', 'Lee', 'Lewis', 'Martin', 'Mitchell', 'Moore', 'Morgan',
  'Murphy', 'Nguyen', 'Patel', 'Phillips', 'Roberts', 'Robinson', 'Scott', 'Singh', 'Smith', 'Taylor', 'Thomas', 'Thompson', 'Turner', 'Walker', 'Ward',
  'Watson', 'White', 'Williams', 'Wilson', 'Wood', 'Wright', 'Young',
];

const apprenticeIdOf = (index: number): string => `listing-apprentice-${String(index).padStart(5, '0')}`;

/** Up to 25 items a call, a few calls at a time, unprocessed items sent again. */
const writeAll = async (host: LocalHost, items: ReadonlyArray<Record<string, unknown>>): Promise<void> => {
  const chunks: Array<Array<Record<string, unknown>>> = [];
  for (let index = 0; index < items.length; index += 25) chunks.push(items.slice(index, index + 25));
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < chunks.length) {
      let pending = chunks[next++]!.map((Item) => ({ PutRequest: { Item } }));
      while (pending.length > 0) {
        const answer = await host.table.documents.send(new BatchWriteCommand({ RequestItems: { [host.table.tableName]: pending } }));
        pending = (answer.UnprocessedItems?.[host.table.tableName] ?? []) as typeof pending;
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
};

/**
 * 10,000 apprentices as the directory API leaves them (the records at version 1 and
 * every entry `putUser` and `putApprentice` write, built by the store itself), bulk
 * loaded into an empty table: a transaction each would take minutes on the embedded
 * store and measure nothing the figures need. Names are drawn from 40 first names and
 * 54 surnames (a fixed seed); stages 60 % approved, 25 % submitted, 15 % not submitted;
 * every apprentice has one of 50 EPAs; every 50th is linked to one provider; 8 % have a
 * current meeting (its active-meeting marker, which is what the listing reads).
 */
const seedOrganisation = async (host: LocalHost, now: number): Promise<number> => {
  const random = mulberry32(18);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const stamp = { by: 'bench-seed', now };
  const items: Array<Record<string, unknown>> = [];
  const epaIds = Array.from({ length: EPAS }, (_, index) => `listing-epa-${String(index + 1).padStart(2, '0')}`);
  items.push(...itemsOfNewRecords(OWNER, { user: { name: 'Olga Owner', email: 'owner@bench.example.org', roles: ['owner'] } }, stamp));
  items.push(...itemsOfNewRecords(PROVIDER, { user: { name: 'Pat Provider', email: 'provider@bench.example.org', roles: ['trainingprovider'] } }, stamp));
  for (const epaId of epaIds) {
    items.push(...itemsOfNewRecords(epaId, { user: { name: `${pick(FIRST_NAMES)} ${pick(SURNAMES)}`, email: `${epaId}@bench.example.org`, roles: ['epa'] } }, stamp));
  }
  for (let index = 0; index < LISTING_APPRENTICES; index += 1) {
    const id = apprenticeIdOf(index);
    const user: UserInput = { name: `${pick(FIRST_NAMES)} ${pick(SURNAMES)}`, email: `${id}@bench.example.org`, roles: ['apprentice'] };
    const draw = random();
    const status: GatewayStatus = draw < 0.6 ? 'approved' : draw < 0.85 ? 'submitted' : 'notSubmitted';
    const apprentice: ApprenticeInput = {
      standardId: STANDARD,
      epaId: pick(epaIds),
      aoContactId: null,
      ...(index % (LISTING_APPRENTICES / PROVIDER_LINKS) === 0 ? { providerUserIds: [PROVIDER] } : {}),
      gateway: { status, estimatedEpaDate: '2027-06-01', submittedDate: status === 'notSubmitted' ? null : '2027-02-01', auditSubmittedDate: null },
    };
    items.push(...itemsOfNewRecords(id, { user, apprentice }, stamp));
    const meeting = random();
    if (meeting < WITH_MEETING) {
      // The marker as a booking writes it (shared/store/meetings.ts); the meetings themselves are not read by the listing.
      const current = {
        apprenticeId: id,
        status: meeting < WITH_MEETING / 2 ? 'provisional' : 'confirmed',
        start: `${new Date(now + Math.floor(random() * 60) * 86_400_000).toISOString().slice(0, 13)}:00:00Z`,
      };
      items.push({ ...activeMeetingKey(id), ...activeMeetingIndexKeys(current), entity: 'activeMeeting', meetingId: `listing-meeting-${index}`, status: current.status, start: current.start });
    }
  }
  await writeAll(host, items);
  const standard: StandardInput = { name: 'Listing standard', meetingDurationMinutes: 60, slotIntervalMinutes: 60, availabilitySource: { type: 'default' } };
  await host.deps.records.put('standard', STANDARD, standard, stamp);
  return items.length;
};

export interface SearchRuns {
  search: string;
  copies: 'warm' | 'cold';
  calls: OperationCalls[];
  latencies: number[];
  /** Rows answered by the first run. */
  rows: number;
}

/** The searches measured: the headline first (a name search by everyone who lists every apprentice). */
const searches: ReadonlyArray<{ search: string; as: string; path: string; cold?: true }> = [
  { search: 'listing: owner, q=smi (first page of 25)', as: OWNER, path: '/apprentices?q=smi', cold: true },
  { search: 'listing: owner, no search (first page of 25)', as: OWNER, path: '/apprentices' },
  { search: 'listing: owner, q=ja (a common start)', as: OWNER, path: '/apprentices?q=ja' },
  { search: 'listing: owner, q=james smi (two words)', as: OWNER, path: '/apprentices?q=james%20smi' },
  { search: 'listing: owner, q=a, gatewayStatus=submitted', as: OWNER, path: '/apprentices?q=a&gatewayStatus=submitted' },
  { search: 'listing: owner, meeting=confirmed (4 % match)', as: OWNER, path: '/apprentices?meeting=confirmed' },
  { search: 'listing: owner, limit=100', as: OWNER, path: '/apprentices?q=smi&limit=100' },
  { search: 'listing: provider linked to 200, q=ja', as: PROVIDER, path: '/apprentices?q=ja' },
  { search: 'directory: owner, q=gr&role=epa', as: OWNER, path: '/users?q=gr&role=epa' },
  { search: 'directory: owner, q=ja (every role)', as: OWNER, path: '/users?q=ja' },
];

/**
 * What a search over 10,000 apprentices asks of DynamoDB, through the local host's
 * HTTP API, `runs` times each, one at a time: warm (this process holds its
 * five-second copies of the permissions and the standard) and, for the headline, cold.
 */
export const benchListing = async (host: LocalHost, meter: DynamoDbMeter, now: number, runs: number): Promise<{ items: number; seedSeconds: number; searches: SearchRuns[] }> => {
  const seedStarted = performance.now();
  const items = await seedOrganisation(host, now);
  const seedSeconds = (performance.now() - seedStarted) / 1000;
  const api = new BenchClient(host);
  await api.token(OWNER);
  await api.token(PROVIDER);
  const warmRecords = new RecordRepository(host.table, { configurationCopyMs: 3_600_000 });
  const results: SearchRuns[] = [];
  for (const { search, as, path, cold } of searches) {
    for (const copies of cold ? (['warm', 'cold'] as const) : (['warm'] as const)) {
      const entry: SearchRuns = { search, copies, calls: [], latencies: [], rows: 0 };
      host.deps.records = warmRecords;
      // One untimed request first: the warm copies held, and the same page every run.
      const first = await api.expect<{ items: unknown[] }>(200, 'GET', path, { as });
      entry.rows = first.body.items.length;
      for (let run = 0; run < runs; run += 1) {
        host.deps.records = copies === 'warm' ? warmRecords : new RecordRepository(host.table);
        const { value, calls } = await meter.measure<Answer>(() => api.expect(200, 'GET', path, { as }));
        entry.calls.push(calls);
        entry.latencies.push(value.ms);
      }
      results.push(entry);
    }
  }
  host.deps.records = warmRecords;
  return { items, seedSeconds, searches: results };
};
