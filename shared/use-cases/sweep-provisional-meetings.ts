import { HOUR_MS, MINUTE_MS } from '#domain/calendar-arithmetic.ts';
import { DomainError } from '#domain/errors.ts';
import { permissionIds, type Caller } from '#domain/roles.ts';
import type { PlanningMeeting } from '#domain/planning-meeting.ts';
import { loadAvailabilityConfiguration } from './configuration-reads.ts';
import { changePlanningMeeting } from './change-planning-meeting.ts';
import type { Dependencies } from '#ports/dependencies.ts';
import { publishPendingEvents } from './publish-pending-events.ts';
import { resendUnsettledSends } from './resend-unsettled-sends.ts';
import { sweepMeetingReminders } from './sweep-meeting-reminders.ts';

export const SWEEPER_ID = 'system:sweeper';
const PAGE_SIZE = 100;
/** A run stops after this many pages; the next run (15 minutes later) carries on. */
const MAX_PAGES = 50;

export interface SweepReport {
  examined: number;
  expired: string[];
  /** Outbox events the stream publisher had left behind, published now. */
  republished: number;
  /** Sends claimed over five minutes ago and never settled, whose event this sweep delivered again so that they are sent again. */
  resentSends: number;
  /** Sends left unsettled and given up by this sweep (each by one sweep only): sent again too often already, or their event is gone. */
  unsettledSends: number;
  /** Confirmed meetings whose reminder this sweep wrote (SPEC §5.1). */
  reminded: string[];
}

/** The stream publisher normally takes an event within seconds; older ones it must have missed. */
const STALE_EVENT_MS = 5 * MINUTE_MS;

/** Expired when not approved within the hold (counted from booking) or when its start has passed (SPEC §4.1). */
export const isDueToExpire = (meeting: PlanningMeeting, holdHours: number, now: number): boolean =>
  Date.parse(meeting.start) <= now || Date.parse(meeting.createdAt) + holdHours * HOUR_MS <= now;

/**
 * Pages through provisional meetings (gsi3 `STATUS#provisional`, never a scan) and
 * expires the overdue ones, each in its own transaction with its event. Two sweepers
 * at once are harmless: the loser of each meeting finds it already expired.
 */
export const sweepProvisionalMeetings = async (deps: Dependencies, now: number): Promise<SweepReport> => {
  const { data: configuration } = await loadAvailabilityConfiguration({ deps });
  const caller: Caller = { userId: SWEEPER_ID, roles: [] };
  const actor = { caller, permissions: new Set(permissionIds), now, deps };
  const report: SweepReport = { examined: 0, expired: [], republished: 0, resentSends: 0, unsettledSends: 0, reminded: [] };
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const found = await deps.meetings.list('gsi3', 'STATUS#provisional', {}, { limit: PAGE_SIZE, cursor });
    report.examined += found.items.length;
    for (const meeting of found.items.filter((candidate) => isDueToExpire(candidate, configuration.provisionalHoldHours, now))) {
      try {
        await changePlanningMeeting(actor, meeting.id, () => ({
          kind: 'expire',
          reason: Date.parse(meeting.start) <= now ? 'The meeting time passed before it was approved' : 'Not approved within the provisional hold',
        }));
        report.expired.push(meeting.id);
      } catch (error) {
        // Approved, rejected or expired by someone else since the page was read.
        if (!(error instanceof DomainError && (error.code === 'INVALID_TRANSITION' || error.code === 'NOT_FOUND'))) throw error;
      }
    }
    cursor = found.cursor;
    if (!cursor) break;
  }
  report.reminded = (await sweepMeetingReminders(deps, now, SWEEPER_ID)).reminded;
  report.republished = (await publishPendingEvents(deps, { olderThanMs: STALE_EVENT_MS })).published.length;
  // Sent again, at least once (decision 0003); given up, and alarmed, only after a few tries.
  const unsettled = await resendUnsettledSends(deps, now);
  report.resentSends = unsettled.resent;
  report.unsettledSends = unsettled.givenUp;
  deps.logger.log('info', 'sweep', {
    examined: report.examined,
    expired: report.expired.length,
    republished: report.republished,
    resentSends: report.resentSends,
    unsettledSends: report.unsettledSends,
    reminded: report.reminded.length,
  });
  return report;
};
