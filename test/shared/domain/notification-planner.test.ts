import { describe, expect, it } from 'vitest';
import { planningMeetingFixture } from '../../support/planning-meeting-fixture.ts';
import { CommunicationConfiguration, defaultCommunicationConfiguration } from '#domain/communication-configuration.ts';
import { planNotifications, templateValues, type PlannedNotification } from '#domain/notification-planner.ts';
import type { NotificationType } from '#domain/notification-types.ts';
import type { Attendee, MeetingStatus, PlanningMeeting } from '#domain/planning-meeting.ts';
import type { MeetingChange, PlanningMeetingEvent, PlanningMeetingEventType } from '#domain/planning-meeting-events.ts';

// Five attendees: three directory users (the EPA with a phone) and two guests (the mentor with a phone).
const apprentice: Attendee = { id: 'att-apprentice', kind: 'user', userId: 'app-1', role: 'apprentice', name: 'Ada Apprentice', email: 'ada@example.org' };
const epa: Attendee = { id: 'att-epa', kind: 'user', userId: 'epa-1', role: 'epa', name: 'Eve Assessor', email: 'eve@example.org', phone: '+447700900001' };
const ao: Attendee = { id: 'att-ao', kind: 'user', userId: 'ao-1', role: 'awardingorganisation', name: 'Otto AO', email: 'otto@example.org' };
const mentor: Attendee = { id: 'att-mentor', kind: 'guest', role: 'workplaceMentor', name: 'Mia Mentor', email: 'mia@example.org', phone: '+447700900002' };
const assessor: Attendee = { id: 'att-opa', kind: 'guest', role: 'onProgrammeAssessor', name: 'Omar Opa', email: 'omar@example.org' };
const everyone = [apprentice, epa, ao, mentor, assessor];
const newcomer: Attendee = { id: 'att-other', kind: 'guest', role: 'other', name: 'Noor New', email: 'noor@example.org' };

const meetingWith = (status: MeetingStatus, attendees: Attendee[] = everyone, overrides: Partial<PlanningMeeting> = {}): PlanningMeeting =>
  planningMeetingFixture({ status, attendees, reason: null, ...overrides });

const eventOf = (type: PlanningMeetingEventType, meeting: PlanningMeeting, change: MeetingChange = {}): PlanningMeetingEvent => ({
  eventId: `event-${type}`,
  type,
  meetingId: meeting.id,
  version: meeting.version,
  occurredAt: '2027-01-02T10:00:00Z',
  actorId: 'owner-1',
  meeting,
  change,
});

const pairs = (planned: PlannedNotification[]) => planned.map((notification) => [notification.recipient.id, notification.notificationType]).sort();
const toEach = (attendees: Attendee[], type: NotificationType) => attendees.map((attendee) => [attendee.id, type]).sort();

const request = (status: 'TENTATIVE' | 'CONFIRMED') => ({ method: 'REQUEST', status }) as const;
const cancel = { method: 'CANCEL', status: 'CANCELLED' } as const;

