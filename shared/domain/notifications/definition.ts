import type { AttendeeRole, Attendee, MeetingStatus, PlanningMeeting } from '../planning-meeting.ts';
import type { PlanningMeetingEvent, PlanningMeetingEventType } from '../planning-meeting-events.ts';

export type CalendarMethod = 'REQUEST' | 'CANCEL';
export type CalendarStatus = 'TENTATIVE' | 'CONFIRMED' | 'CANCELLED';
export interface CalendarIntent {
  method: CalendarMethod;
  status: CalendarStatus;
}

/** The words a customer can change (SPEC §5.2): the email's subject and letter (also the in-app text) and the text message. */
export interface DefaultTexts {
  subject: string;
  body: string;
  sms: string;
}

/** One row of SPEC §5.1 as the type's module answers it, for people and tests to read; `recipients` is what the planner runs. */
export interface NotificationRow {
  status: MeetingStatus;
  happened: string;
  to: 'all attendees' | 'the added attendee' | 'the removed attendee';
}

/**
 * Everything one notification type is, in one place: adding a type is one module
 * listed in `index.ts`, and the configuration schema, the planner and the screens'
 * labels follow from the list.
 */
export interface NotificationDefinition<Id extends string = string> {
  /** The id of SPEC §8, the key of the communication configuration. */
  id: Id;
  /** How people see it named: the Planning tab, the local outbox. */
  label: string;
  /** The SPEC §5.1 rows this type answers. */
  rows: readonly NotificationRow[];
  /** The change events it may answer, so the planner asks only these types. */
  events: readonly PlanningMeetingEventType[];
  /** Whom it tells about this event, before the configuration's roles; null when the event is not this type's (another type answers it, or none does). */
  recipients: (event: PlanningMeetingEvent) => Attendee[] | null;
  /** Attendee roles that receive it until a customer configures otherwise. */
  defaultRecipientRoles: readonly AttendeeRole[];
  defaultTexts: DefaultTexts;
  /** The invite an email carries, or null for an email without one. */
  calendar: (meeting: Pick<PlanningMeeting, 'status'>) => CalendarIntent | null;
}

/** Keeps the id's literal type, which the catalogue's list turns into the notification type ids. */
export const defineNotification = <const Id extends string>(definition: NotificationDefinition<Id>): NotificationDefinition<Id> => definition;

/** REQUEST while the meeting stands, TENTATIVE until it is approved. */
export const invitation = (meeting: Pick<PlanningMeeting, 'status'>): CalendarIntent => ({
  method: 'REQUEST',
  status: meeting.status === 'provisional' ? 'TENTATIVE' : 'CONFIRMED',
});

/** CANCEL for whoever the meeting is over for; a removed attendee's carries STATUS:CANCELLED too, as SPEC §5.3 says. */
export const cancellation = (): CalendarIntent => ({ method: 'CANCEL', status: 'CANCELLED' });
