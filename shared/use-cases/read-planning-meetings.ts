import { DateTime } from 'luxon';
import type { z } from 'zod';
import type { ListPlanningMeetingsQuery } from './meeting-inputs.ts';
import { DomainError, notFound } from '#domain/errors.ts';
import type { PlanningMeeting } from '#domain/planning-meeting.ts';
import { hasBookingPermission } from '#domain/roles.ts';
import { loadAvailabilityConfiguration } from './configuration-reads.ts';
import type { Actor } from '#ports/actor.ts';
import { attends, mayBookFor, seesEveryMeeting } from './authorisation.ts';

const apprenticeLinks = async (actor: Actor, apprenticeId: string) =>
  (await actor.deps.records.apprentice(apprenticeId))?.data;

/** Whether the caller may see this meeting: they attend it, see every meeting, or may book for its apprentice. */
export const maySeeMeeting = async (actor: Actor, meeting: PlanningMeeting): Promise<boolean> =>
  seesEveryMeeting(actor) ||
  attends(meeting, actor.caller.userId) ||
  (hasBookingPermission(actor.permissions) && mayBookFor(actor, meeting.apprenticeId, await apprenticeLinks(actor, meeting.apprenticeId)));

/**
 * Anyone may read a meeting they attend (SPEC §2), and staff who may book for its
 * apprentice may read it too. Anyone else gets 404, not 403, so that meeting ids do
 * not tell who has a meeting.
 */
export const readPlanningMeeting = async (actor: Actor, meetingId: string): Promise<PlanningMeeting> => {
  const stored = await actor.deps.meetings.get(meetingId);
  if (!stored || !(await maySeeMeeting(actor, stored.meeting))) throw notFound(`Planning meeting ${meetingId}`);
  return stored.meeting;
};

/**
 * Whether the caller attends the apprentice's active meeting (an EPA reading the
 * apprentice it is to meet). A meeting that is over grants nothing: one read of the
 * apprentice's marker and one of the meeting, however many meetings the apprentice had.
 */
export const attendsActiveMeetingOf = async (actor: Actor, apprenticeId: string): Promise<boolean> => {
  const meetingId = await actor.deps.meetings.activeMeetingOf(apprenticeId);
  const stored = meetingId ? await actor.deps.meetings.get(meetingId) : undefined;
  return stored !== undefined && attends(stored.meeting, actor.caller.userId);
};

const everyMeeting = (): boolean => true;

/**
 * Whose meetings a caller lists, and which of them they see. Organisation-wide staff
 * list anything. Otherwise: by apprentice, all of that apprentice's meetings for whoever
 * may book for them (the apprentice, linked provider and employer staff); an EPA (or
 * anyone with ManagePlanningMeetings) only those of the apprentice's meetings it
 * attends; anyone else 403. By EPA, only yourself. With neither, an apprentice lists
 * their own and an EPA theirs.
 */
const narrowToCaller = async (
  actor: Actor,
  query: { apprenticeId?: string | undefined; epaId?: string | undefined },
): Promise<{ apprenticeId?: string | undefined; epaId?: string | undefined; visible: (meeting: PlanningMeeting) => boolean }> => {
  let { apprenticeId, epaId } = query;
  if (seesEveryMeeting(actor)) return { apprenticeId, epaId, visible: everyMeeting };
  const { caller } = actor;
  if (!apprenticeId && !epaId) {
    if (caller.roles.includes('apprentice')) apprenticeId = caller.userId;
    else if (caller.roles.includes('epa')) epaId = caller.userId;
    else throw new DomainError('FORBIDDEN', 'Say whose meetings to list: apprenticeId of an apprentice linked to you');
  }
  if (!apprenticeId) {
    if (epaId !== caller.userId) throw new DomainError('FORBIDDEN', 'You can list your own planning meetings only');
    return { apprenticeId, epaId, visible: everyMeeting };
  }
  if (mayBookFor(actor, apprenticeId, apprenticeId === caller.userId ? undefined : await apprenticeLinks(actor, apprenticeId))) {
    return { apprenticeId, epaId, visible: everyMeeting };
  }
  if (apprenticeId === caller.userId || actor.permissions.has('ManagePlanningMeetings')) {
    return { apprenticeId, epaId, visible: (meeting) => attends(meeting, caller.userId) };
  }
  throw new DomainError('FORBIDDEN', 'You can list the planning meetings of yourself or of apprentices linked to you only');
};

export const readPlanningMeetingHistory = async (actor: Actor, meetingId: string) => {
  await readPlanningMeeting(actor, meetingId);
  return { meetingId, entries: await actor.deps.meetings.history(meetingId) };
};

/**
 * Lists by apprentice (gsi1), EPA (gsi2) or status (gsi3), ordered by start, narrowed
 * to what the caller may see (narrowToCaller).
 */
export const listPlanningMeetings = async (actor: Actor, query: z.output<typeof ListPlanningMeetingsQuery>) => {
  const { apprenticeId, epaId, visible } = await narrowToCaller(actor, query);
  if (!apprenticeId && !epaId && !query.status) {
    throw new DomainError('VALIDATION_FAILED', 'Say whose meetings to list', [
      { path: 'query', message: 'give apprenticeId, epaId or status (the capacity view lists everything in a date range)' },
    ]);
  }
  const { data: configuration } = await loadAvailabilityConfiguration(actor);
  const zone = configuration.timeZone;
  const range = {
    from: query.from ? DateTime.fromISO(query.from, { zone }).startOf('day').toUTC().toISO({ suppressMilliseconds: true }) ?? undefined : undefined,
    to: query.to ? DateTime.fromISO(query.to, { zone }).plus({ days: 1 }).startOf('day').toUTC().toISO({ suppressMilliseconds: true }) ?? undefined : undefined,
  };
  const [index, partition] = apprenticeId
    ? (['gsi1', `APPRENTICE#${apprenticeId}`] as const)
    : epaId
      ? (['gsi2', `EPA#${epaId}`] as const)
      : (['gsi3', `STATUS#${query.status}`] as const);
  const statuses = query.status && index !== 'gsi3' ? [query.status] : undefined;
  const page = await actor.deps.meetings.list(index, partition, range, { limit: query.limit, cursor: query.cursor, statuses });
  const items = page.items.filter((meeting) => (!epaId || meeting.epaId === epaId) && visible(meeting));
  return { items, cursor: page.cursor ?? null };
};
