import { createHash } from 'node:crypto';
import { attendeeOfUser } from '#domain/attendees.ts';
import type { ApprenticeInput, UserInput } from '#domain/directory.ts';
import { DomainError, isDomainError, notFound } from '#domain/errors.ts';
import type { MeetingEventDraft } from '#domain/meeting-lifecycle.ts';
import type { Attendee, MeetingStatus, PlanningMeeting } from '#domain/planning-meeting.ts';
import { toUtcIso } from '#domain/primitives.ts';
import { claimsOn, claimUnitsFor, dailyMaximumUnit, type EpaClaim } from '#domain/time-claims.ts';
import { IDEMPOTENCY_SECONDS } from '#domain/retention.ts';
import type { StoredAnswer } from '#ports/idempotency-store.ts';
import { MeetingWriteConflict } from '#domain/meeting-write-conflict.ts';
import type { StoredRecord } from '#ports/record-store.ts';
import type { Actor } from '#ports/actor.ts';
import { noNamedAttendees, withNamedAttendees, type NamedAttendees } from './meeting-attendees.ts';
import { claimWrites, eventsOf, historyOf } from './meeting-writes.ts';
import { pauseBeforeRetry, retryBudget } from './retry-pause.ts';

/**
 * What provisional and direct booking share: the new meeting, its first attendees,
 * its one transaction, and what a refused transaction or a repeated key answers.
 */

export interface BookingAnswer {
  status: number;
  body: PlanningMeeting;
  replayed: boolean;
}

/** A booking's `Idempotency-Key`, scoped to booking, with the hash of the request it came with. */
export interface BookingKey {
  key: string;
  requestHash: string;
}

export const bookingKeyOf = (idempotencyKey: string | undefined, input: unknown): BookingKey | undefined =>
  idempotencyKey ? { key: `book:${idempotencyKey}`, requestHash: createHash('sha256').update(JSON.stringify(input)).digest('base64url') } : undefined;

/**
 * The apprentice, the EPA and the apprentice's AO contact attend from the start
 * (SPEC §4.2); a contact whose directory record has gone is left out rather than
 * failing the booking. The attendees the booking named follow (epaPRO 5.13), each
 * person once and within the attendee limit.
 */
export const initialAttendees = (
  actor: Actor,
  apprenticeId: string,
  apprentice: ApprenticeInput,
  epaId: string,
  users: ReadonlyMap<string, StoredRecord<UserInput>>,
  named: NamedAttendees = noNamedAttendees,
): Attendee[] => {
  const apprenticeUser = users.get(apprenticeId);
  const epaUser = users.get(epaId);
  if (!apprenticeUser) throw notFound(`Directory user of apprentice ${apprenticeId}`);
  if (!epaUser) throw new DomainError('EPA_UNAVAILABLE', `EPA ${epaId} is not in the directory`);
  const attendees = [
    attendeeOfUser(actor.deps.newId(), apprenticeId, apprenticeUser.data, 'apprentice'),
    attendeeOfUser(actor.deps.newId(), epaId, epaUser.data, 'epa'),
  ];
  const ao = apprentice.aoContactId ? users.get(apprentice.aoContactId) : undefined;
  if (apprentice.aoContactId && ao) attendees.push(attendeeOfUser(actor.deps.newId(), apprentice.aoContactId, ao.data, 'awardingorganisation'));
  return withNamedAttendees(attendees, epaId, named);
};

export const newMeeting = (
  actor: Actor,
  details: {
    apprenticeId: string;
    standardId: string;
    epaId: string;
    start: number;
    end: number;
    status: Extract<MeetingStatus, 'provisional' | 'confirmed'>;
    attendees: Attendee[];
    location: string | null;
    notes: string | null;
  },
): PlanningMeeting => {
  const stamp = toUtcIso(actor.now);
  return {
    id: actor.deps.newId(),
    apprenticeId: details.apprenticeId,
    standardId: details.standardId,
    epaId: details.epaId,
    start: toUtcIso(details.start),
    end: toUtcIso(details.end),
    status: details.status,
    version: 1,
    attendees: details.attendees,
    location: details.location,
    notes: details.notes,
    createdAt: stamp,
    createdBy: actor.caller.userId,
    updatedAt: stamp,
    updatedBy: actor.caller.userId,
  };
};

/**
 * Writes a new meeting in one transaction: the meeting, the EPA's claims it needs (each
 * conditioned on the version read), its apprentice's active-meeting marker, its history
 * and outbox event, and its idempotency record. The claims are the hours the meeting
 * overlaps and, for a booking that checked the EPA's daily maximum
 * (`checksDailyMaximum`), the EPA's local day in `zone` (decision 0002).
 */
