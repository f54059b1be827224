import { HOUR_MS } from '../calendar-arithmetic.ts';
import type { PlanningMeetingEventType } from '../planning-meeting-events.ts';
import { attendeeRoles, type PlanningMeeting } from '../planning-meeting.ts';
import { defineNotification } from './definition.ts';
import { details, letter, seeTheMeeting } from './letters.ts';

/**
 * The start is near (SPEC §5.1's last row). The sweeper decides when, from the lead time
 * in the communication configuration; this module only says what it sends.
 */
export const meetingReminder = defineNotification({
  id: 'meetingReminder',
  label: 'Meeting reminder',
  rows: [{ status: 'confirmed', happened: 'reminder: the start is near', to: 'all attendees' }],
  events: ['PlanningMeetingReminderDue'],
  // A meeting changed since the sweeper wrote the reminder is no longer confirmed only if it was cancelled in between.
  recipients: (event) => (event.meeting.status === 'confirmed' ? event.meeting.attendees : null),
  defaultRecipientRoles: attendeeRoles,
  defaultTexts: {
    subject: 'Reminder: planning meeting on {{date}}',
    body: letter('This is a reminder of the planning meeting below.', details, seeTheMeeting),
    sms: 'Reminder: planning meeting for {{apprenticeName}} on {{date}}, {{time}}. Where: {{location}}.',
  },
  // The calendar entry is already there from the invite: a new one would only ask everyone to accept it again.
  calendar: () => null,
});

/** SPEC §5.1: a day before, unless the customer says otherwise; 0 sends none. */
export const DEFAULT_REMINDER_LEAD_HOURS = 24;
/** A week: further ahead is no reminder, and the sweeper reads every confirmed meeting inside the lead time. */
export const MAX_REMINDER_LEAD_HOURS = 168;


/** A history entry as far as the reminder reads it. */
export interface MeetingHistoryStep {
  at: string;
  type: PlanningMeetingEventType | string;
  change: { previousStart?: unknown; fields?: unknown };
}

/**
 * When the meeting last got its present start or became confirmed: its booking, its
 * approval, its last move. Each of these told everyone the time already, so one made
 * after the reminder time stands in for the reminder.
 */
export const armedAt = (history: readonly MeetingHistoryStep[]): string | undefined => {
  let latest: string | undefined;
  for (const step of history) {
    const moved =
      step.type === 'PlanningMeetingRescheduled' ||
      (step.type === 'PlanningMeetingUpdated' &&
        (step.change.previousStart !== undefined || (Array.isArray(step.change.fields) && step.change.fields.includes('start'))));
    const set = moved || step.type === 'PlanningMeetingProvisionallyBooked' || step.type === 'PlanningMeetingBooked' || step.type === 'PlanningMeetingApproved';
    if (set && (latest === undefined || step.at > latest)) latest = step.at;
  }
  return latest;
};

export type ReminderDecision =
  /** Send it now: its time has come (or passed while no sweep ran) and the meeting has not started. */
  | 'due'
  /**
   * Nothing to record: not yet, no longer (it started), not confirmed, or reminders are
   * off, which a customer may turn on again before the start.
   */
  | 'notNow'
  /** Never for this start: it was booked, approved or moved after its reminder time, which told everyone the time already. */
  | 'none';

/**
 * Whether the meeting's reminder goes now (SPEC §5.1). Sent once per start: the sweeper
 * records each decision of 'due' or 'none' against the start, so a reschedule, which
 * changes the start, arms it again.
 */
export const reminderDecision = (
  meeting: Pick<PlanningMeeting, 'status' | 'start' | 'createdAt'>,
  history: readonly MeetingHistoryStep[],
  leadHours: number,
  now: number,
): ReminderDecision => {
  if (leadHours <= 0 || meeting.status !== 'confirmed') return 'notNow';
  const start = Date.parse(meeting.start);
  const remindAt = start - leadHours * HOUR_MS;
  if (now < remindAt || now >= start) return 'notNow';
  const armed = armedAt(history) ?? meeting.createdAt;
  return Date.parse(armed) > remindAt ? 'none' : 'due';
};
