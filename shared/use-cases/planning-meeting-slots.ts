import { explainSlots } from '#domain/availability-reason.ts';
import { bookingWindowFor } from '#domain/booking-window.ts';
import { DAY_MS } from '#domain/calendar-arithmetic.ts';
import { epochDayOf, toUtcIso } from '#domain/primitives.ts';
import { startOfLocalDay } from '#domain/zone-clock.ts';
import type { SlotResource } from '#domain/slot-engine.ts';
import { MAX_MEETING_MS, busyIntervalsOf, claimsByEpa } from '#domain/time-claims.ts';
import { loadAvailabilityContext } from './availability-context.ts';
import { requireMayBookFor } from './authorisation.ts';
import type { Actor } from '#ports/actor.ts';

/** `from` and `to` are whole days in the organisation's zone, `to` included. */
export const rangeOfDays = (from: string, to: string, timeZone: string): { start: number; end: number } => ({
  start: startOfLocalDay(epochDayOf(from), timeZone),
  end: startOfLocalDay(epochDayOf(to) + 1, timeZone),
});

/**
 * The offered slots of an apprentice over whole days (SPEC §3.3), with the source used,
 * the caller's window and, when there are none, why. Two sequential round trips: the
 * apprentice; the candidates' schedules beside their claims, with the standard when
 * this process holds no copy of it (`loadAvailabilityContext`). Busy time comes from
 * the claims, whole local days either side so that a daily maximum at the range's edges
 * counts right, and a meeting that starts before the range can reach into it.
 */
export const listPlanningMeetingSlots = async (actor: Actor, apprenticeId: string, from: string, to: string) => {
  const context = await loadAvailabilityContext(actor.deps, apprenticeId, {
    authorise: (apprentice) => requireMayBookFor(actor, apprenticeId, apprentice),
    claimsBetween: ({ configuration }) => {
      const range = rangeOfDays(from, to, configuration.timeZone);
      return { start: range.start - DAY_MS - MAX_MEETING_MS, end: range.end + DAY_MS };
    },
  });
  const timeZone = context.configuration.timeZone;
  const range = rangeOfDays(from, to, timeZone);
  const { configuration } = context;
  const window = bookingWindowFor({ configuration, now: actor.now, caller: actor.caller, gateway: context.apprentice.gateway });
  const answer = {
    apprenticeId,
    timeZone,
    // So a screen can say how long a provisional booking is held before it expires unapproved.
    provisionalHoldHours: configuration.provisionalHoldHours,
    window: {
      earliest: toUtcIso(window.earliest),
      latest: toUtcIso(window.latest),
      gatewayStatus: window.gatewayStatus,
      anchorDate: window.anchorDate,
      additionalInfo: configuration.bookingNoticeAdditionalInfo,
      epaDateBookingFrom: window.epaDateBookingFrom === null ? null : toUtcIso(window.epaDateBookingFrom),
    },
  };
  if (!context.resolution.ok) {
    return { ...answer, source: context.resolution.source, slots: [], reason: context.resolution.reason };
  }
  const { resolution, standard } = context;
  const byEpa = claimsByEpa(context.claims);
  const explained = explainSlots({
    resources: resolution.resourceIds.map((id): SlotResource => ({
      id,
      schedule: context.schedules.get(id)!,
      busy: busyIntervalsOf(byEpa.get(id) ?? []),
    })),
    durationMinutes: standard.meetingDurationMinutes,
    intervalMinutes: standard.slotIntervalMinutes,
    range,
    window,
    closedDays: { timeZone, dates: configuration.nonWorkingDates },
  });
  return {
    ...answer,
    source: resolution.source,
    slots: explained.slots.map((slot) => ({ start: toUtcIso(slot.start), end: toUtcIso(slot.end) })),
    reason: explained.slots.length > 0 ? null : explained.reason,
  };
};
