import type { BookPlanningMeetingInput } from './meeting-inputs.ts';
import { bookingWindowFor, isInsideBookingWindow, type JourneyBookingWindow } from '#domain/booking-window.ts';
import { DAY_MS, MINUTE_MS } from '#domain/calendar-arithmetic.ts';
import { dayInWords, momentInWords } from '#domain/dates-in-words.ts';
import { gatewayStatusNames } from '#domain/gateway.ts';
import { rankResources, type ResourceMeeting } from '#domain/capacity-engine.ts';
import { DomainError } from '#domain/errors.ts';
import { checkSlot } from '#domain/slot-engine.ts';
import { busyIntervalsOf, claimsByEpa, type EpaClaim } from '#domain/time-claims.ts';
import { startOfLocalWeek } from '#domain/zone-clock.ts';
import type { Actor } from '#ports/actor.ts';
import { requireMayBookFor } from './authorisation.ts';
import { loadAvailabilityContext } from './availability-context.ts';
import { resolveNamedAttendees } from './meeting-attendees.ts';
import { commitWithRetries, initialAttendees, newMeeting, replayOrRefuse, type BookingAnswer, type BookingKey } from './new-meeting.ts';

/**
 * The instants whose claims a provisional booking reads for each candidate: the slot's
 * week and the one before it in the organisation's zone (the capacity engine counts the
 * week's meetings, and an EPA with no meeting in those two weeks counts as longest ago),
 * and two days either side of the start, which hold the meeting (at most 8 hours) and
 * the EPA's local day in any zone (the daily maximum, and its claim).
 */
const claimsToRead = (start: number, organisationZone: string): { start: number; end: number } => {
  const weekStart = startOfLocalWeek(start, organisationZone);
  return { start: Math.min(weekStart - 7 * DAY_MS, start - 2 * DAY_MS), end: Math.max(weekStart + 8 * DAY_MS, start + 2 * DAY_MS) };
};

/**
 * The capacity engine's choice among the EPAs free for the slot, from their meetings in
 * the two weeks read. Equals are spread by the apprentice's id (`spreadKey`), so that a
 * cohort booking at once does not aim at one EPA. An EPA this booking has already lost
 * a race on goes after the other free ones: the bookings it lost to may be aiming at it
 * still, and it is tried again only when no other EPA is free.
 */
const chooseAmongFree = (
  free: readonly string[],
  claims: readonly EpaClaim[],
  slot: { start: number; timeZone: string; spreadKey: string },
  lostOn: ReadonlySet<string>,
): string | undefined => {
  // Only the free EPAs' meetings can rank them; a meeting is listed in every claim it touches, and counts once.
  const isFree = new Set(free);
  const counted = new Set<string>();
  const meetings: ResourceMeeting[] = [];
  for (const claim of claims) {
    if (!isFree.has(claim.epaId)) continue;
    for (const interval of claim.intervals) {
      if (counted.has(interval.meetingId)) continue;
      counted.add(interval.meetingId);
      meetings.push({ resourceId: claim.epaId, start: interval.start, end: interval.end });
    }
  }
  const ranked = rankResources({ candidates: free, meetings, slotStart: slot.start, weekStartsIn: slot.timeZone, spreadKey: slot.spreadKey });
  return ranked.find((id) => !lostOn.has(id)) ?? ranked[0];
};

/** The window again at booking time (SPEC §3.4): a client cannot book outside it by calling the API directly. */
const requireInsideWindow = (window: JourneyBookingWindow, start: number, timeZone: string): void => {
  if (!isInsideBookingWindow(window, start)) {
    const stage = gatewayStatusNames[window.gatewayStatus];
    throw new DomainError(
      'OUTSIDE_BOOKING_WINDOW',
      window.earliest > window.latest
        ? `Nothing can be booked now for this apprentice (${stage})`
        : `For this apprentice (${stage}) meetings can be booked from ${momentInWords(window.earliest, timeZone)} to ${momentInWords(window.latest, timeZone)}`,
    );
  }
  if (window.epaDateBookingFrom !== null && start < window.epaDateBookingFrom) {
    throw new DomainError(
      'BEFORE_EPA_DATE_BOOKING_PERIOD',
      `Training providers can book this apprentice’s planning meeting from ${dayInWords(window.epaDateBookingFrom, timeZone)}, before the estimated EPA date`,
    );
  }
};

