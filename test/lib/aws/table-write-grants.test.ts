import { marshall } from '@aws-sdk/util-dynamodb';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Template } from 'aws-cdk-lib/assertions';
import type { DynamoDBStreamEvent, EventBridgeEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoredInAppChannel } from '#channels/stored-in-app-channel.ts';
import type { PlanningMeetingEvent } from '#domain/planning-meeting-events.ts';
import type { Dependencies } from '#ports/dependencies.ts';
import { DirectoryListings } from '#store/directory-listings.ts';
import { NotificationRepository } from '#store/notification-repository.ts';
import { repositoriesOn } from '#store/repositories.ts';
import { createTableClient, type TableClient } from '#store/table-client.ts';
import { useDependencies } from '../../../functions/dependencies.ts';
import { handler as notifyEmail } from '../../../functions/notify-email/handler.ts';
import { handler as notifyInApp } from '../../../functions/notify-inapp/handler.ts';
import { handler as notifySms } from '../../../functions/notify-sms/handler.ts';
import { handler as publisher } from '../../../functions/publisher/handler.ts';
import { handler as sweeper } from '../../../functions/sweeper/handler.ts';
import { type ApiAnswer, TestApi } from '../../support/api-client.ts';
import { createApprentice } from '../../support/apprentices.ts';
import { buildStack } from './synth-stack.ts';
import { templateQueries } from './template-queries.ts';

/**
 * The `dynamodb:LeadingKeys` grants of the synthesised stack, held against what each
 * function really writes: its handler runs on the embedded store through a table client
 * that refuses, as IAM would, every write to a partition its role's policy does not name.
 * A grant too narrow for a use case fails here, not in a customer's account.
 */
const stack = buildStack();
const queries = templateQueries(stack, Template.fromStack(stack));

/** IAM's StringLike: `*` any run of characters, `?` one. */
const likePattern = (pattern: string): RegExp =>
  new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*').replaceAll('?', '.')}$`);

const grantOf = (fn: NodejsFunction): string[] => queries.leadingKeysOf(queries.idOf(fn.role!)) as string[];

type Input = Record<string, any>;
const pkOf = (item: Input | undefined): string | undefined => {
  const pk: unknown = item?.pk;
  return typeof pk === 'string' ? pk : (pk as { S?: string } | undefined)?.S;
};

/** The partition keys a write request writes; reads write none. */
const writtenPartitions = (command: string, input: Input): Array<string | undefined> => {
  switch (command) {
    case 'PutCommand':
    case 'PutItemCommand':
      return [pkOf(input.Item)];
    case 'UpdateCommand':
    case 'UpdateItemCommand':
    case 'DeleteCommand':
    case 'DeleteItemCommand':
      return [pkOf(input.Key)];
    case 'TransactWriteCommand':
    case 'TransactWriteItemsCommand':
      return (input.TransactItems as Input[]).map((item) =>
        pkOf(item.Put?.Item ?? item.Update?.Key ?? item.Delete?.Key ?? item.ConditionCheck?.Key),
      );
    case 'BatchWriteCommand':
    case 'BatchWriteItemCommand':
      return (Object.values(input.RequestItems) as Input[][]).flat().map((request) => pkOf(request.PutRequest?.Item ?? request.DeleteRequest?.Key));
    default:
      return [];
  }
};

let now = Date.parse('2027-01-06T10:00:00Z');
let api: TestApi;
let endpoint: string;
beforeAll(async () => {
  api = await TestApi.start({ clock: () => now });
  const address = (await (api.host.table.documents.config.endpoint as () => Promise<{ protocol: string; hostname: string; port?: number }>)());
  endpoint = `${address.protocol}//${address.hostname}:${address.port}`;
});
afterAll(async () => {
  useDependencies(api.host.deps);
  await api.close();
});

/**
 * Runs `act` as `fn` runs in AWS: every handler of the process takes dependencies whose
 * table client refuses the writes `fn`'s role may not make (an AccessDeniedException, as
 * DynamoDB answers), and records them. Nothing refused: the grant covers what `act` wrote.
 */
const asFunction = async (fn: NodejsFunction, act: (deps: Dependencies) => Promise<void>): Promise<string[]> => {
  const allowed = grantOf(fn).map(likePattern);
  const refused: string[] = [];
  const table: TableClient = createTableClient({ tableName: api.host.table.tableName, endpoint, region: 'eu-west-2' });
  table.documents.middlewareStack.add(
    (next, context) => async (args) => {
      const command = context.commandName ?? '';
      const denied = writtenPartitions(command, args.input as Input).filter((pk) => pk === undefined || !allowed.some((pattern) => pattern.test(pk)));
      if (denied.length > 0) {
        refused.push(...denied.map((pk) => `${command} ${pk}`));
        throw Object.assign(new Error(`not authorized to write ${denied.join(', ')} (dynamodb:LeadingKeys)`), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } });
      }
      return next(args);
    },
    { step: 'initialize', name: 'leadingKeys' },
  );
  // No drain after a commit: the events pipeline runs in functions of its own.
  const deps: Dependencies = { ...api.host.deps, ...repositoriesOn(table), listings: new DirectoryListings(table), notifications: new NotificationRepository(table) };
  useDependencies(deps);
  try {
    await act(deps);
  } finally {
    useDependencies(api.host.deps);
    table.documents.destroy();
  }
  return refused;
};