export const commitNewMeeting = async (
  actor: Actor,
  created: { meeting: PlanningMeeting; zone: string; event: MeetingEventDraft; checksDailyMaximum?: boolean },
  claims: readonly EpaClaim[],
  idempotency: BookingKey | undefined,
): Promise<void> => {
  const { meeting } = created;
  const events = eventsOf(actor.deps, meeting, [created.event], actor.caller.userId, actor.now);
  const start = Date.parse(meeting.start);
  const claimUnits = [...claimUnitsFor(start, Date.parse(meeting.end)), ...(created.checksDailyMaximum ? [dailyMaximumUnit(start, created.zone)] : [])];
  const answer: StoredAnswer = { status: 201, body: meeting };
  await actor.deps.meetings.commit({
    meeting,
    claimUnits,
    expectedVersion: 0,
    claims: claimWrites(claimsOn(claims, meeting.epaId, claimUnits), meeting, claimUnits),
    activeMeeting: { apprenticeId: meeting.apprenticeId, action: 'claim' },
    history: historyOf(events),
    events,
    ...(idempotency
      ? {
          idempotency: {
            scope: actor.caller.userId,
            key: idempotency.key,
            requestHash: idempotency.requestHash,
            answer,
            expiresAt: Math.floor(actor.now / 1000) + IDEMPOTENCY_SECONDS,
          },
        }
      : {}),
  });
};

/** A new meeting as a booking drafts it from the claims it read. */
export type NewMeetingDraft = Parameters<typeof commitNewMeeting>[1];

/**
 * The booking loop both kinds of booking share: draft the meeting from the claims read
 * (the draft throws to refuse), write it in one transaction, and when the transaction
 * loses a race, pause a random moment, read the claims again and draft again, told
 * which EPAs this booking has lost races on (so that a provisional booking can choose
 * among the others first). A booking is refused only by its draft, on what it has just
 * read, or when races have kept it from committing for `RETRY_BUDGET_MS` and
 * `MIN_ATTEMPTS` attempts: then `exhausted` answers. Each round of a race has a winner, and a loser reads what the
 * winner wrote, so a booking gives up only under a stream of bookings on the same
 * claims.
 */
export const commitWithRetries = async (
  actor: Actor,
  idempotency: BookingKey | undefined,
  firstClaims: readonly EpaClaim[],
  readClaimsAgain: () => Promise<readonly EpaClaim[]>,
  draft: (claims: readonly EpaClaim[], lostOn: ReadonlySet<string>) => NewMeetingDraft,
  exhausted: () => DomainError,
): Promise<BookingAnswer> => {
  const budget = retryBudget();
  const lostOn = new Set<string>();
  let claims = firstClaims;
  for (let attempt = 1; ; attempt += 1) {
    const created = draft(claims, lostOn);
    try {
      await commitNewMeeting(actor, created, claims, idempotency);
      return { status: 201, body: created.meeting, replayed: false };
    } catch (error) {
      const settled = await settleConflict(actor, error, idempotency);
      if (settled) return settled;
    }
    lostOn.add(created.meeting.epaId);
    if (budget.spent(attempt)) throw exhausted();
    await pauseBeforeRetry(attempt);
    claims = await readClaimsAgain();
  }
};

/** The first answer again for a key sent before with the same request; a 409 for another request under it. */
export const replayOrRefuse = async (actor: Actor, idempotency: BookingKey | undefined): Promise<BookingAnswer | undefined> => {
  if (!idempotency) return undefined;
  const record = await actor.deps.idempotency.answerOf(actor.caller.userId, idempotency.key, actor.now);
  if (!record) return undefined;
  if (record.requestHash !== idempotency.requestHash) {
    throw new DomainError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for a different request in the last 24 hours');
  }
  return { status: record.answer.status, body: record.answer.body as PlanningMeeting, replayed: true };
};

/** Maps a refused transaction to the answer a caller can act on; undefined means "race lost, read again". */
export const settleConflict = async (actor: Actor, error: unknown, idempotency: BookingKey | undefined): Promise<BookingAnswer | undefined> => {
  if (!(error instanceof MeetingWriteConflict)) throw error;
  if (error.conflicts.has('idempotency')) {
    const replay = await replayOrRefuse(actor, idempotency);
    if (replay) return replay;
  }
  if (error.conflicts.has('activeMeeting')) throw alreadyBooked();
  return undefined;
};

const alreadyBooked = (): DomainError => new DomainError('ALREADY_BOOKED', 'The apprentice already has a planning meeting; reschedule it instead');

/**
 * A second booking for an apprentice is refused by the transaction (the active-meeting
 * marker), so the common path reads nothing for it. When a booking fails for another
 * reason first (slot taken, outside the window), the marker is read to give the more
 * useful answer: the apprentice already has a meeting.
 */
export const preferAlreadyBooked = async (actor: Actor, apprenticeId: string, book: () => Promise<BookingAnswer>): Promise<BookingAnswer> => {
  try {
    return await book();
  } catch (error) {
    if (isDomainError(error) && ['SLOT_UNAVAILABLE', 'OUTSIDE_BOOKING_WINDOW', 'EPA_UNAVAILABLE'].includes(error.code)) {
      if (await actor.deps.meetings.activeMeetingOf(apprenticeId)) throw alreadyBooked();
    }
    throw error;
  }
};
