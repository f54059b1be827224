import { HOUR_MS } from '#domain/calendar-arithmetic.ts';
import { defaultCommunicationConfiguration, StoredCommunicationConfiguration, type CommunicationConfiguration } from '#domain/communication-configuration.ts';
import { reminderDecision } from '#domain/notifications/meeting-reminder.ts';
import type { PlanningMeetingEvent } from '#domain/planning-meeting-events.ts';
import type { PlanningMeeting } from '#domain/planning-meeting.ts';
import { toUtcIso } from '#domain/primitives.ts';
import type { Dependencies } from '#ports/dependencies.ts';

const PAGE_SIZE = 100;
/** A run stops after this many pages; the next run carries on, and a reminder whose time has passed still goes then. */
const MAX_PAGES = 50;

export interface ReminderSweepReport {
  /** Confirmed meetings starting within the lead time. */
  examined: number;
  /** Meetings whose reminder event this sweep wrote. */
  reminded: string[];
}

const reminderEvent = (deps: Pick<Dependencies, 'newId'>, meeting: PlanningMeeting, actorId: string, now: number): PlanningMeetingEvent => ({
  eventId: deps.newId(),
  type: 'PlanningMeetingReminderDue',
  meetingId: meeting.id,
  version: meeting.version,
  occurredAt: toUtcIso(now),
  actorId,
  meeting,
  change: {},
});

/**
 * The meeting reminders (SPEC §5.1): the confirmed meetings starting between now and now
 * plus the lead time, read from gsi3 `STATUS#confirmed` by start (never a scan). Each
 * whose reminder time has come and whose start has no reminder yet gets its reminder
 * event, written with the start's marker in one transaction (`recordReminder`), so it
 * goes once per start however many sweeps run, and again after a reschedule. A sweep
 * that ran late finds every meeting whose reminder time passed meanwhile, as long as it
 * has not started. A meeting booked, approved or moved after its reminder time gets a
 * marker and no event: what it was sent then told everyone the time.
 */
export const sweepMeetingReminders = async (deps: Dependencies, now: number, actorId: string): Promise<ReminderSweepReport> => {
  const report: ReminderSweepReport = { examined: 0, reminded: [] };
  const stored = await deps.records.get<CommunicationConfiguration>('configuration', 'notifications');
  const configuration = stored ? StoredCommunicationConfiguration.parse(stored.data) : defaultCommunicationConfiguration;
  const leadHours = configuration.reminderLeadHours;
  // Off (0 hours, or the type disabled) writes nothing, so turning it on again reminds the meetings still ahead.
  if (leadHours === 0 || !configuration.types.meetingReminder.enabled) return report;
  // `~` sorts after the `#<id>` that follows a start in the index key: a meeting at exactly now + lead time is included.
  const range = { from: toUtcIso(now), to: `${toUtcIso(now + leadHours * HOUR_MS)}~` };
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const found = await deps.meetings.list('gsi3', 'STATUS#confirmed', range, { limit: PAGE_SIZE, cursor });
    report.examined += found.items.length;
    for (const meeting of found.items) {
      // The history is read only for meetings whose time has come and whose start has no reminder yet.
      if (reminderDecision(meeting, [], leadHours, now) === 'notNow') continue;
      if (await deps.meetings.reminderWritten(meeting.id, meeting.start)) continue;
      const decision = reminderDecision(meeting, await deps.meetings.history(meeting.id), leadHours, now);
      if (decision === 'notNow') continue;
      const event = decision === 'due' ? reminderEvent(deps, meeting, actorId, now) : null;
      // Refused when the meeting changed since it was read or another sweep wrote the marker first: the next sweep reads it again.
      if ((await deps.meetings.recordReminder(meeting, event)) && event) report.reminded.push(meeting.id);
    }
    cursor = found.cursor;
    if (!cursor) break;
  }
  return report;
};
