import * as z from 'zod';
import { Contact, type RecordMeta } from './directory.ts';
import { Email, Id, PhoneNumber, PlainText } from './primitives.ts';

export const meetingStatuses = ['provisional', 'confirmed', 'rejected', 'cancelled', 'expired'] as const;
export const MeetingStatus = z.enum(meetingStatuses);
export type MeetingStatus = z.infer<typeof MeetingStatus>;

/** Provisional and confirmed meetings hold an EPA's time; the rest are final (SPEC §4.1). */
export const activeStatuses: readonly MeetingStatus[] = ['provisional', 'confirmed'];
export const isActive = (status: MeetingStatus): boolean => activeStatuses.includes(status);

export const attendeeRoles = ['apprentice', 'epa', 'awardingorganisation', 'workplaceMentor', 'onProgrammeAssessor', 'other'] as const;
export const AttendeeRole = z.enum(attendeeRoles);
export type AttendeeRole = z.infer<typeof AttendeeRole>;

export const Attendee = z.discriminatedUnion('kind', [
  z.object({
    id: z.string(),
    kind: z.literal('user'),
    userId: Id,
    role: AttendeeRole,
    name: z.string(),
    email: Email,
    phone: PhoneNumber.optional(),
    timeZone: z.string().optional(),
  }),
  z.object({
    id: z.string(),
    kind: z.literal('guest'),
    role: AttendeeRole,
    name: z.string(),
    email: Email,
    phone: PhoneNumber.optional(),
  }),
]);
export type Attendee = z.infer<typeof Attendee>;

/**
 * The longest text a meeting takes, in UTF-16 units as zod counts them (a UTF-8 byte
 * count is at most three times that). With at most MAX_ATTENDEES_LIMIT attendees they
 * keep a meeting item and each change event under a quarter of DynamoDB's 400 KB item
 * limit: the worst case is worked out in test/functions/largest-meeting.test.ts.
 */
export const MAX_NAME_LENGTH = 200;
export const MAX_LOCATION_LENGTH = 500;
export const MAX_NOTES_LENGTH = 4000;
export const MAX_REASON_LENGTH = 1000;

/**
 * Text a person reads, trimmed, without control or bidirectional formatting characters
 * (SPEC §4.2). PlainText's checks run on the trimmed text as a refinement rather than
 * through a pipe, so the OpenAPI document still gives the field its maxLength.
 */
export const MeetingText = (max: number, options: { lineBreaks?: boolean; min?: number } = {}) => {
  const plain = PlainText(max, options);
  const trimmed = z.string().trim();
  return (options.min ? trimmed.min(options.min) : trimmed)
    .max(max)
    .superRefine((text, context) => {
      const checked = plain.safeParse(text);
      // The length is this schema's own check (and its maxLength); PlainText adds what characters it may hold.
      if (!checked.success) for (const issue of checked.error.issues) if (issue.code !== 'too_big') context.addIssue({ code: 'custom', message: issue.message });
    })
    .meta({ description: `At most ${max} characters, without control${options.lineBreaks ? '' : ', line break'} or bidirectional formatting characters` });
};

/** A person's name as a meeting carries it: one line. */
export const PersonName = MeetingText(MAX_NAME_LENGTH, { min: 1 });

/** A guest attends as the apprentice's workplace mentor, on-programme assessor or as someone else (SPEC §4.2); the other roles are directory users'. */
export const guestRoles = ['workplaceMentor', 'onProgrammeAssessor', 'other'] as const satisfies readonly AttendeeRole[];
export const GuestRole = z.enum(guestRoles);

export const GuestInput = Contact.extend({ name: PersonName, role: GuestRole.default('other') });
export type GuestInput = z.infer<typeof GuestInput>;

/** A planning meeting as stored and answered (SPEC Appendix A); instants are UTC ISO strings. */
export const PlanningMeeting = z.object({
  id: z.string(),
  apprenticeId: Id,
  standardId: Id,
  epaId: Id,
  start: z.string(),
  end: z.string(),
  status: MeetingStatus,
  version: z.int().min(1),
  attendees: z.array(Attendee),
  location: z.string().nullable(),
  notes: z.string().nullable(),
  /** Why it was rejected or cancelled, when someone said. */
  reason: z.string().nullable().optional(),
  createdAt: z.string(),
  createdBy: z.string(),
  updatedAt: z.string(),
  updatedBy: z.string(),
});
export type PlanningMeeting = z.infer<typeof PlanningMeeting>;

export type { RecordMeta };
