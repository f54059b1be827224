import * as z from 'zod';
import { Contact, type RecordMeta } from './directory.ts';
import { Email, Id, PhoneNumber } from './primitives.ts';

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

export const GuestInput = Contact.extend({ role: AttendeeRole.default('other') });
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
