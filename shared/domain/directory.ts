import * as z from 'zod';
import { MINUTE_MS } from './calendar-arithmetic.ts';
import { Email, Id, PhoneNumber, PlainText, TimeZone } from './primitives.ts';
import { RoleId } from './roles.ts';
import { readOnlyRecordFields } from './read-only-fields.ts';
import { MAX_MEETING_MS } from './time-claims.ts';
import { Gateway } from './gateway.ts';

export const SYSTEM_GROUP_ID = 'planning-meeting-bookings';
export const SYSTEM_GROUP_NAME = 'Planning Meeting Bookings';
export const DEFAULT_TIME_ZONE = 'Europe/London';

/**
 * A person's name: it is copied into the meetings they attend, their emails and invites,
 * so it is one line without control or bidirectional formatting characters (SPEC §4.2).
 */
const PersonName = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .refine((name) => PlainText(200).safeParse(name).success, { message: 'must be one line without control or bidirectional formatting characters' });

export const UserInput = z.strictObject({
  name: PersonName,
  email: Email,
  phone: PhoneNumber.optional(),
  roles: z.array(RoleId).min(1).max(6),
  timeZone: TimeZone.optional(),
  ...readOnlyRecordFields,
});
export type UserInput = z.infer<typeof UserInput>;

export const Contact = z.strictObject({
  name: PersonName,
  email: Email,
  phone: PhoneNumber.optional(),
});
export type Contact = z.infer<typeof Contact>;

/** Directory users linked to an apprentice: the staff of its training provider or of its employer. */
const LinkedUserIds = z
  .array(Id)
  .max(50)
  .refine((ids) => new Set(ids).size === ids.length, { message: 'user ids must be unique' });

export const ApprenticeInput = z.strictObject({
  standardId: Id,
  epaId: Id.nullable().optional(),
  aoContactId: Id.nullable().optional(),
  workplaceMentor: Contact.optional(),
  onProgrammeAssessor: Contact.optional(),
  /** Training-provider staff (role `trainingprovider`) who may see and book for this apprentice. */
  providerUserIds: LinkedUserIds.optional(),
  /** Employer staff (role `employer`) who may see and book for this apprentice. */
  employerUserIds: LinkedUserIds.optional(),
  /** The gateway stage and its dates (SPEC §3.4); without it the apprentice is approved with no dates. */
  gateway: Gateway.optional(),
  ...readOnlyRecordFields,
});
export type ApprenticeInput = z.infer<typeof ApprenticeInput>;

export const AvailabilitySource = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('default') }),
  z.strictObject({ type: z.literal('apprenticeEpa') }),
  z.strictObject({ type: z.literal('group'), groupId: Id }),
]);
export type AvailabilitySource = z.infer<typeof AvailabilitySource>;

export const StandardInput = z
  .strictObject({
    name: z.string().trim().min(1).max(200),
    // The cap on a meeting's length that the claim-week proof rests on (time-claims.ts); the slot interval keeps the same bound.
    meetingDurationMinutes: z.int().min(5).max(MAX_MEETING_MS / MINUTE_MS).default(60),
    slotIntervalMinutes: z.int().min(5).max(MAX_MEETING_MS / MINUTE_MS).optional(),
    availabilitySource: AvailabilitySource.default({ type: 'default' }),
    ...readOnlyRecordFields,
  })
  .transform((standard) => ({
    ...standard,
    slotIntervalMinutes: standard.slotIntervalMinutes ?? standard.meetingDurationMinutes,
  }));
export type StandardInput = z.infer<typeof StandardInput>;

export const GroupInput = z.strictObject({
  name: z.string().trim().min(1).max(200),
  memberIds: z.array(Id).max(500).refine((ids) => new Set(ids).size === ids.length, { message: 'members must be unique' }),
  ...readOnlyRecordFields,
});
export type GroupInput = z.infer<typeof GroupInput>;

/** What every stored record carries besides its own fields. */
export interface RecordMeta {
  version: number;
  updatedAt: string;
  updatedBy: string;
}

export type User = UserInput & RecordMeta & { id: string };
export type Apprentice = ApprenticeInput & RecordMeta & { id: string };
export type Standard = StandardInput & RecordMeta & { id: string };
export type Group = GroupInput & RecordMeta & { id: string };
