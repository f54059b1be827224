import type { MeetingEventDraft } from '#domain/meeting-lifecycle.ts';
import type { PlanningMeeting } from '#domain/planning-meeting.ts';
import { withMeeting, withoutMeeting, type EpaClaim } from '#domain/time-claims.ts';
import { toUtcIso } from '#domain/primitives.ts';
import type { PlanningMeetingEvent } from '#domain/planning-meeting-events.ts';
import type { ClaimWrite, HistoryEntry, MeetingWrite } from '#ports/meeting-store.ts';
import type { Dependencies } from '#ports/dependencies.ts';

/** The change events of one change, each with its own id, all carrying the meeting as it now is. */
export const eventsOf = (
  deps: Pick<Dependencies, 'newId'>,
  meeting: PlanningMeeting,
  drafts: readonly MeetingEventDraft[],
  actorId: string,
  now: number,
): PlanningMeetingEvent[] =>
  drafts.map((draft) => ({
    eventId: deps.newId(),
    type: draft.type,
    meetingId: meeting.id,
    version: meeting.version,
    occurredAt: toUtcIso(now),
    actorId,
    meeting,
    change: draft.change,
  }));

/** Who, when, what: one history entry per event (SPEC §4.1 "every change is kept"). */
export const historyOf = (events: readonly PlanningMeetingEvent[]): HistoryEntry[] =>
  events.map((event) => ({
    at: event.occurredAt,
    by: event.actorId,
    type: event.type,
    version: event.version,
    change: event.change as Record<string, unknown>,
  }));

/**
 * The claim items a change must write: the meeting's interval in each claim it now
 * holds (`holdsIn`, its claim units: none once released), and removed from every other
 * claim read (those it held). Every claim read is rewritten with its version checked,
 * which is what serialises racing bookings of one EPA's hour.
 */
export const claimWrites = (
  claims: readonly EpaClaim[],
  meeting: PlanningMeeting,
  holdsIn: readonly string[],
): ClaimWrite[] =>
  claims.map((claim) => ({
    epaId: claim.epaId,
    unit: claim.unit,
    expectedVersion: claim.version,
    intervals:
      claim.epaId === meeting.epaId && holdsIn.includes(claim.unit)
        ? withMeeting(claim, { meetingId: meeting.id, start: Date.parse(meeting.start), end: Date.parse(meeting.end) })
        : withoutMeeting(claim, meeting.id),
  }));


export type { MeetingWrite };
