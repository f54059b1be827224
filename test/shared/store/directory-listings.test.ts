import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApprenticeInput, UserInput } from '#domain/directory.ts';
import { activeMeetingKey, apprenticeLinkKey, listingPartitions } from '#store/keys.ts';
import type { ListingFilters } from '#store/directory-listings.ts';
import { TestApi } from '../../support/api-client.ts';

/**
 * The store's side of the planning meeting listing and the directory search, where the
 * API cannot reach: items written by releases before (records without entries, markers
 * without the meeting's status), link items left behind, an apprentice linked to more
 * users than one transaction holds, saves of one id racing each other, and what a
 * listing reads. Against the embedded store of a local host with the demo data.
 */

const NOW = Date.parse('2027-01-06T10:00:00Z');
let api: TestApi;
const by = { by: 'test', now: NOW };
const everyStage: ListingFilters['stages'] = ['notSubmitted', 'submitted', 'approved'];

beforeAll(async () => {
  api = await TestApi.start({ clock: () => NOW });
}, 60_000);
afterAll(() => api?.close());

const listings = () => api.host.deps.listings;
const everyone = { kind: 'organisation' } as const;
const search = async (words: string[], scope: Parameters<ReturnType<typeof listings>['listApprentices']>[0] = everyone) =>
  (await listings().listApprentices(scope, { words, stages: everyStage }, { limit: 100 })).items;
const put = (item: Record<string, unknown>) => api.host.table.documents.send(new PutCommand({ TableName: api.host.table.tableName, Item: item }));

/** Keys asked for by BatchGetItem while `work` runs, by partition prefix. */
const batchKeysDuring = async <T>(work: () => Promise<T>): Promise<{ value: T; prefixes: string[] }> => {
  const prefixes: string[] = [];
  const name = 'countBatchKeys';
  api.host.table.documents.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'BatchGetCommand' || context.commandName === 'BatchGetItemCommand') {
        const requests = Object.values((args.input as { RequestItems: Record<string, { Keys: Array<{ pk: string | { S: string } }> }> }).RequestItems);
        for (const request of requests) {
          for (const key of request.Keys) {
            const pk = typeof key.pk === 'string' ? key.pk : key.pk.S;
            prefixes.push(pk.slice(0, pk.indexOf('#')));
          }
        }
      }
      return next(args);
    },
    { step: 'initialize', name },
  );
  try {
    return { value: await work(), prefixes };
  } finally {
    api.host.table.documents.middlewareStack.remove(name);
  }
};

describe('records saved before the listing existed', () => {
  it('are not listed until the rebuild writes their entries, which a second rebuild leaves alone', async () => {
    // As a release before this one saved them: the record alone.
    await api.host.deps.records.put<UserInput>('user', 'before-1', { name: 'Olive Oldtimer', email: 'olive@example.org', roles: ['apprentice'] }, by);
    await api.host.deps.records.put<ApprenticeInput>('apprentice', 'before-1', { standardId: 'ST0116', epaId: 'epa-2', aoContactId: null }, by);
    expect(await search(['olive'])).toEqual([]);
    expect((await listings().searchUsers({ words: ['olive'] }, { limit: 10 })).items).toEqual([]);

    const first = await listings().rebuild();
    expect(first.failed).toEqual([]);
    expect(first.written).toBeGreaterThanOrEqual(1);
    expect((await search(['olive'])).map((row) => row.id)).toEqual(['before-1']);
    expect((await search(['old'], { kind: 'linked', userId: 'epa-2', as: ['epa'] })).map((row) => row.id)).toEqual(['before-1']);
    expect((await listings().searchUsers({ words: ['olive'], role: 'apprentice' }, { limit: 10 })).items.map((entry) => entry.id)).toEqual(['before-1']);

    // Everything in step now: nothing to write.
    const second = await listings().rebuild();
    expect(second).toEqual({ ids: first.ids, written: 0, failed: [] });
  });
});

