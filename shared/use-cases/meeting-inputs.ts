import * as z from 'zod';
import { MAX_ATTENDEES_LIMIT } from '#domain/configuration.ts';
import {
  GuestInput,
  MAX_LOCATION_LENGTH,
  MAX_NOTES_LENGTH,
  MAX_REASON_LENGTH,
  MeetingStatus,
  MeetingText,
} from '#domain/planning-meeting.ts';
import { Id, Instant, LocalDate, PageLimit, refineDateRange } from '#domain/primitives.ts';

// What the meeting use cases take; the route table validates requests with these.

const Location = MeetingText(MAX_LOCATION_LENGTH);
const Notes = MeetingText(MAX_NOTES_LENGTH, { lineBreaks: true });
/** Why a meeting was approved, rejected or cancelled; it may run to a few lines. The capacity batch takes the same. */
export const Reason = MeetingText(MAX_REASON_LENGTH, { lineBreaks: true });

export const AddAttendeeInput = z.union(
  [
    z.strictObject({ userId: Id }),
    z.strictObject({ shortcut: z.enum(['workplaceMentor', 'onProgrammeAssessor']) }),
    z.strictObject({ guest: GuestInput }),
  ],
  { error: 'send one of userId, shortcut (workplaceMentor or onProgrammeAssessor) or guest' },
);
export type AddAttendeeInput = z.infer<typeof AddAttendeeInput>;

/**
 * Attendees named at booking (epaPRO 5.13), in the forms of the attendees call. No meeting
 * has more than MAX_ATTENDEES_LIMIT attendees, the apprentice and the EPA among them, so a
 * longer list is malformed (400); one over the configured limit is 409 ATTENDEE_LIMIT.
 */
const NamedAttendees = z.array(AddAttendeeInput).max(MAX_ATTENDEES_LIMIT);

export const BookPlanningMeetingInput = z.discriminatedUnion(
  'status',
  [
    z.strictObject({
      status: z.literal('provisional'),
      apprenticeId: Id,
      start: Instant,
      location: Location.nullable().optional(),
      notes: Notes.nullable().optional(),
      attendees: NamedAttendees.optional(),
    }),
    z.strictObject({
      status: z.literal('confirmed'),
      apprenticeId: Id,
      epaId: Id,
      start: Instant,
      end: Instant.optional(),
      location: Location.nullable().optional(),
      notes: Notes.nullable().optional(),
      attendees: NamedAttendees.optional(),
    }),
  ],
  { error: (issue) => (issue.code === 'invalid_union' ? 'must be provisional (an offered slot) or confirmed (a direct booking with epaId)' : undefined) },
);
export type BookPlanningMeetingInput = z.infer<typeof BookPlanningMeetingInput>;

export const UpdatePlanningMeetingInput = z
  .strictObject({
    start: Instant.optional(),
    end: Instant.optional(),
    location: Location.nullable().optional(),
    notes: Notes.nullable().optional(),
    epaId: Id.optional(),
  })
  .refine((input) => Object.keys(input).length > 0, { message: 'send at least one field to change' });
export type UpdatePlanningMeetingInput = z.infer<typeof UpdatePlanningMeetingInput>;

export const ReasonInput = z.strictObject({ reason: Reason.optional() }).optional();

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