describe('notification planner: SPEC §5.1, one case per row of the table', () => {
  it.each([
    {
      meeting: 'provisional',
      happened: 'booked through slot-based booking',
      event: eventOf('PlanningMeetingProvisionallyBooked', meetingWith('provisional', everyone, { version: 1 })),
      sends: toEach(everyone, 'provisionalBookingInvite'),
      calendar: request('TENTATIVE'),
    },
    {
      meeting: 'provisional',
      happened: 'updated (any change, time included)',
      event: eventOf('PlanningMeetingUpdated', meetingWith('provisional', everyone, { start: '2027-01-05T09:00:00Z', end: '2027-01-05T10:00:00Z' }), {
        fields: ['start', 'end', 'location'],
        previousStart: '2027-01-04T09:00:00Z',
        previousEnd: '2027-01-04T10:00:00Z',
      }),
      sends: toEach(everyone, 'meetingUpdated'),
      calendar: request('TENTATIVE'),
    },
    {
      meeting: 'provisional',
      happened: 'attendee removed',
      event: eventOf('PlanningMeetingAttendeeRemoved', meetingWith('provisional', everyone.filter((attendee) => attendee !== mentor)), { attendee: mentor }),
      sends: toEach([mentor], 'meetingCancelled'),
      calendar: cancel,
    },
    {
      meeting: 'provisional',
      happened: 'attendee added',
      event: eventOf('PlanningMeetingAttendeeAdded', meetingWith('provisional', [...everyone, newcomer]), { attendee: newcomer }),
      sends: toEach([newcomer], 'provisionalBookingInvite'),
      calendar: request('TENTATIVE'),
    },
    {
      meeting: 'provisional',
      happened: 'approved',
      event: eventOf('PlanningMeetingApproved', meetingWith('confirmed'), { previousStatus: 'provisional' }),
      sends: toEach(everyone, 'meetingInvite'),
      calendar: request('CONFIRMED'),
    },
    {
      meeting: 'provisional',
      happened: 'rejected',
      event: eventOf('PlanningMeetingRejected', meetingWith('rejected', everyone, { reason: 'No assessor that week' }), {
        previousStatus: 'provisional',
        reason: 'No assessor that week',
      }),
      sends: toEach(everyone, 'meetingRejected'),
      calendar: cancel,
    },
    {
      meeting: 'provisional',
      happened: 'expired by the sweeper',
      event: eventOf('PlanningMeetingExpired', meetingWith('expired'), { previousStatus: 'provisional', reason: 'Not approved within the provisional hold' }),
      sends: toEach(everyone, 'meetingCancelled'),
      calendar: cancel,
    },
    {
      meeting: 'confirmed',
      happened: 'booked directly',
      event: eventOf('PlanningMeetingBooked', meetingWith('confirmed', everyone, { version: 1 })),
      sends: toEach(everyone, 'meetingInvite'),
      calendar: request('CONFIRMED'),
    },
    {
      meeting: 'confirmed',
      happened: 'updated (not the time)',
      event: eventOf('PlanningMeetingUpdated', meetingWith('confirmed', everyone, { location: 'Room 2' }), { fields: ['location'] }),
      sends: toEach(everyone, 'meetingUpdated'),
      calendar: request('CONFIRMED'),
    },
    {
      meeting: 'confirmed',
      happened: 'rescheduled (time changed)',
      event: eventOf('PlanningMeetingRescheduled', meetingWith('confirmed', everyone, { start: '2027-01-05T09:00:00Z', end: '2027-01-05T10:00:00Z' }), {
        fields: ['start', 'end'],
        previousStart: '2027-01-04T09:00:00Z',
        previousEnd: '2027-01-04T10:00:00Z',
      }),
      sends: toEach(everyone, 'meetingRescheduled'),
      calendar: request('CONFIRMED'),
    },
    {
      meeting: 'confirmed',
      happened: 'cancelled',
      event: eventOf('PlanningMeetingCancelled', meetingWith('cancelled', everyone, { reason: 'Apprentice on leave' }), {
        previousStatus: 'confirmed',
        reason: 'Apprentice on leave',
      }),
      sends: toEach(everyone, 'meetingCancelled'),
      calendar: cancel,
    },
    {
      meeting: 'confirmed',
      happened: 'attendee removed',
      event: eventOf('PlanningMeetingAttendeeRemoved', meetingWith('confirmed', everyone.filter((attendee) => attendee !== ao)), { attendee: ao }),
      sends: toEach([ao], 'meetingCancelled'),
      calendar: cancel,
    },
    {
      meeting: 'confirmed',
      happened: 'attendee added',
      event: eventOf('PlanningMeetingAttendeeAdded', meetingWith('confirmed', [...everyone, newcomer]), { attendee: newcomer }),
      sends: toEach([newcomer], 'meetingInvite'),
      calendar: request('CONFIRMED'),
    },
    {
      meeting: 'confirmed',
      happened: 'reminder: the start is near',
      event: eventOf('PlanningMeetingReminderDue', meetingWith('confirmed')),
      sends: toEach(everyone, 'meetingReminder'),
      // The invite is in everyone's calendar already: the reminder's email carries none.
      calendar: null,
    },
  ])('$meeting meeting, $happened', ({ event, sends, calendar }) => {
    const planned = planNotifications(event, defaultCommunicationConfiguration);
    expect(pairs(planned)).toEqual(sends);
    for (const notification of planned) {
      expect(notification.calendar).toEqual(calendar);
      expect(notification.channels).toEqual(['email']);
    }
  });
});

