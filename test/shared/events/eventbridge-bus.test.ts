import { EventBridgeClient, InternalException, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { EventBridgeBus } from '#events/eventbridge-bus.ts';
import { publishEvents } from '#use-cases/publish-pending-events.ts';
import type { PlanningMeetingEvent } from '#domain/planning-meeting-events.ts';

const eventBridge = mockClient(EventBridgeClient);
beforeEach(() => eventBridge.reset());

const entry = (n: number) => ({ source: 'planning-meetings', detailType: 'PlanningMeetingConfirmed', detail: JSON.stringify({ eventId: `event-${n}` }) });
const bus = () => new EventBridgeBus(new EventBridgeClient({ region: 'eu-west-2' }), 'planning-meetings-acme');

describe('EventBridgeBus', () => {
  it('puts every entry on the named bus in one PutEvents, as the rules match them', async () => {
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'a' }, { EventId: 'b' }] });
    expect(await bus().put([entry(1), entry(2)])).toEqual({ failed: [] });

    const calls = eventBridge.commandCalls(PutEventsCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.args[0].input.Entries).toEqual([
      { EventBusName: 'planning-meetings-acme', Source: 'planning-meetings', DetailType: 'PlanningMeetingConfirmed', Detail: '{"eventId":"event-1"}' },
      { EventBusName: 'planning-meetings-acme', Source: 'planning-meetings', DetailType: 'PlanningMeetingConfirmed', Detail: '{"eventId":"event-2"}' },
    ]);
  });

  it('reports the entries PutEvents refused, by their index in the put', async () => {
    eventBridge.on(PutEventsCommand).resolves({
      FailedEntryCount: 2,
      Entries: [
        { ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' },
        { EventId: 'b' },
        { ErrorCode: 'InternalFailure' },
      ],
    });
    expect(await bus().put([entry(1), entry(2), entry(3)])).toEqual({
      failed: [
        { index: 0, code: 'ThrottlingException', message: 'Rate exceeded' },
        { index: 2, code: 'InternalFailure', message: '' },
      ],
    });
  });

  it('lets a failure of the whole call through, for the publisher to retry', async () => {
    eventBridge.on(PutEventsCommand).rejects(new InternalException({ message: 'internal', $metadata: { httpStatusCode: 500 } }));
    await expect(bus().put([entry(1)])).rejects.toThrow(InternalException);
  });

  it('lets the publisher log why the bus failed: the SDK error name and message, and which event it refused', async () => {
    eventBridge
      .on(PutEventsCommand)
      .rejectsOnce(Object.assign(new Error('User is not authorized to perform: events:PutEvents'), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } }))
      .resolves({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' }] });
    const lines: Array<{ message: string; fields?: Record<string, unknown> }> = [];
    const events = [{ eventId: 'event-1', type: 'PlanningMeetingApproved' } as PlanningMeetingEvent];
    const report = await publishEvents(events, { bus: bus(), markPublished: async () => {}, logger: { log: (_level, message, fields) => lines.push({ message, fields }) }, pause: async () => {} }, 2);
    expect(report).toEqual({ published: [], failed: ['event-1'] });
    expect(lines).toEqual([
      { message: 'event bus unavailable', fields: { code: 'AccessDeniedException', error: 'User is not authorized to perform: events:PutEvents', attempt: 0 } },
      { message: 'event refused by the bus', fields: { eventId: 'event-1', code: 'ThrottlingException', error: 'Rate exceeded' } },
    ]);
  });
});