describe('the current meeting', () => {
  it('comes from the marker alone, with no read of the meeting; a marker of an earlier release is completed from the meeting', async () => {
    await api.put('/users/marker-1', { as: 'demo-owner', body: { name: 'Mara Marker', email: 'mara@example.org', roles: ['apprentice'] } });
    await api.put('/apprentices/marker-1', { as: 'demo-owner', body: { standardId: 'ST0116', epaId: null, aoContactId: null } });
    const slots = (await api.get('/apprentices/marker-1/planning-meeting-slots?from=2027-01-11&to=2027-01-15', { as: 'demo-owner' })).body.slots;
    const booked = await api.post('/planning-meetings', { as: 'demo-owner', body: { apprenticeId: 'marker-1', start: slots[0].start, status: 'provisional' } });
    expect(booked.status).toBe(201);
    const expected = { id: booked.body.id, status: 'provisional', start: slots[0].start };

    const read = await batchKeysDuring(() => search(['mara']));
    expect(read.value.map((row) => row.planningMeeting)).toEqual([expected]);
    expect(read.prefixes).toContain('APPRENTICE');
    expect(read.prefixes).not.toContain('MEETING');

    // A marker as releases before this one wrote it: the meeting's id only.
    await put({ ...activeMeetingKey('marker-1'), entity: 'activeMeeting', meetingId: booked.body.id });
    const older = await batchKeysDuring(() => search(['mara']));
    expect(older.value.map((row) => row.planningMeeting)).toEqual([expected]);
    expect(older.prefixes).toContain('MEETING');
    // Such a marker is not among the meetings by status until the rebuild completes it from the meeting.
    const provisional = async () =>
      (await listings().listApprentices(everyone, { words: [], stages: everyStage, meeting: 'provisional' }, { limit: 100 })).items.map((row) => row.id);
    expect(await provisional()).not.toContain('marker-1');
    expect((await listings().rebuild()).failed).toEqual([]);
    expect(await provisional()).toContain('marker-1');
    expect((await batchKeysDuring(() => search(['mara']))).prefixes).not.toContain('MEETING');
  });
});