describe('notification planner: cases the table leaves to us', () => {
  it('tells a confirmed meeting whose time moved "rescheduled", even when the event calls it an update', () => {
    const event = eventOf('PlanningMeetingUpdated', meetingWith('confirmed', everyone, { start: '2027-01-05T09:00:00Z', end: '2027-01-05T10:00:00Z' }), {
      fields: ['start', 'end'],
      previousStart: '2027-01-04T09:00:00Z',
    });
    expect(pairs(planNotifications(event, defaultCommunicationConfiguration))).toEqual(toEach(everyone, 'meetingRescheduled'));
  });

  it('tells a provisional meeting whose time moved "updated", even when the event calls it a reschedule', () => {
    const event = eventOf('PlanningMeetingRescheduled', meetingWith('provisional'), { fields: ['start'], previousStart: '2027-01-03T09:00:00Z' });
    const planned = planNotifications(event, defaultCommunicationConfiguration);
    expect(pairs(planned)).toEqual(toEach(everyone, 'meetingUpdated'));
    expect(planned[0]?.calendar).toEqual(request('TENTATIVE'));
  });

  it('tells everyone when a provisional meeting is cancelled', () => {
    const event = eventOf('PlanningMeetingCancelled', meetingWith('cancelled'), { previousStatus: 'provisional' });
    const planned = planNotifications(event, defaultCommunicationConfiguration);
    expect(pairs(planned)).toEqual(toEach(everyone, 'meetingCancelled'));
    expect(planned[0]?.calendar).toEqual(cancel);
  });

  it('on reassignment, updates everyone but the new EPA, who is invited by their own AttendeeAdded event', () => {
    const newEpa: Attendee = { id: 'att-epa-2', kind: 'user', userId: 'epa-2', role: 'epa', name: 'Ian Assessor', email: 'ian@example.org' };
    const attendees = [apprentice, ao, mentor, assessor, newEpa];
    const meeting = meetingWith('confirmed', attendees, { epaId: 'epa-2' });
    const updated = eventOf('PlanningMeetingUpdated', meeting, { fields: ['epaId'], previousEpaId: 'epa-1' });
    const removed = eventOf('PlanningMeetingAttendeeRemoved', meeting, { attendee: epa, previousEpaId: 'epa-1' });
    const added = eventOf('PlanningMeetingAttendeeAdded', meeting, { attendee: newEpa });
    expect(pairs(planNotifications(updated, defaultCommunicationConfiguration))).toEqual(toEach([apprentice, ao, mentor, assessor], 'meetingUpdated'));
    expect(pairs(planNotifications(removed, defaultCommunicationConfiguration))).toEqual(toEach([epa], 'meetingCancelled'));
    expect(pairs(planNotifications(added, defaultCommunicationConfiguration))).toEqual(toEach([newEpa], 'meetingInvite'));
  });

  it('sends no reminder for a meeting cancelled after the sweeper wrote it', () => {
    expect(planNotifications(eventOf('PlanningMeetingReminderDue', meetingWith('cancelled')), defaultCommunicationConfiguration)).toEqual([]);
  });

  it('sends nothing for an attendee event that names no attendee', () => {
    expect(planNotifications(eventOf('PlanningMeetingAttendeeRemoved', meetingWith('confirmed')), defaultCommunicationConfiguration)).toEqual([]);
  });
});

describe('notification planner: the communication configuration (SPEC §5.2)', () => {
  const configure = (type: NotificationType, settings: Partial<CommunicationConfiguration['types'][NotificationType]>): CommunicationConfiguration =>
    CommunicationConfiguration.parse({ types: { [type]: { ...defaultCommunicationConfiguration.types[type], ...settings } } });
  const booked = eventOf('PlanningMeetingBooked', meetingWith('confirmed', everyone, { version: 1 }));

  it('a disabled type sends nothing, and leaves the other types alone', () => {
    const configuration = configure('meetingInvite', { enabled: false });
    expect(planNotifications(booked, configuration)).toEqual([]);
    const cancelled = eventOf('PlanningMeetingCancelled', meetingWith('cancelled'));
    expect(pairs(planNotifications(cancelled, configuration))).toEqual(toEach(everyone, 'meetingCancelled'));
  });

  it('a role left out of recipientRoles receives nothing', () => {
    const configuration = configure('meetingInvite', { recipientRoles: ['apprentice', 'epa', 'awardingorganisation', 'onProgrammeAssessor', 'other'] });
    expect(pairs(planNotifications(booked, configuration))).toEqual(toEach([apprentice, epa, ao, assessor], 'meetingInvite'));
  });

  it('SMS only to recipients with a phone number', () => {
    const planned = planNotifications(booked, configure('meetingInvite', { channels: ['email', 'sms'] }));
    const byRecipient = Object.fromEntries(planned.map((notification) => [notification.recipient.id, notification.channels]));
    expect(byRecipient).toEqual({
      [apprentice.id]: ['email'],
      [epa.id]: ['email', 'sms'],
      [ao.id]: ['email'],
      [mentor.id]: ['email', 'sms'],
      [assessor.id]: ['email'],
    });
  });

  it('in-app only to directory users, never to guests', () => {
    const planned = planNotifications(booked, configure('meetingInvite', { channels: ['inApp', 'email'] }));
    const byRecipient = Object.fromEntries(planned.map((notification) => [notification.recipient.id, notification.channels]));
    expect(byRecipient).toEqual({
      [apprentice.id]: ['inApp', 'email'],
      [epa.id]: ['inApp', 'email'],
      [ao.id]: ['inApp', 'email'],
      [mentor.id]: ['email'],
      [assessor.id]: ['email'],
    });
  });

  it('a recipient no configured channel can reach is left out', () => {
    const planned = planNotifications(booked, configure('meetingInvite', { channels: ['sms'] }));
    expect(pairs(planned)).toEqual(toEach([epa, mentor], 'meetingInvite'));
  });
});

describe('template times', () => {
  it('show a guest the organisation’s zone and a directory user their own', () => {
    const event = eventOf('PlanningMeetingApproved', meetingWith('confirmed', everyone, { start: '2027-01-04T14:00:00Z', end: '2027-01-04T15:00:00Z' }));
    const inNewYork = { organisationTimeZone: 'America/New_York' };
    expect(templateValues(event, mentor, inNewYork).time).toMatch(/^09:00 to 10:00/);
    expect(templateValues(event, { ...epa, timeZone: 'Europe/Paris' } as Attendee, inNewYork).time).toMatch(/^15:00 to 16:00/);
    expect(templateValues(event, mentor, {}).time).toMatch(/^14:00 to 15:00 GMT/);
  });
});
