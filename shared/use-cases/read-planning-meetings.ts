import { DateTime } from 'luxon';
import type { z } from 'zod';
import type { ListPlanningMeetingsQuery } from './meeting-inputs.ts';
import { DomainError, notFound } from '#domain/errors.ts';
import type { PlanningMeeting } from '#domain/planning-meeting.ts';
import type { Caller, PermissionId } from '#domain/roles.ts';
import { loadAvailabilityConfiguration } from './configuration.ts';
import type { Actor } from '#ports/actor.ts';

const attends = (meeting: PlanningMeeting, userId: string): boolean =>
  meeting.apprenticeId === userId || meeting.epaId === userId || meeting.attendees.some((a) => a.kind === 'user' && a.userId === userId);

/** Staff who see every meeting: capacity managers, and managers who are not only EPAs. */
const seesAll = (caller: Caller, permissions: ReadonlySet<PermissionId>): boolean =>
  permissions.has('ManagePlanningCapacity') ||
  (permissions.has('ManagePlanningMeetings') && caller.roles.some((role) => role !== 'epa'));

/**
 * Anyone may read a meeting they attend (SPEC §2). Anyone else gets 404, not 403,
 * so that meeting ids do not tell who has a meeting.
 */
export const readPlanningMeeting = async (actor: Actor, meetingId: string): Promise<PlanningMeeting> => {
  const stored = await actor.deps.meetings.get(meetingId);
  if (!stored || !(seesAll(actor.caller, actor.permissions) || attends(stored.meeting, actor.caller.userId))) {
    throw notFound(`Planning meeting ${meetingId}`);
  }
  return stored.meeting;
};

export const readPlanningMeetingHistory = async (actor: Actor, meetingId: string) => {
  await readPlanningMeeting(actor, meetingId);
  return { meetingId, entries: await actor.deps.meetings.history(meetingId) };
};

/**
 * Lists by apprentice (gsi1), EPA (gsi2) or status (gsi3), ordered by start. Apprentices
 * list their own, EPAs theirs; people who see everything may list any.
 */
export const listPlanningMeetings = async (actor: Actor, query: z.output<typeof ListPlanningMeetingsQuery>) => {
  const { caller } = actor;
  let { apprenticeId, epaId } = query;
  if (!seesAll(caller, actor.permissions)) {
    if (caller.roles.includes('apprentice') && (apprenticeId ?? caller.userId) === caller.userId && !epaId) apprenticeId = caller.userId;
    else if (caller.roles.includes('epa') && (epaId ?? caller.userId) === caller.userId && !apprenticeId) epaId = caller.userId;
    else if (!(actor.permissions.has('BookPlanningMeeting') && apprenticeId)) {
      throw new DomainError('FORBIDDEN', 'You can list your own planning meetings only');
    }
  }
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
  // Someone who may book for an apprentice (a provider, an employer) sees only that apprentice's meetings.
  const items = page.items.filter((meeting) => !epaId || meeting.epaId === epaId);
  return { items, cursor: page.cursor ?? null };
};
