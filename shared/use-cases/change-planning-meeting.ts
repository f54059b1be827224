import type { AddAttendeeInput, UpdatePlanningMeetingInput } from './meeting-inputs.ts';
import type { ApprenticeInput, UserInput } from '#domain/directory.ts';
import { DomainError, notFound } from '#domain/errors.ts';
import { applyCommand, type MeetingCommand } from '#domain/meeting-lifecycle.ts';
import { isActive, type Attendee, type PlanningMeeting } from '#domain/planning-meeting.ts';
import { attendeeOfUser, requireMayBecomeEpa, requireNotAttending, requireRoomFor } from '#domain/attendees.ts';
import { claimUnitsFor, claimUnitsUpToCap, isWithinMeetingCap, MAX_MEETING_HOURS, overlapping, type EpaClaim } from '#domain/time-claims.ts';
import { MeetingWriteConflict } from '#domain/meeting-write-conflict.ts';
import type { StoredMeeting } from '#ports/meeting-store.ts';
import type { StoredRecord } from '#ports/record-store.ts';
import type { Actor } from '#ports/actor.ts';
import { claimWrites, eventsOf, historyOf } from './meeting-writes.ts';
import { mayManage, requireMayManage } from './authorisation.ts';
import { loadAvailabilityConfiguration } from './configuration-reads.ts';
import { attendeeOfInput } from './meeting-attendees.ts';
import { maySeeMeeting } from './read-planning-meetings.ts';
import { pauseBeforeRetry } from './retry-pause.ts';

const ATTEMPTS = 6;

export type CommandBuilder = (current: StoredMeeting) => Promise<MeetingCommand> | MeetingCommand;

/**
 * Approving, rejecting and the capacity batch need ManagePlanningCapacity; any other change goes through requireMayManage.
 * A caller who holds the permission but may not even read this meeting is told it does not exist, as a read would
 * tell them (SPEC §2): a 403 would say that the meeting is there. A refusal for want of the permission itself
 * says nothing about the meeting, so it stays 403.
 */
const requireMayChange = async (actor: Actor, meeting: PlanningMeeting, capacity: boolean): Promise<void> => {
  if (capacity) {
    if (!actor.permissions.has('ManagePlanningCapacity')) throw new DomainError('FORBIDDEN', 'This needs ManagePlanningCapacity');
    return;
  }
  const holdsPermission = actor.permissions.has('ManagePlanningMeetings') || actor.permissions.has('ManagePlanningCapacity');
  if (holdsPermission && !mayManage(actor, meeting) && !(await maySeeMeeting(actor, meeting))) throw notFound(`Planning meeting ${meeting.id}`);
  requireMayManage(actor, meeting);
};

/**
 * Applies one lifecycle command to a meeting and writes the result, its claims, its
 * history and its events in one transaction. With If-Match a stale version is a 412;
 * without it a concurrent change makes us read again and re-apply.
 */
