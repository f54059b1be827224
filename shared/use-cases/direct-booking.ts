import type { BookPlanningMeetingInput } from './meeting-inputs.ts';
import { MINUTE_MS } from '#domain/calendar-arithmetic.ts';
import { DEFAULT_TIME_ZONE, type UserInput } from '#domain/directory.ts';
import { DomainError, notFound } from '#domain/errors.ts';
import { claimUnitsFor, claimUnitsUpToCap, isWithinMeetingCap, MAX_MEETING_HOURS, overlapping } from '#domain/time-claims.ts';
import type { Actor } from '#ports/actor.ts';
import { requireMayBookDirectly, requireMayManage } from './authorisation.ts';
import { loadAvailabilityConfiguration } from './configuration-reads.ts';
import { noNamedAttendees, requireEpaNotNamed, resolveNamedAttendees } from './meeting-attendees.ts';
import { commitWithRetries, initialAttendees, newMeeting, replayOrRefuse, type BookingAnswer, type BookingKey } from './new-meeting.ts';

/**
 * Direct booking by ManagePlanningMeetings (SPEC §4.1): names its EPA, may be placed
 * anywhere (no window, no working hours), but never over the EPA's other meetings.
 *
 * Round trips: the apprentice, the EPA and the EPA's claims (every hour a meeting of up
 * to 8 hours from that start could write), with the idempotency record, all at once; the
 * AO contact's directory record (and the standard, when this process holds no copy);
 * the transaction.
 */
export const bookConfirmed = async (
  actor: Actor,
  input: Extract<BookPlanningMeetingInput, { status: 'confirmed' }>,
  idempotency: BookingKey | undefined,
): Promise<BookingAnswer> => {
  if (!actor.permissions.has('ManagePlanningMeetings')) throw new DomainError('FORBIDDEN', 'Direct booking needs ManagePlanningMeetings');
  requireMayManage(actor, { apprenticeId: input.apprenticeId, epaId: input.epaId, attendees: [] });

  const start = Date.parse(input.start);
  const [records, claimsRead, replay] = await Promise.all([
    actor.deps.records.read([
      { kind: 'apprentice', id: input.apprenticeId },
      { kind: 'user', id: input.apprenticeId },
      { kind: 'user', id: input.epaId },
      { kind: 'availability', id: input.epaId },
    ]),
    actor.deps.claims.read(claimUnitsUpToCap(start).map((unit) => ({ epaId: input.epaId, unit }))),
    replayOrRefuse(actor, idempotency),
  ]);
  if (replay) return replay;
  const apprentice = records.of('apprentice', input.apprenticeId);
  requireMayBookDirectly(actor, apprentice?.data);
  if (!apprentice) throw notFound(`Apprentice ${input.apprenticeId}`);
  const epaUser = records.of('user', input.epaId);
  if (!epaUser?.data.roles.includes('epa')) {
    throw new DomainError('VALIDATION_FAILED', 'The EPA must be a directory user with the epa role', [
      { path: 'epaId', message: `no EPA ${input.epaId}` },
    ]);
  }
  const aoContactId = apprentice.data.aoContactId;
  const [standard, ao, named] = await Promise.all([
    actor.deps.records.standard(apprentice.data.standardId),
    aoContactId ? actor.deps.records.get<UserInput>('user', aoContactId) : undefined,
    input.attendees?.length
      ? loadAvailabilityConfiguration(actor).then((configuration) =>
          resolveNamedAttendees(actor, input.attendees, apprentice.data, configuration.data.maxAttendeesPerMeeting),
        )
      : noNamedAttendees,
  ]);
  requireEpaNotNamed(named, input.epaId);
  if (!standard) throw notFound(`Standard ${apprentice.data.standardId}`);
  const end = input.end ? Date.parse(input.end) : start + standard.data.meetingDurationMinutes * MINUTE_MS;
  if (!isWithinMeetingCap(start, end)) {
    throw new DomainError('VALIDATION_FAILED', `The meeting must end after it starts and last at most ${MAX_MEETING_HOURS} hours`, [
      { path: 'end', message: `must be after start and at most ${MAX_MEETING_HOURS} hours after it` },
    ]);
  }
  const schedule = records.of('availability', input.epaId);
  const zone = schedule?.data.timeZone ?? epaUser.data.timeZone ?? DEFAULT_TIME_ZONE;
  const users = records.allOf('user');
  if (aoContactId && ao) users.set(aoContactId, ao);

  const writes = claimUnitsFor(start, end).map((unit) => ({ epaId: input.epaId, unit }));
  return commitWithRetries(
    actor,
    idempotency,
    claimsRead,
    () => actor.deps.claims.read(writes),
    (claims) => {
      if (overlapping(claims, start, end)) throw new DomainError('EPA_UNAVAILABLE', `EPA ${input.epaId} has another meeting then`);
      const meeting = newMeeting(actor, {
        apprenticeId: input.apprenticeId,
        standardId: apprentice.data.standardId,
        epaId: input.epaId,
        start,
        end,
        status: 'confirmed',
        attendees: initialAttendees(actor, input.apprenticeId, apprentice.data, input.epaId, users, named),
        location: input.location ?? null,
        notes: input.notes ?? null,
      });
      return { meeting, zone, event: { type: 'PlanningMeetingBooked', change: {} } };
    },
    () => new DomainError('EPA_UNAVAILABLE', `EPA ${input.epaId} is being booked by others; try again`),
  );
};
