import * as z from 'zod';
import { GuestInput, MeetingStatus } from '#domain/planning-meeting.ts';
import { Id, Instant, LocalDate, PageLimit, refineDateRange } from '#domain/primitives.ts';

// What the meeting use cases take; the route table validates requests with these.

const Text = (max: number) => z.string().trim().max(max);

export const BookPlanningMeetingInput = z.discriminatedUnion(
  'status',
  [
    z.strictObject({
      status: z.literal('provisional'),
      apprenticeId: Id,
      start: Instant,
      location: Text(500).nullable().optional(),
      notes: Text(4000).nullable().optional(),
    }),
    z.strictObject({
      status: z.literal('confirmed'),
      apprenticeId: Id,
      epaId: Id,
      start: Instant,
      end: Instant.optional(),
      location: Text(500).nullable().optional(),
      notes: Text(4000).nullable().optional(),
    }),
  ],
  { error: (issue) => (issue.code === 'invalid_union' ? 'must be provisional (an offered slot) or confirmed (a direct booking with epaId)' : undefined) },
);
export type BookPlanningMeetingInput = z.infer<typeof BookPlanningMeetingInput>;

export const UpdatePlanningMeetingInput = z
  .strictObject({
    start: Instant.optional(),
    end: Instant.optional(),
    location: Text(500).nullable().optional(),
    notes: Text(4000).nullable().optional(),
    epaId: Id.optional(),
  })
  .refine((input) => Object.keys(input).length > 0, { message: 'send at least one field to change' });
export type UpdatePlanningMeetingInput = z.infer<typeof UpdatePlanningMeetingInput>;

export const ReasonInput = z.strictObject({ reason: Text(1000).optional() }).optional();

export const AddAttendeeInput = z.union(
  [
    z.strictObject({ userId: Id }),
    z.strictObject({ shortcut: z.enum(['workplaceMentor', 'onProgrammeAssessor']) }),
    z.strictObject({ guest: GuestInput }),
  ],
  { error: 'send one of userId, shortcut (workplaceMentor or onProgrammeAssessor) or guest' },
);
export type AddAttendeeInput = z.infer<typeof AddAttendeeInput>;

/** A listing's days, both included; it pages, so the bound is about sense rather than work. */
const MAX_LIST_RANGE_DAYS = 366;

export const ListPlanningMeetingsQuery = z
  .strictObject({
    apprenticeId: Id.optional(),
    epaId: Id.optional(),
    status: MeetingStatus.optional(),
    from: LocalDate.optional(),
    to: LocalDate.optional(),
    limit: PageLimit(200, 50),
    cursor: z.string().max(2000).optional(),
  })
  .superRefine(refineDateRange(MAX_LIST_RANGE_DAYS));