describe('link items', () => {
  it('a link item the entry no longer backs (left by a race) shows nothing', async () => {
    // apprentice-2 is linked to nobody; a leftover link item names demo-employer.
    const [row] = await search(['ben']);
    await put({
      ...apprenticeLinkKey('apprentice-2', 'demo-employer'),
      gsi1pk: listingPartitions.linkedTo('demo-employer'),
      gsi1sk: 'ben apprentice#apprentice-2',
      entity: 'apprenticeListing',
      apprentice: { ...row, planningMeeting: undefined },
      gatewayStatus: 'approved',
      search: ' ben apprentice',
      words: ['ben', 'apprentice'],
      linkedAs: ['employer'],
    });
    const listed = await listings().listApprentices({ kind: 'linked', userId: 'demo-employer', as: ['self', 'employer'] }, { words: [], stages: everyStage }, { limit: 100 });
    expect(listed.items.map((item) => item.id)).toEqual(['apprentice-1']);
    // The next save of apprentice-2 removes it.
    await api.put('/apprentices/apprentice-2', { as: 'demo-owner', body: { ...(await api.get('/apprentices/apprentice-2', { as: 'demo-owner' })).body, version: undefined } });
    const partition = await listings().listApprentices({ kind: 'linked', userId: 'demo-employer', as: ['employer'] }, { words: ['ben'], stages: everyStage }, { limit: 100 });
    expect(partition).toEqual({ items: [], cursor: undefined });
  });

  it('an apprentice linked to more users than one transaction holds is listed for each, renamed for each, and unlinked from each', async () => {
    const providers = Array.from({ length: 50 }, (_, index) => `many-provider-${index + 1}`);
    const employers = Array.from({ length: 50 }, (_, index) => `many-employer-${index + 1}`);
    for (const id of providers) await listings().putUser(id, { name: `Provider ${id}`, email: `${id}@example.org`, roles: ['trainingprovider'] }, by);
    for (const id of employers) await listings().putUser(id, { name: `Employer ${id}`, email: `${id}@example.org`, roles: ['employer'] }, by);
    await listings().putUser('many-1', { name: 'Manny Manylinks', email: 'manny@example.org', roles: ['apprentice'] }, by);
    const record: ApprenticeInput = { standardId: 'ST0116', epaId: 'epa-1', aoContactId: null, providerUserIds: providers, employerUserIds: employers };
    await listings().putApprentice('many-1', record, by);

    const linkedFor = async (userId: string, as: 'provider' | 'employer', words: string[]) =>
      (await search(words, { kind: 'linked', userId, as: [as] })).map((row) => row.id);
    for (const id of [providers[0]!, providers[49]!]) expect(await linkedFor(id, 'provider', ['manny']), id).toEqual(['many-1']);
    for (const id of [employers[0]!, employers[49]!]) expect(await linkedFor(id, 'employer', ['manny']), id).toEqual(['many-1']);

    await listings().putUser('many-1', { name: 'Minnie Manylinks', email: 'manny@example.org', roles: ['apprentice'] }, by);
    expect(await linkedFor(employers[49]!, 'employer', ['minnie'])).toEqual(['many-1']);
    expect(await linkedFor(employers[49]!, 'employer', ['manny'])).toEqual([]);

    await listings().putApprentice('many-1', { ...record, providerUserIds: [], employerUserIds: [] }, by);
    for (const id of [providers[0]!, providers[49]!]) expect(await linkedFor(id, 'provider', []), id).toEqual([]);
    for (const id of [employers[0]!, employers[49]!]) expect(await linkedFor(id, 'employer', []), id).toEqual([]);
    expect(await linkedFor('epa-1', 'provider', ['minnie'])).toEqual([]);
    expect((await search(['minnie'], { kind: 'linked', userId: 'epa-1', as: ['epa'] })).map((row) => row.id)).toEqual(['many-1']);
  }, 60_000);
});

describe('saves of one id racing each other', () => {
  it('leave the entries as the last records say: never an old name, never an old stage', async () => {
    await listings().putUser('race-1', { name: 'Rita Racer0', email: 'rita@example.org', roles: ['apprentice'] }, by);
    await listings().putApprentice('race-1', { standardId: 'ST0116', epaId: null, aoContactId: null }, by);
    const stages = ['notSubmitted', 'submitted', 'approved'] as const;
    // Without If-Match each retries a lost race a few times, then answers VERSION_MISMATCH: some may.
    await Promise.allSettled(
      Array.from({ length: 12 }, (_, index) =>
        index % 2 === 0
          ? listings().putUser('race-1', { name: `Rita Racer${index + 1}`, email: 'rita@example.org', roles: ['apprentice'] }, by)
          : listings().putApprentice('race-1', { standardId: 'ST0116', epaId: null, aoContactId: null, gateway: { status: stages[index % 3]! } }, by),
      ),
    );
    const user = await api.host.deps.records.get<UserInput>('user', 'race-1');
    const record = await api.host.deps.records.get<ApprenticeInput>('apprentice', 'race-1');
    const [row, ...more] = await search(['rita']);
    expect(more).toEqual([]);
    expect(row).toMatchObject({ id: 'race-1', name: user!.data.name, gateway: { status: record!.data.gateway?.status ?? 'approved' } });
    const lastWord = user!.data.name.split(' ')[1]!.toLowerCase();
    expect((await search([lastWord])).map((found) => found.id)).toEqual(['race-1']);
    for (let index = 0; index <= 12; index += 1) {
      const word = `racer${index}`;
      if (word !== lastWord) expect(await search([word]), word).toEqual([]);
    }
    expect((await listings().searchUsers({ words: ['rita'] }, { limit: 10 })).items.map((entry) => entry.name)).toEqual([user!.data.name]);
  });
});
