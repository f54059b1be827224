import { DomainError } from '#domain/errors.ts';
import { permissionIds, type Caller } from '#domain/roles.ts';
import type { PlanningMeeting } from '#domain/planning-meeting.ts';
import { loadAvailabilityConfiguration } from './configuration.ts';
import { changePlanningMeeting } from './change-planning-meeting.ts';
import type { Dependencies } from '#ports/dependencies.ts';
import { metricNames } from '#ports/metrics.ts';
import { publishPendingEvents } from './publish-pending-events.ts';

export const SWEEPER_ID = 'system:sweeper';
const PAGE_SIZE = 100;
/** A run stops after this many pages; the next run (15 minutes later) carries on. */
const MAX_PAGES = 50;

export interface SweepReport {
  examined: number;
  expired: string[];
  /** Outbox events the stream publisher had left behind, published now. */
  republished: number;
  /** Sends claimed over `UNSETTLED_SEND_MS` ago and never settled, found by this sweep (each is reported by one sweep only). */
  unsettledSends: number;
}

/** The stream publisher normally takes an event within seconds; older ones it must have missed. */
const STALE_EVENT_MS = 5 * 60_000;

const HOUR_MS = 3_600_000;

/**
 * A notifier settles a send within its timeout (a minute); a claim this old was left by
 * one that stopped between claiming and settling, and no later delivery takes it again.
 */
const UNSETTLED_SEND_MS = 5 * 60_000;
/** More wait for the next sweep. */
const MAX_UNSETTLED_REPORTED = 100;

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
  const report: SweepReport = { examined: 0, expired: [], republished: 0, unsettledSends: 0 };
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
  report.republished = (await publishPendingEvents(deps, { olderThanMs: STALE_EVENT_MS })).published.length;
  // Not sent again (a send may have gone before its notifier stopped; decision 0003): told once, so that someone can look.
  const unsettled = await deps.notifications.takeUnsettledSends(now - UNSETTLED_SEND_MS, MAX_UNSETTLED_REPORTED, now);
  for (const send of unsettled) deps.logger.log('error', 'notification left unsettled: it may not have been sent', { ...send });
  report.unsettledSends = unsettled.length;
  deps.metrics?.count(metricNames.unsettledSends, unsettled.length);
  deps.logger.log('info', 'sweep', {
    examined: report.examined,
    expired: report.expired.length,
    republished: report.republished,
    unsettledSends: report.unsettledSends,
  });
  return report;
};
