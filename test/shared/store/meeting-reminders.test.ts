import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlanningMeeting } from '#domain/planning-meeting.ts';
import type { PlanningMeetingEvent } from '#domain/planning-meeting-events.ts';
import { eventKey } from '#store/keys.ts';
import { MeetingRepository } from '#store/meetings.ts';
import { EmbeddedOrganisation } from '../../support/embedded-organisation.ts';
import { planningMeetingFixture } from '../../support/planning-meeting-fixture.ts';

let organisation: EmbeddedOrganisation;
beforeAll(async () => {
  organisation = await EmbeddedOrganisation.start(2);
});
afterAll(() => organisation.close());

const reminderOf = (meeting: PlanningMeeting, eventId: string): PlanningMeetingEvent => ({
  eventId,
  type: 'PlanningMeetingReminderDue',
  meetingId: meeting.id,
  version: meeting.version,
  occurredAt: '2027-01-03T09:00:00Z',
  actorId: 'system:sweeper',
  meeting,
  change: {},
});

const save = (meetings: MeetingRepository, meeting: PlanningMeeting, expectedVersion: number) =>
  meetings.commit({ meeting, claimUnits: [], expectedVersion, claims: [], history: [], events: [] });

describe('MeetingRepository: the reminder marker of a meeting start', () => {
  it('is written with its event once per start, and refused for a meeting changed since it was read', async () => {
    const table = organisation.newTableClient();
    const meetings = new MeetingRepository(table);
    const eventExists = async (eventId: string) =>
      (await table.documents.send(new GetCommand({ TableName: table.tableName, Key: eventKey(eventId), ConsistentRead: true }))).Item !== undefined;
    const read = planningMeetingFixture({ id: 'remind-store-1', apprenticeId: 'remind-app-1', version: 1 });
    await save(meetings, read, 0);

    expect(await meetings.reminderWritten(read.id, read.start)).toBe(false);
    expect(await meetings.recordReminder(read, reminderOf(read, 'reminder-1'))).toBe(true);
    expect(await meetings.reminderWritten(read.id, read.start)).toBe(true);
    expect(await eventExists('reminder-1')).toBe(true);

    // A second sweep of the same start: neither marker nor event.
    expect(await meetings.recordReminder(read, reminderOf(read, 'reminder-2'))).toBe(false);
    expect(await eventExists('reminder-2')).toBe(false);

    // Rescheduled: the copy read before the change is refused, the new start has its own marker.
    const moved = { ...read, start: '2027-01-05T09:00:00Z', end: '2027-01-05T10:00:00Z', version: 2 };
    await save(meetings, moved, 1);
    expect(await meetings.recordReminder({ ...read, start: moved.start }, reminderOf(read, 'reminder-3'))).toBe(false);
    expect(await eventExists('reminder-3')).toBe(false);
    expect(await meetings.reminderWritten(moved.id, moved.start)).toBe(false);
    expect(await meetings.recordReminder(moved, null)).toBe(true);
    expect(await meetings.reminderWritten(moved.id, moved.start)).toBe(true);
  });
});
