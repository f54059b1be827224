import { describe, expect, it } from 'vitest';
import { defaultCommunicationConfiguration } from '#domain/communication-configuration.ts';
import { notificationTypes } from '#domain/notification-types.ts';
import { notificationCatalogue, notificationLabels } from '#domain/notifications/index.ts';
import { meetingStatuses, type Attendee } from '#domain/planning-meeting.ts';
import { planningMeetingEventTypes, type PlanningMeetingEvent } from '#domain/planning-meeting-events.ts';
import { planningMeetingFixture } from '../../../support/planning-meeting-fixture.ts';

const guest: Attendee = { id: 'att-guest', kind: 'guest', role: 'other', name: 'Gil Guest', email: 'gil@example.org' };

describe('the notification catalogue', () => {
  it('lists each of SPEC §8’s notification types once, each with a label, and the configuration has settings for each', () => {
    expect(notificationTypes).toEqual([
      'provisionalBookingInvite',
      'meetingInvite',
      'meetingUpdated',
      'meetingRescheduled',
      'meetingCancelled',
      'meetingRejected',
      'meetingReminder',
    ]);
    expect(new Set(Object.values(notificationLabels)).size).toBe(notificationCatalogue.length);
    for (const definition of notificationCatalogue) {
      expect(definition.label).not.toBe('');
      expect(definition.rows.length).toBeGreaterThan(0);
      expect(defaultCommunicationConfiguration.types[definition.id]).toMatchObject({ enabled: true, ...definition.defaultTexts });
    }
  });

  it('gives every change event and meeting state at most one type, so the planner never has to choose', () => {
    for (const type of planningMeetingEventTypes) {
      for (const status of meetingStatuses) {
        for (const change of [{}, { attendee: guest }, { fields: ['start'], previousStart: '2027-01-03T09:00:00Z' }]) {
          const meeting = planningMeetingFixture({ status, attendees: [guest] });
          const event: PlanningMeetingEvent = { eventId: 'e', type, meetingId: meeting.id, version: 1, occurredAt: '2027-01-02T10:00:00Z', actorId: 'a', meeting, change };
          const answering = notificationCatalogue.filter((definition) => (definition.events as readonly string[]).includes(type) && definition.recipients(event) !== null);
          expect(answering.length, `${type} of a ${status} meeting`).toBeLessThanOrEqual(1);
        }
      }
    }
  });

  it('answers every change event with some type', () => {
    const answered = new Set(notificationCatalogue.flatMap((definition) => definition.events));
    expect(planningMeetingEventTypes.filter((type) => !answered.has(type))).toEqual([]);
  });
});
