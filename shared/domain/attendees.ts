import type { UserInput } from './directory.ts';
import { DomainError } from './errors.ts';
import type { Attendee, AttendeeRole, PlanningMeeting } from './planning-meeting.ts';

/**
 * A directory user as an attendee: the one place a user's contact details are copied
 * into a meeting (at booking, on a reassignment, when added by hand). The id is the
 * caller's to choose (a new one per attendee).
 */
export const attendeeOfUser = (attendeeId: string, userId: string, user: UserInput, role: AttendeeRole): Attendee => ({
  id: attendeeId,
  kind: 'user',
  userId,
  role,
  name: user.name,
  email: user.email,
  ...(user.phone ? { phone: user.phone } : {}),
  ...(user.timeZone ? { timeZone: user.timeZone } : {}),
});

/**
 * The attendee role of a directory user added by hand: an EPA or AO user attends as
 * such; anyone else, an apprentice too (a meeting has one apprentice, its own), as `other`.
 */
export const attendeeRoleOfUser = (user: Pick<UserInput, 'roles'>): AttendeeRole =>
  user.roles.includes('epa') ? 'epa' : user.roles.includes('awardingorganisation') ? 'awardingorganisation' : 'other';

/** The apprentice's name as the meeting carries it ('' when it has no apprentice attendee): letters, texts and invites alike. */
export const apprenticeNameOf = (meeting: Pick<PlanningMeeting, 'attendees'>): string =>
  meeting.attendees.find((attendee) => attendee.role === 'apprentice')?.name ?? '';

/** Where the meeting is, in words, for every message and invite. */
export const locationText = (meeting: Pick<PlanningMeeting, 'location'>): string => meeting.location?.trim() || 'To be confirmed';

/** Names a recipient in delivery records and in a message's identity: a user by id, a guest by address. */
export const recipientKeyOf = (recipient: Attendee): string =>
  recipient.kind === 'user' ? `user:${recipient.userId}` : `guest:${recipient.email.toLowerCase()}`;

/**
 * Whether `candidate` is someone the meeting already has: the same directory user, or
 * anyone with the same address (two entries for one inbox would send every message twice).
 */
export const alreadyAttends = (attendees: readonly Attendee[], candidate: Attendee): Attendee | undefined =>
  attendees.find(
    (attendee) =>
      (attendee.kind === 'user' && candidate.kind === 'user' && attendee.userId === candidate.userId) ||
      attendee.email.toLowerCase() === candidate.email.toLowerCase(),
  );

/**
 * One person attends once (SPEC §4.2): 409 ALREADY_ATTENDING, saying who and, at booking,
 * which entry of the request (in the detail: field errors are for 400s only).
 */
export const requireNotAttending = (attendees: readonly Attendee[], candidate: Attendee, path?: string): void => {
  const present = alreadyAttends(attendees, candidate);
  if (!present) return;
  const who = candidate.kind === 'user' ? `Directory user ${candidate.userId}` : `${candidate.name} (${candidate.email})`;
  throw new DomainError('ALREADY_ATTENDING', `${path ? `${path}: ` : ''}${who} already attends this meeting${present.role === 'epa' ? ' as its EPA' : ''}`);
};

/**
 * The configured attendee limit (SPEC §4.2): a change that would take the meeting from
 * `count` attendees past `limit` is 409 ATTENDEE_LIMIT. The apprentice, the EPA and the AO
 * contact attend from the start whatever the limit (a limit set below three must not make
 * booking impossible); everyone named or added on top of them must fit under it.
 */
export const requireRoomFor = (count: number, adding: number, limit: number): void => {
  if (adding > 0 && count + adding > limit) {
    throw new DomainError(
      'ATTENDEE_LIMIT',
      `A planning meeting has at most ${limit} attendees; this one would have ${count + adding}`,
    );
  }
};

/**
 * A reassignment (SPEC §4.2): the new EPA must not already attend the meeting in another
 * role, or the same person would be on it twice. The EPA being replaced leaves the meeting.
 */
export const requireMayBecomeEpa = (meeting: Pick<PlanningMeeting, 'attendees' | 'epaId'>, epa: Attendee): void => {
  const others = meeting.attendees.filter((attendee) => !(attendee.kind === 'user' && attendee.userId === meeting.epaId && attendee.role === 'epa'));
  const present = alreadyAttends(others, epa);
  if (!present) return;
  throw new DomainError(
    'ALREADY_ATTENDING',
    `${epa.kind === 'user' ? `Directory user ${epa.userId}` : epa.name} already attends this meeting (as ${present.role}); remove that attendee before making them its EPA`,
  );
};

/**
 * Whom a booker who does not manage meetings (an apprentice, a training provider, an
 * employer) may name at booking (SPEC §4.2): guests, the two shortcuts, and directory
 * users of a training provider or an employer. Staff would be told of a meeting before
 * anyone who manages meetings chose them.
 */
export const mayBeNamedByBooker = (user: Pick<UserInput, 'roles'>): boolean =>
  user.roles.includes('trainingprovider') || user.roles.includes('employer');