/**
 * Slot-based booking (SPEC §4.1): the start must be an offered slot inside the
 * caller's booking window, checked against a consistent read of the candidates'
 * claims; the capacity engine picks the EPA; one transaction writes it. When the
 * transaction loses a race, the claims are read again after a random pause and the
 * engine chooses again among the EPAs still free, for up to `RETRY_BUDGET_MS`: the
 * answer is 409 only when no EPA is free for the slot on what was just read
 * (decision 0002).
 *
 * Round trips: the apprentice (with the idempotency record, at once); the candidates'
 * schedules and claims, at once (with the standard, when this process holds no copy
 * of it); the directory users the booking names, if any; the transaction (decision 0005).
 */
export const bookProvisional = async (
  actor: Actor,
  input: Extract<BookPlanningMeetingInput, { status: 'provisional' }>,
  idempotency: BookingKey | undefined,
): Promise<BookingAnswer> => {
  const start = Date.parse(input.start);
  const [context, replay] = await Promise.all([
    loadAvailabilityContext(actor.deps, input.apprenticeId, {
      withUsers: true,
      authorise: (apprentice) => requireMayBookFor(actor, input.apprenticeId, apprentice),
      claimsBetween: ({ configuration }) => claimsToRead(start, configuration.timeZone),
    }),
    replayOrRefuse(actor, idempotency),
  ]);
  if (replay) return replay;
  if (!context.resolution.ok) {
    throw new DomainError('SLOT_UNAVAILABLE', `No availability for this apprentice (${context.resolution.reason})`);
  }
  const { configuration, standard, schedules } = context;
  const window = bookingWindowFor({ configuration, now: actor.now, caller: actor.caller, gateway: context.apprentice.gateway });
  requireInsideWindow(window, start, configuration.timeZone);
  const named = await resolveNamedAttendees(actor, input.attendees, context.apprentice, configuration.maxAttendeesPerMeeting);
  const candidates = context.resolution.resourceIds;
  const slotQuery = (busyOf: (id: string) => Array<{ start: number; end: number }>) => ({
    resources: candidates.map((id) => ({ id, schedule: schedules.get(id)!, busy: busyOf(id) })),
    durationMinutes: standard.meetingDurationMinutes,
    intervalMinutes: standard.slotIntervalMinutes,
    window,
    closedDays: { timeZone: configuration.timeZone, dates: configuration.nonWorkingDates },
  });
  const end = start + standard.meetingDurationMinutes * MINUTE_MS;
  const reread = claimsToRead(start, configuration.timeZone);

  return commitWithRetries(
    actor,
    idempotency,
    context.claims,
    () => actor.deps.claims.readBetween(candidates, reread.start, reread.end),
    (claims, lostOn) => {
      const byEpa = claimsByEpa(claims);
      const check = checkSlot(slotQuery((id) => busyIntervalsOf(byEpa.get(id) ?? [])), start);
      const epaId = check.offered
        ? chooseAmongFree(check.freeResourceIds, claims, { start, timeZone: configuration.timeZone, spreadKey: input.apprenticeId }, lostOn)
        : undefined;
      if (!epaId) {
        if (!checkSlot(slotQuery(() => []), start).offered) {
          throw new DomainError('VALIDATION_FAILED', 'The start is not a slot of this apprentice’s standard and availability', [
            { path: 'start', message: 'is not an offered slot time (see planning-meeting-slots)' },
          ]);
        }
        throw new DomainError('SLOT_UNAVAILABLE', 'That slot has just been taken; choose another');
      }
      const meeting = newMeeting(actor, {
        apprenticeId: input.apprenticeId,
        standardId: context.apprentice.standardId,
        epaId,
        start,
        end,
        status: 'provisional',
        attendees: initialAttendees(actor, input.apprenticeId, context.apprentice, epaId, context.users, named),
        location: input.location ?? null,
        notes: input.notes ?? null,
      });
      const schedule = schedules.get(epaId)!;
      return {
        meeting,
        zone: schedule.timeZone,
        event: { type: 'PlanningMeetingProvisionallyBooked', change: {} },
        // The maximum was checked on what was read: the day's claim makes the check hold at commit.
        checksDailyMaximum: schedule.maxMeetingsPerDay != null,
      };
    },
    () => new DomainError('SLOT_UNAVAILABLE', 'That slot is in demand and could not be booked; choose another or try again'),
  );
};
