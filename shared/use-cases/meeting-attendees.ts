import type { AddAttendeeInput } from './meeting-inputs.ts';
import { attendeeOfUser, attendeeRoleOfUser, mayBeNamedByBooker, requireNotAttending, requireRoomFor } from '#domain/attendees.ts';
import type { ApprenticeInput, UserInput } from '#domain/directory.ts';
import { DomainError } from '#domain/errors.ts';
import type { Attendee } from '#domain/planning-meeting.ts';
import type { StoredRecord } from '#ports/record-store.ts';
import type { Actor } from '#ports/actor.ts';

/**
 * One attendee from the forms of the attendees call (SPEC §4.2, Appendix A): a directory
 * user, the apprentice's workplace mentor or on-programme assessor from its record, or a
 * guest. `path` names the field in a refusal ("userId", or "attendees.2.userId" at booking).
 */
export const attendeeOfInput = (
  id: string,
  input: AddAttendeeInput,
  sources: { users: ReadonlyMap<string, StoredRecord<UserInput>>; apprentice: ApprenticeInput | undefined },
  path = '',
): Attendee => {
  const at = (field: string) => (path ? `${path}.${field}` : field);
  if ('userId' in input) {
    const user = sources.users.get(input.userId);
    if (!user) throw new DomainError('VALIDATION_FAILED', 'No such directory user', [{ path: at('userId'), message: `no user ${input.userId}` }]);
    return attendeeOfUser(id, input.userId, user.data, attendeeRoleOfUser(user.data));
  }
  if ('shortcut' in input) {
    const contact = sources.apprentice?.[input.shortcut];
    if (!contact) {
      throw new DomainError('VALIDATION_FAILED', `The apprentice's record has no ${input.shortcut}`, [
        { path: at('shortcut'), message: `the apprentice's record has no ${input.shortcut}; add a guest instead` },
      ]);
    }
    return { id, kind: 'guest', role: input.shortcut, ...contact };
  }
  return { id, kind: 'guest', ...input.guest };
};

/** The attendees a booking names, resolved before the meeting is drafted, and the limit they must fit under. */
export interface NamedAttendees {
  attendees: ReadonlyArray<{ attendee: Attendee; path: string }>;
  limit: number;
}

export const noNamedAttendees: NamedAttendees = { attendees: [], limit: Number.POSITIVE_INFINITY };

/** Who manages meetings may name anyone at booking, as they may add anyone afterwards; everyone else is limited (SPEC §4.2). */
const managesMeetings = (actor: Actor): boolean => actor.permissions.has('ManagePlanningMeetings') || actor.permissions.has('ManagePlanningCapacity');

/**
 * Reads and checks the attendees a booking names (epaPRO 5.13). Booking without
 * ManagePlanningMeetings (an apprentice, a training provider, an employer), one may name
 * only guests, the two shortcuts and training-provider or employer users; naming anyone
 * else is 400 on the attendee's `userId`, worded as for a user who does not exist, so
 * the answer tells a booker nothing of who else is in the directory.
 *
 * Round trips: the named directory users, at once; none when nobody is named by id.
 */
export const resolveNamedAttendees = async (
  actor: Actor,
  named: readonly AddAttendeeInput[] | undefined,
  apprentice: ApprenticeInput,
  limit: number,
): Promise<NamedAttendees> => {
  if (!named || named.length === 0) return { attendees: [], limit };
  const userIds = [...new Set(named.flatMap((input) => ('userId' in input ? [input.userId] : [])))];
  const read = userIds.length > 0 ? await actor.deps.records.getMany<UserInput>('user', userIds) : new Map<string, StoredRecord<UserInput>>();
  const users = managesMeetings(actor) ? read : new Map([...read].filter(([, user]) => mayBeNamedByBooker(user.data)));
  const attendees = named.map((input, index) => {
    const path = `attendees.${index}`;
    if ('userId' in input && !users.has(input.userId) && !managesMeetings(actor)) {
      throw new DomainError('VALIDATION_FAILED', 'A booking may name guests, the workplace mentor or on-programme assessor, and training-provider or employer users', [
        { path: `${path}.userId`, message: `no training-provider or employer user ${input.userId}; add anyone else as a guest` },
      ]);
    }
    return { attendee: attendeeOfInput(actor.deps.newId(), input, { users, apprentice }, path), path };
  });
  return { attendees, limit };
};

/**
 * The first attendees with the named ones added: each person once (409 ALREADY_ATTENDING,
 * naming the entry), and no more than the limit (409 ATTENDEE_LIMIT). A named user who is
 * the EPA the capacity engine chose is on the meeting already, as its EPA, and is not
 * added again: the booker could not know whom it would choose.
 */
export const withNamedAttendees = (first: readonly Attendee[], epaId: string, named: NamedAttendees): Attendee[] => {
  const attendees = [...first];
  for (const { attendee, path } of named.attendees) {
    if (attendee.kind === 'user' && attendee.userId === epaId) continue;
    requireNotAttending(attendees, attendee, path);
    attendees.push(attendee);
  }
  requireRoomFor(first.length, attendees.length - first.length, named.limit);
  return attendees;
};

/** A direct booking names its EPA: naming the same user again among the attendees is a mistake to tell, not to mend. */
export const requireEpaNotNamed = (named: NamedAttendees, epaId: string): void => {
  const entry = named.attendees.find(({ attendee }) => attendee.kind === 'user' && attendee.userId === epaId);
  if (entry) requireNotAttending([entry.attendee], entry.attendee, entry.path);
};
