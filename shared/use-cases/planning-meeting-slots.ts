import { explainSlots } from '#domain/availability-reason.ts';
import { bookingWindowFor } from '#domain/booking-window.ts';
import { epochDayOf, toUtcIso } from '#domain/primitives.ts';
import { startOfLocalDay } from '#domain/zone-clock.ts';
import { runSlotPipeline, searchSpan, type SlotQuery, type SlotResource } from '#domain/slot-engine.ts';
import { busyIntervalsOf, claimsByEpa, utcWeeksOverlapping, type EpaWeekClaim } from '#domain/time-claims.ts';
import { loadAvailabilityContext } from './availability-context.ts';
import { requireMayBookFor } from './authorisation.ts';
import type { Actor } from '#ports/actor.ts';

const DAY_MS = 86_400_000;
/** Longest meeting a standard allows; busy meetings that start this long before the range can still reach into it. */
const LONGEST_MEETING_MS = 8 * 3_600_000;

/** `from` and `to` are whole days in the organisation's zone, `to` included. */
export const rangeOfDays = (from: string, to: string, timeZone: string): { start: number; end: number } => ({
  start: startOfLocalDay(epochDayOf(from), timeZone),
  end: startOfLocalDay(epochDayOf(to) + 1, timeZone),
});

export const listPlanningMeetingSlots = async (actor: Actor, apprenticeId: string, from: string, to: string) => {
  const context = await loadAvailabilityContext(actor.deps, apprenticeId);
  requireMayBookFor(actor, apprenticeId, context.apprentice);
  const timeZone = context.configuration.timeZone;
  const window = bookingWindowFor({ configuration: context.configuration, now: actor.now, caller: actor.caller });
  const answer = {
    apprenticeId,
    timeZone,
    window: { earliest: toUtcIso(window.earliest), latest: toUtcIso(window.latest) },
  };
  if (!context.resolution.ok) {
    return { ...answer, source: context.resolution.source, slots: [], reason: context.resolution.reason };
  }
  const { resolution, standard } = context;
  const range = rangeOfDays(from, to, timeZone);
  // Busy time from the EPAs' claim weeks: one batched read for every member, whole local
  // days either side so that a daily maximum at the range's edges counts right. A listing
  // is advice (the booking decides against the table), so recent claims will do.
  const weeks = utcWeeksOverlapping(range.start - DAY_MS - LONGEST_MEETING_MS, range.end + DAY_MS);
  const claims = await actor.deps.meetings.recentClaims(resolution.resourceIds.flatMap((epaId) => weeks.map((week) => ({ epaId, week }))));
  const byEpa = claimsByEpa(claims);
  const query = (): Omit<SlotQuery, 'window'> => ({
    resources: resolution.resourceIds.map((id): SlotResource => ({
      id,
      schedule: context.schedules.get(id)!,
      busy: busyIntervalsOf(byEpa.get(id) ?? []),
    })),
    durationMinutes: standard.meetingDurationMinutes,
    intervalMinutes: standard.slotIntervalMinutes,
    range,
  });

  const key = listingKey(resolution.resourceIds, context.scheduleVersions, byEpa, standard, range);
  let ofRange = actor.deps.offeredSlots.get(key);
  if (ofRange === undefined) {
    // Without the window: the same starts the windowed run would give inside it, since
    // each start is judged on its own; the window is a cut, applied below.
    const slots = runSlotPipeline(query()).slots;
    ofRange = {
      starts: slots.map((slot) => slot.start),
      slots: slots.map((slot) => Object.freeze({ start: toUtcIso(slot.start), end: toUtcIso(slot.end) })),
      answers: new Map(),
    };
    actor.deps.offeredSlots.set(key, ofRange);
  }
  const span = searchSpan(range, window);
  const first = span ? firstAtOrAfter(ofRange.starts, span.start) : 0;
  const end = span ? firstAtOrAfter(ofRange.starts, span.end) : 0;
  if (end === first) {
    // Why there is nothing, from a full run with the window (only when there is nothing).
    return { ...answer, source: resolution.source, slots: [], reason: explainSlots({ ...query(), window }).reason };
  }
  // Callers listing the same range in the same second get the very same (frozen) answer.
  const answerKey = JSON.stringify([apprenticeId, timeZone, answer.window, resolution.source, first, end]);
  const kept = ofRange.answers.get(answerKey) as ReturnType<typeof slotsAnswer> | undefined;
  if (kept) return kept;
  const built = slotsAnswer({ ...answer, source: resolution.source }, ofRange.slots.slice(first, end));
  if (ofRange.answers.size >= ANSWERS_KEPT_PER_RANGE) ofRange.answers.delete(ofRange.answers.keys().next().value!);
  ofRange.answers.set(answerKey, built);
  return built;
};

/** Answers kept per range (each holds its JSON, about 130 KB for 93 days): a few callers at a time. */
const ANSWERS_KEPT_PER_RANGE = 4;

/** Frozen through and through (the slots are frozen when kept), so its JSON can be written once. */
const slotsAnswer = <Head extends { window: object; source: object }>(head: Head, slots: ReadonlyArray<{ start: string; end: string }>) =>
  Object.freeze({ ...head, window: Object.freeze({ ...head.window }), source: Object.freeze({ ...head.source }), slots: Object.freeze(slots), reason: null });

/** Everything the engine's answer for a range depends on besides the window (see OfferedSlotsMemo). */
const listingKey = (
  resourceIds: readonly string[],
  scheduleVersions: ReadonlyMap<string, string>,
  byEpa: ReadonlyMap<string, readonly EpaWeekClaim[]>,
  standard: { meetingDurationMinutes: number; slotIntervalMinutes: number },
  range: { start: number; end: number },
): string => {
  const parts = [`${standard.meetingDurationMinutes}/${standard.slotIntervalMinutes}`, `${range.start}-${range.end}`];
  for (const id of resourceIds) {
    parts.push(`${id}@${scheduleVersions.get(id) ?? ''}`);
    for (const claim of byEpa.get(id) ?? []) parts.push(`${claim.week}:${claim.version}`);
  }
  return parts.join('|');
};

/** The index of the first start at or after `instant` (starts ascending). */
const firstAtOrAfter = (starts: readonly number[], instant: number): number => {
  let low = 0;
  let high = starts.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (starts[middle]! < instant) low = middle + 1;
    else high = middle;
  }
  return low;
};
