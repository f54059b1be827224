import type { UserInput } from './directory.ts';
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