const ok = (answer: ApiAnswer): ApiAnswer => {
  expect(answer.status, JSON.stringify(answer.body)).toBeLessThan(300);
  return answer;
};

/** GET a record and PUT it back as it came: a write of every field the record has. */
const putBack = async (path: string, as = 'demo-owner') => {
  const read = ok(await api.get(path, { as }));
  ok(await api.put(path, { as, body: read.body }));
};

let apprentices = 0;
const newApprentice = () => {
  apprentices += 1;
  return createApprentice(api, `grants-apprentice-${apprentices}`, { now, user: { phone: '+447700900123' }, record: { aoContactId: 'demo-ao' } });
};

/** A provisional meeting booked outside the function under test. */
const provisional = async (start: string) => ok(await api.post('/planning-meetings', { as: 'demo-ao', body: { apprenticeId: await newApprentice(), start, status: 'provisional' } })).body;

/** Change events recorded but not yet published, as the stream hands them to the publisher. */
const pendingEvents = async (): Promise<PlanningMeetingEvent[]> => (await api.host.deps.outbox.pending(100)).items;

describe('each function’s table writes stay within its dynamodb:LeadingKeys grant', () => {
  it('directory: users and apprentice records', async () => {
    const refused = await asFunction(stack.apiFunctions.directory, async () => {
      ok(await api.put('/users/grants-user', { as: 'demo-owner', body: { name: 'Grant Test', email: 'grant@example.org', roles: ['apprentice'] } }));
      ok(await api.put('/apprentices/grants-user', { as: 'demo-owner', body: { standardId: 'ST0116', epaId: null, aoContactId: null } }));
    });
    expect(refused).toEqual([]);
  });

  it('configuration: standards, groups, an EPA’s availability and every configuration record', async () => {
    const refused = await asFunction(stack.apiFunctions.configuration, async () => {
      ok(await api.put('/standards/ST0900', { as: 'demo-owner', body: { name: 'Grants test', meetingDurationMinutes: 60 } }));
      ok(await api.put('/groups/grants-group', { as: 'demo-owner', body: { name: 'Grants', memberIds: ['epa-1'] } }));
      ok(await api.delete('/groups/grants-group', { as: 'demo-owner', headers: { 'if-match': '"1"' } }));
      await putBack('/users/epa-1/availability');
      await putBack('/configuration/availability');
      await putBack('/configuration/permissions');
      await putBack('/configuration/notifications');
    });
    expect(refused).toEqual([]);
  });

  it('notifications: marking the caller’s in-app notification read', async () => {
    await api.host.deps.notifications.addInApp({
      id: '20270106T100000Z-grants',
      userId: 'epa-2',
      notificationType: 'meetingInvite',
      meetingId: 'grants-meeting',
      eventId: 'grants-event',
      subject: 'Planning meeting',
      text: 'A planning meeting',
      createdAt: new Date(now).toISOString(),
      readAt: null,
    });
    const refused = await asFunction(stack.apiFunctions.notifications, async () => {
      ok(await api.post('/me/notifications/20270106T100000Z-grants/read', { as: 'epa-2' }));
    });
    expect(refused).toEqual([]);
  });

  it('bookings: provisional (with an idempotency key) and direct bookings, and every change of a meeting', async () => {
    const [first, second] = [await newApprentice(), await newApprentice()];
    const direct = await newApprentice();
    const refused = await asFunction(stack.apiFunctions.bookings, async () => {
      const booked = ok(
        await api.post('/planning-meetings', { as: 'demo-ao', headers: { 'idempotency-key': 'grants-1' }, body: { apprenticeId: first, start: '2027-01-18T09:00:00Z', status: 'provisional' } }),
      ).body;
      const rejected = ok(await api.post('/planning-meetings', { as: 'demo-ao', body: { apprenticeId: second, start: '2027-01-18T10:00:00Z', status: 'provisional' } })).body;
      const confirmed = ok(
        await api.post('/planning-meetings', { as: 'demo-owner', body: { apprenticeId: direct, start: '2027-01-19T10:00:00Z', status: 'confirmed', epaId: 'epa-2', location: 'Teams' } }),
      ).body;
      ok(await api.post(`/planning-meetings/${booked.id}/approve`, { as: 'demo-owner' }));
      ok(await api.post(`/planning-meetings/${rejected.id}/reject`, { as: 'demo-owner', body: { reason: 'No assessor that week' } }));
      ok(await api.patch(`/planning-meetings/${confirmed.id}`, { as: 'demo-owner', body: { location: 'Room 2' } }));
      ok(await api.patch(`/planning-meetings/${confirmed.id}`, { as: 'demo-owner', body: { start: '2027-01-19T13:00:00Z' } }));
      const withGuest = ok(await api.post(`/planning-meetings/${confirmed.id}/attendees`, { as: 'demo-owner', body: { guest: { name: 'Gus Guest', email: 'gus@example.org' } } })).body;
      const guest = (withGuest.attendees as Array<{ id: string; kind: string }>).find((attendee) => attendee.kind === 'guest')!;
      ok(await api.delete(`/planning-meetings/${confirmed.id}/attendees/${guest.id}`, { as: 'demo-owner' }));
      ok(await api.post(`/planning-meetings/${confirmed.id}/cancel`, { as: 'demo-owner' }));
    });
    expect(refused).toEqual([]);
  });

  it('capacity: a batch of approvals, rejections, reassignments and reschedules, with its idempotency key', async () => {
    const [a, b, c, d] = [
      await provisional('2027-01-20T09:00:00Z'),
      await provisional('2027-01-20T10:00:00Z'),
      await provisional('2027-01-20T11:00:00Z'),
      await provisional('2027-01-21T09:00:00Z'),
    ];
    const refused = await asFunction(stack.apiFunctions.capacity, async () => {
      const answer = ok(
        await api.post('/capacity/changes', {
          as: 'demo-owner',
          headers: { 'idempotency-key': 'grants-batch' },
          body: {
            items: [
              { action: 'approve', meetingId: a.id, ifVersion: 1 },
              { action: 'reject', meetingId: b.id, ifVersion: 1, reason: 'Full' },
              { action: 'reassign', meetingId: c.id, ifVersion: 1, epaId: c.epaId === 'epa-2' ? 'epa-1' : 'epa-2' },
              { action: 'reschedule', meetingId: d.id, ifVersion: 1, start: '2027-01-21T11:00:00Z' },
            ],
          },
        }),
      );
      expect(JSON.stringify(answer.body)).not.toMatch(/"status":\s*5\d\d/);
    });
    expect(refused).toEqual([]);
  });

  describe('the events pipeline', () => {
    let events: PlanningMeetingEvent[];
    beforeAll(async () => {
      // Every channel for every type, so the notifiers write in-app notifications and SMS deliveries too.
      const configuration = (await api.get('/configuration/notifications', { as: 'demo-owner' })).body as { types: Record<string, { channels: string[] }> };
      for (const type of Object.values(configuration.types)) type.channels = ['email', 'sms', 'inApp'];
      ok(await api.put('/configuration/notifications', { as: 'demo-owner', body: configuration }));
      await api.host.settle();
      // Changes made through a function of the stack, whose events no drain has taken yet.
      await asFunction(stack.apiFunctions.bookings, async () => {
        ok(await api.post('/planning-meetings', { as: 'demo-ao', body: { apprenticeId: await newApprentice(), start: '2027-01-25T09:00:00Z', status: 'provisional' } }));
      });
      events = await pendingEvents();
      expect(events.length).toBeGreaterThan(0);
    });

    it.each([
      ['notify-email', notifyEmail],
      ['notify-sms', notifySms],
      ['notify-inapp', notifyInApp],
    ] as const)('%s: its delivery records (and in-app notifications)', async (name, handler) => {
      const refused = await asFunction(stack.notifications.notifiers[name]!, async (deps) => {
        // The in-app notifier's channel is the table itself, through the function's own client.
        useDependencies({ ...deps, channels: { ...deps.channels, inApp: new StoredInAppChannel(deps.notifications) } });
        for (const event of events) {
          await handler({ 'detail-type': event.type, detail: event, source: 'planning-meetings' } as unknown as EventBridgeEvent<string, unknown>);
        }
      });
      expect(refused).toEqual([]);
    });

    it('publisher: marks the events it published', async () => {
      const refused = await asFunction(stack.notifications.publisher, async () => {
        const stream = {
          Records: events.map((event, index) => ({
            eventName: 'INSERT',
            dynamodb: { SequenceNumber: String(index + 1), NewImage: marshall({ pk: `EVENT#${event.eventId}`, sk: 'EVENT', entity: 'event', detail: event }, { removeUndefinedValues: true }) },
          })),
        } as unknown as DynamoDBStreamEvent;
        expect((await publisher(stream)).batchItemFailures).toEqual([]);
      });
      expect(refused).toEqual([]);
    });

    it('sweeper: expiries, events left pending, and sends left unsettled', async () => {
      await provisional('2027-01-26T09:00:00Z');
      await api.host.settle();
      const [event] = events;
      await api.host.deps.notifications.claimDelivery(event!.eventId, 'user:grants-unsettled', 'email', now);
      await asFunction(stack.apiFunctions.bookings, async () => {
        ok(await api.post('/planning-meetings', { as: 'demo-ao', body: { apprenticeId: await newApprentice(), start: '2027-01-26T10:00:00Z', status: 'provisional' } }));
      });
      // Past every hold, every pending event's five minutes and the unsettled claim's.
      now += 5 * 24 * 60 * 60 * 1000;
      const refused = await asFunction(stack.sweeper.function, async () => {
        const report = await sweeper();
        expect(report.expired).toBeGreaterThan(0);
      });
      expect(refused).toEqual([]);
    });
  });
});
