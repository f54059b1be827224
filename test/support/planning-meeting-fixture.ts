import type { PlanningMeeting } from '#domain/planning-meeting.ts';
import type { PlanningMeetingEvent } from '#domain/planning-meeting-events.ts';

/** A confirmed one-hour meeting on Monday 4 January 2027 at 09:00 GMT, for tests of what is built from a meeting. */
export const planningMeetingFixture = (overrides: Partial<PlanningMeeting> = {}): PlanningMeeting => ({
  id: 'meeting-1',
  apprenticeId: 'app-1',
  standardId: 'ST0116',
  epaId: 'epa-1',
  start: '2027-01-04T09:00:00Z',
  end: '2027-01-04T10:00:00Z',
  status: 'confirmed',
  version: 2,
  attendees: [],
  location: 'Teams',
  notes: null,
  createdAt: '2027-01-01T10:00:00Z',
  createdBy: 'app-1',
  updatedAt: '2027-01-02T10:00:00Z',
  updatedBy: 'owner-1',
  ...overrides,
});

/** The change event of a provisional booking just made, as the booking wrote it, under the given event id. */
export const provisionallyBookedEvent = (meeting: PlanningMeeting, eventId: string, occurredAt: number): PlanningMeetingEvent => ({
  eventId,
  type: 'PlanningMeetingProvisionallyBooked',
  meetingId: meeting.id,
  version: 1,
  occurredAt: new Date(occurredAt).toISOString(),
  actorId: 'demo-ao',
  meeting,
  change: {},
});
