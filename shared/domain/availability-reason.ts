import * as z from 'zod';
import { runSlotPipeline, type Slot, type SlotPipelineResult, type SlotQuery, type TimeSpan } from './slot-engine.ts';

/**
 * Why a slot listing is empty (SPEC §3.1): stable codes a screen can turn into
 * "what to fix". The first three come from resolving the source of
 * availability, the last three from the slot engine.
 */
export const sourceReasonCodes = ['NO_EPA_ASSIGNED', 'EPA_HAS_NO_AVAILABILITY', 'GROUP_NOT_CONFIGURED'] as const;
export const slotReasonCodes = ['OUTSIDE_BOOKING_WINDOW', 'NO_WORKING_HOURS', 'FULLY_BOOKED'] as const;
export const availabilityReasonCodes = [...sourceReasonCodes, ...slotReasonCodes] as const;

export const AvailabilityReason = z.enum(availabilityReasonCodes);
export type AvailabilityReason = z.infer<typeof AvailabilityReason>;
export type SourceReason = (typeof sourceReasonCodes)[number];
export type SlotReason = (typeof slotReasonCodes)[number];

/** For the API description: one sentence per code, written for whoever fixes it. */
export const availabilityReasonDescriptions: Record<AvailabilityReason, string> = {
  NO_EPA_ASSIGNED: 'The standard takes availability from the apprentice’s EPA, and the apprentice has no EPA assigned.',
  EPA_HAS_NO_AVAILABILITY: 'The apprentice’s EPA has no working hours set.',
  GROUP_NOT_CONFIGURED:
    'The group the standard uses does not exist or has no member with working hours (for the default source: and the apprentice has no EPA to fall back on).',
  OUTSIDE_BOOKING_WINDOW: 'The dates asked for are outside the booking window (minimum notice, maximum advance).',
  NO_WORKING_HOURS: 'Nobody who can take the meeting works in the dates asked for.',
  FULLY_BOOKED: 'There are working hours in the dates asked for, but every slot is already taken.',
};

/**
 * The reason an engine run offered nothing, or null when it offered slots.
 *
 * - OUTSIDE_BOOKING_WINDOW: the range and the window do not meet, or they do
 *   but every working-hour slot of the range lies outside the window (asking
 *   for tomorrow with two working days' notice).
 * - FULLY_BOOKED: there were working-hour slots in the range and window, and
 *   each was busy or on a day at its resource's daily maximum.
 * - NO_WORKING_HOURS: no resource works (long enough for one meeting) in the range.
 */
export const reasonForNoSlots = (
  result: Pick<SlotPipelineResult, 'slots' | 'span' | 'workingSlotsInRange' | 'workingSlotsInWindow'>,
  range: TimeSpan,
): SlotReason | null => {
  if (result.slots.length > 0) return null;
  if (range.end > range.start && result.span === null) return 'OUTSIDE_BOOKING_WINDOW';
  if (result.workingSlotsInWindow > 0) return 'FULLY_BOOKED';
  if (result.workingSlotsInRange > 0) return 'OUTSIDE_BOOKING_WINDOW';
  return 'NO_WORKING_HOURS';
};

export interface ExplainedSlots {
  slots: Slot[];
  /** The range narrowed to the window; null when they do not meet. */
  span: TimeSpan | null;
  reason: SlotReason | null;
}

/** The slots of a query and, when there are none, why. */
export const explainSlots = (query: SlotQuery): ExplainedSlots => {
  const result = runSlotPipeline(query);
  return { slots: result.slots, span: result.span, reason: reasonForNoSlots(result, query.range) };
};