export const changePlanningMeeting = async (
  actor: Actor,
  meetingId: string,
  build: CommandBuilder,
  options: { ifMatch?: number | undefined; capacity?: boolean } = {},
): Promise<PlanningMeeting> => {
  for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
    const current = await actor.deps.meetings.get(meetingId);
    if (!current) throw notFound(`Planning meeting ${meetingId}`);
    await requireMayChange(actor, current.meeting, options.capacity ?? false);
    if (options.ifMatch !== undefined && options.ifMatch !== current.meeting.version) {
      throw new DomainError('VERSION_MISMATCH', `The meeting is at version ${current.meeting.version}; read it again and retry`);
    }
    const command = await build(current);
    const outcome = applyCommand(current.meeting, command, { by: actor.caller.userId, now: actor.now });
    if (outcome.events.length === 0) return current.meeting;
    const next = outcome.meeting;

    const held = current.claimUnits.map((unit) => ({ epaId: current.meeting.epaId, unit }));
    let claimUnits = current.claimUnits;
    let claims: EpaClaim[] = [];
    if (outcome.claims === 'move') {
      const [start, end] = [Date.parse(next.start), Date.parse(next.end)];
      if (!isWithinMeetingCap(start, end)) {
        throw new DomainError('VALIDATION_FAILED', `A meeting lasts at most ${MAX_MEETING_HOURS} hours`, [{ path: 'end', message: `at most ${MAX_MEETING_HOURS} hours after start` }]);
      }
      // The claims it held and its hours at the new time, at once (hours are the same in every zone).
      const read = await actor.deps.claims.read([...held, ...claimUnitsUpToCap(start).map((unit) => ({ epaId: next.epaId, unit }))]);
      claimUnits = claimUnitsFor(start, end);
      // Written: the claims it held and the hours it now needs, nothing else read.
      const written = new Set([...held, ...claimUnits.map((unit) => ({ epaId: next.epaId, unit }))].map((claim) => `${claim.epaId}|${claim.unit}`));
      claims = read.filter((claim) => written.has(`${claim.epaId}|${claim.unit}`));
    } else if (outcome.claims === 'release') {
      claims = await actor.deps.claims.read(held);
    }
    if (outcome.claims === 'move') {
      const clash = overlapping(
        claims.filter((claim) => claim.epaId === next.epaId),
        Date.parse(next.start),
        Date.parse(next.end),
        next.id,
      );
      if (clash) throw new DomainError('EPA_UNAVAILABLE', `EPA ${next.epaId} has another meeting then`);
    }
    const events = eventsOf(actor.deps, next, outcome.events, actor.caller.userId, actor.now);
    try {
      await actor.deps.meetings.commit({
        meeting: next,
        claimUnits: outcome.claims === 'release' ? [] : claimUnits,
        expectedVersion: current.meeting.version,
        claims: claimWrites(claims, next, outcome.claims === 'release' ? [] : claimUnits),
        ...(outcome.claims === 'release' ? { activeMeeting: { apprenticeId: next.apprenticeId, action: 'release' as const } } : {}),
        history: historyOf(events),
        events,
      });
      return next;
    } catch (error) {
      if (!(error instanceof MeetingWriteConflict)) throw error;
      if (error.conflicts.has('meeting') && options.ifMatch !== undefined) {
        throw new DomainError('VERSION_MISMATCH', 'The meeting was changed by someone else; read it again and retry');
      }
      await pauseBeforeRetry(attempt + 1);
    }
  }
  throw new DomainError('CONFLICT', 'The meeting is being changed by others; read it again and retry');
};

/** PATCH: time, EPA (reassignment), location and notes; windows do not apply to managers (SPEC §3.4). */
export const updateCommand =
  (actor: Actor, input: UpdatePlanningMeetingInput): CommandBuilder =>
  async (current) => {
    let epa: Attendee | undefined;
    if (input.epaId !== undefined && input.epaId !== current.meeting.epaId) {
      const user = await actor.deps.records.get<UserInput>('user', input.epaId);
      if (!user?.data.roles.includes('epa')) {
        throw new DomainError('VALIDATION_FAILED', 'The EPA must be a directory user with the epa role', [
          { path: 'epaId', message: `no EPA ${input.epaId}` },
        ]);
      }
      epa = attendeeOfUser(actor.deps.newId(), input.epaId, user.data, 'epa');
      // The capacity batch's reassign comes here too: neither may make an attendee the EPA as well.
      if (isActive(current.meeting.status)) requireMayBecomeEpa(current.meeting, epa);
    }
    return {
      kind: 'update',
      start: input.start !== undefined ? Date.parse(input.start) : undefined,
      end: input.end !== undefined ? Date.parse(input.end) : undefined,
      location: input.location,
      notes: input.notes,
      epa,
    };
  };

/**
 * A directory user, a guest, or the apprentice's workplace mentor / on-programme assessor
 * (SPEC §4.2): each person once (409 ALREADY_ATTENDING) and no more than the configured
 * attendee limit (409 ATTENDEE_LIMIT).
 *
 * Round trips: the user or the apprentice's record, with the availability configuration (its limit), at once.
 */
export const addAttendeeCommand =
  (actor: Actor, input: AddAttendeeInput): CommandBuilder =>
  async (current) => {
    const [users, apprentice, configuration] = await Promise.all([
      'userId' in input ? actor.deps.records.getMany<UserInput>('user', [input.userId]) : new Map<string, StoredRecord<UserInput>>(),
      'shortcut' in input ? actor.deps.records.get<ApprenticeInput>('apprentice', current.meeting.apprenticeId) : undefined,
      loadAvailabilityConfiguration(actor),
    ]);
    const attendee = attendeeOfInput(actor.deps.newId(), input, { users, apprentice: apprentice?.data });
    // A final meeting takes no one: the lifecycle says so (INVALID_TRANSITION) rather than these rules.
    if (isActive(current.meeting.status)) {
      requireNotAttending(current.meeting.attendees, attendee);
      requireRoomFor(current.meeting.attendees.length, 1, configuration.data.maxAttendeesPerMeeting);
    }
    return { kind: 'addAttendee', attendee };
  };
