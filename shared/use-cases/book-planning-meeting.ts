import { createHash } from 'node:crypto';
import type { BookPlanningMeetingInput } from './meeting-inputs.ts';
import type { AvailabilityScheduleInput } from '#domain/availability-schedule.ts';
import { bookingWindowFor, isInsideBookingWindow } from '#domain/booking-window.ts';
import { rankResources, type ResourceMeeting } from '#domain/capacity-engine.ts';
import { DEFAULT_TIME_ZONE, type ApprenticeInput, type StandardInput, type UserInput } from '#domain/directory.ts';
import { DomainError, isDomainError, notFound } from '#domain/errors.ts';
import type { MeetingEventDraft } from '#domain/meeting-lifecycle.ts';
import type { Attendee, AttendeeRole, PlanningMeeting } from '#domain/planning-meeting.ts';
import { toUtcIso } from '#domain/primitives.ts';
import { checkSlot } from '#domain/slot-engine.ts';
import { busyIntervalsOf, claimsByEpa, claimWeeksFor, overlapping, utcWeeksOverlapping, type EpaWeekClaim } from '#domain/time-claims.ts';
import { startOfLocalWeek } from '#domain/zone-clock.ts';
import { MeetingWriteConflict, type MeetingInFlight, type StoredAnswer } from '#store/meeting-repository.ts';
import type { StoredRecord } from '#store/record-repository.ts';
import { loadAvailabilityContext } from './availability-context.ts';
import type { Actor } from '#ports/actor.ts';
import { claimWrites, eventsOf, historyOf } from './meeting-writes.ts';
import { requireMayBookFor, requireMayManage } from './authorisation.ts';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const MAX_MEETING_MS = 8 * 60 * MINUTE_MS;
/** Racing bookings re-read and retry; each round at least one of them wins, so a few rounds settle any race. */
const ATTEMPTS = 8;
/** Waits for this process's own commits on the same claim weeks; each ends with that commit answered. */
const MAX_WAITS = 16;
export const IDEMPOTENCY_SECONDS = 24 * 3600;

export interface BookingAnswer {
  status: number;
  body: PlanningMeeting;
  replayed: boolean;
}

const requestHashOf = (input: unknown): string => createHash('sha256').update(JSON.stringify(input)).digest('base64url');

const pause = (attempt: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 5 * (attempt + 1))));

const userAttendee = (deps: Actor['deps'], userId: string, user: UserInput, role: AttendeeRole): Attendee => ({
  id: deps.newId(),
  kind: 'user',
  userId,
  role,
  name: user.name,
  email: user.email,
  ...(user.phone ? { phone: user.phone } : {}),
  ...(user.timeZone ? { timeZone: user.timeZone } : {}),
});

/**
 * The apprentice, the EPA and the apprentice's AO contact attend from the start
 * (SPEC §4.2); a contact whose directory record has gone is left out rather than
 * failing the booking.
 */
const initialAttendees = (
  actor: Actor,
  apprenticeId: string,
  apprentice: ApprenticeInput,
  epaId: string,
  users: Map<string, StoredRecord<UserInput>>,
): Attendee[] => {
  const apprenticeUser = users.get(apprenticeId);
  const epaUser = users.get(epaId);
  if (!apprenticeUser) throw notFound(`Directory user of apprentice ${apprenticeId}`);
  if (!epaUser) throw new DomainError('EPA_UNAVAILABLE', `EPA ${epaId} is not in the directory`);
  const attendees = [
    userAttendee(actor.deps, apprenticeId, apprenticeUser.data, 'apprentice'),
    userAttendee(actor.deps, epaId, epaUser.data, 'epa'),
  ];
  const ao = apprentice.aoContactId ? users.get(apprentice.aoContactId) : undefined;
  if (apprentice.aoContactId && ao) attendees.push(userAttendee(actor.deps, apprentice.aoContactId, ao.data, 'awardingorganisation'));
  return attendees;
};

interface NewMeeting {
  meeting: PlanningMeeting;
  zone: string;
  event: MeetingEventDraft;
}

/** Writes a new meeting with its claims, its apprentice's active-meeting marker, its event and its idempotency record. */
const commitNewMeeting = async (
  actor: Actor,
  created: NewMeeting,
  claims: EpaWeekClaim[],
  idempotency: { key: string; requestHash: string } | undefined,
): Promise<void> => {
  const { meeting } = created;
  const events = eventsOf(actor.deps, meeting, [created.event], actor.caller.userId, actor.now);
  const claimWeeks = claimWeeksFor(Date.parse(meeting.start), Date.parse(meeting.end), created.zone);
  const answer: StoredAnswer = { status: 201, body: meeting };
  await actor.deps.meetings.commit({
    meeting,
    claimWeeks,
    expectedVersion: 0,
    claims: claimWrites(
      claims.filter((claim) => claim.epaId === meeting.epaId && claimWeeks.includes(claim.week)),
      meeting,
      true,
    ),
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

const replayOrRefuse = async (
  actor: Actor,
  idempotency: { key: string; requestHash: string } | undefined,
): Promise<BookingAnswer | undefined> => {
  if (!idempotency) return undefined;
  const record = await actor.deps.meetings.idempotencyRecord(actor.caller.userId, idempotency.key, actor.now);
  if (!record) return undefined;
  if (record.requestHash !== idempotency.requestHash) {
    throw new DomainError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for a different request in the last 24 hours');
  }
  return { status: record.answer.status, body: record.answer.body as PlanningMeeting, replayed: true };
};

/** Maps a refused transaction to the answer a caller can act on; undefined means "race lost, read again". */
const settleConflict = async (
  actor: Actor,
  error: unknown,
  idempotency: { key: string; requestHash: string } | undefined,
): Promise<BookingAnswer | undefined> => {
  if (!(error instanceof MeetingWriteConflict)) throw error;
  if (error.conflicts.has('idempotency')) {
    const replay = await replayOrRefuse(actor, idempotency);
    if (replay) return replay;
  }
  if (error.conflicts.has('activeMeeting')) {
    throw new DomainError('ALREADY_BOOKED', 'The apprentice already has a planning meeting; reschedule it instead');
  }
  return undefined;
};

/**
 * The capacity engine's choice among the EPAs free for the slot, counting the meetings
 * this process is committing right now as if they were booked: racing bookings then
 * go to different EPAs. An EPA whose in-flight meeting overlaps the slot is passed
 * over while another is free; if none is, it is tried anyway (that meeting may fail).
 */
const chooseAmongFree = (
  free: readonly string[],
  claims: readonly EpaWeekClaim[],
  inFlight: readonly MeetingInFlight[],
  start: number,
  end: number,
  timeZone: string,
): string | undefined => {
  // Only the free EPAs' meetings can rank them; a meeting is listed in every claim week it touches, and counts once.
  const isFree = new Set(free);
  const bookedIds = new Set<string>();
  const booked: ResourceMeeting[] = [];
  for (const claim of claims) {
    if (!isFree.has(claim.epaId)) continue;
    for (const interval of claim.intervals) {
      if (bookedIds.has(interval.meetingId)) continue;
      bookedIds.add(interval.meetingId);
      booked.push({ resourceId: claim.epaId, start: interval.start, end: interval.end });
    }
  }
  const pending = inFlight.filter((meeting) => !bookedIds.has(meeting.meetingId) && isFree.has(meeting.resourceId));
  const clear = free.filter((id) => !pending.some((meeting) => meeting.resourceId === id && meeting.start < end && start < meeting.end));
  return rankResources({
    candidates: clear.length > 0 ? clear : free,
    meetings: [...booked, ...pending],
    slotStart: start,
    weekStartsIn: timeZone,
  })[0];
};

const baseMeeting = (actor: Actor, apprenticeId: string, standardId: string, epaId: string, start: number, end: number) => {
  const stamp = toUtcIso(actor.now);
  return {
    id: actor.deps.newId(),
    apprenticeId,
    standardId,
    epaId,
    start: toUtcIso(start),
    end: toUtcIso(end),
    version: 1,
    createdAt: stamp,
    createdBy: actor.caller.userId,
    updatedAt: stamp,
    updatedBy: actor.caller.userId,
  };
};

/**
 * Slot-based booking (SPEC §4.1): the start must be an offered slot inside the
 * caller's booking window, re-checked here against consistent reads; the capacity
 * engine picks the EPA, and when that EPA's claim loses a race the next free one is
 * tried before answering 409.
 */
const bookProvisional = async (
  actor: Actor,
  input: Extract<BookPlanningMeetingInput, { status: 'provisional' }>,
  idempotency: { key: string; requestHash: string } | undefined,
): Promise<BookingAnswer> => {
  const [context, replay] = await Promise.all([
    loadAvailabilityContext(actor.deps, input.apprenticeId, { withUsers: true }),
    replayOrRefuse(actor, idempotency),
  ]);
  requireMayBookFor(actor, input.apprenticeId, context.apprentice);
  if (replay) return replay;
  if (!context.resolution.ok) {
    throw new DomainError('SLOT_UNAVAILABLE', `No availability for this apprentice (${context.resolution.reason})`);
  }
  const { configuration, standard } = context;
  const start = Date.parse(input.start);
  const window = bookingWindowFor({ configuration, now: actor.now, caller: actor.caller });
  if (!isInsideBookingWindow(window, start)) {
    throw new DomainError(
      'OUTSIDE_BOOKING_WINDOW',
      `Slots can be booked from ${toUtcIso(window.earliest)} to ${toUtcIso(window.latest)}`,
    );
  }
  const candidates = context.resolution.resourceIds;
  const schedules = new Map(candidates.map((id) => [id, context.schedules.get(id)!] as const));
  const slotQuery = (busyOf: (id: string) => Array<{ start: number; end: number }>) => ({
    resources: candidates.map((id) => ({ id, schedule: schedules.get(id)!, busy: busyOf(id) })),
    durationMinutes: standard.meetingDurationMinutes,
    intervalMinutes: standard.slotIntervalMinutes,
    window,
  });
  const end = start + standard.meetingDurationMinutes * MINUTE_MS;

  // The slot's week and the one before it: the capacity engine counts the week's meetings, and an
  // EPA with no meeting in those two weeks before the slot counts as longest ago.
  const weekStart = startOfLocalWeek(start, configuration.timeZone);
  const lookback = utcWeeksOverlapping(weekStart - 7 * DAY_MS, weekStart + 7 * DAY_MS);
  // Candidates mostly share a zone, and each zone's weeks cost a luxon lookup: once per zone.
  const weeksByZone = new Map<string, string[]>();
  const weeksIn = (zone: string): string[] => {
    let weeks = weeksByZone.get(zone);
    if (weeks === undefined) {
      weeks = [...new Set([...lookback, ...claimWeeksFor(start, end, zone)])];
      weeksByZone.set(zone, weeks);
    }
    return weeks;
  };
  const wanted = candidates.flatMap((epaId) => weeksIn(schedules.get(epaId)!.timeZone).map((week) => ({ epaId, week })));

  // Claim weeks come from the recent reads: every week the meeting writes carries its version
  // as the transaction's condition, so a stale copy can only lose the race, and a lost race
  // drops the weeks it wrote, so the next try reads those from the table. A refusal, though,
  // is only ever decided on a consistent read.
  let consistent = false;
  let waits = 0;
  for (let attempt = 0; attempt < ATTEMPTS; ) {
    const claims = consistent ? await actor.deps.meetings.claims(wanted) : await actor.deps.meetings.recentClaims(wanted);
    const byEpa = claimsByEpa(claims);
    const check = checkSlot(slotQuery((id) => busyIntervalsOf(byEpa.get(id) ?? [])), start);
    const epaId = check.offered
      ? chooseAmongFree(check.freeResourceIds, claims, actor.deps.meetings.meetingsInFlight(), start, end, configuration.timeZone)
      : undefined;
    if (!epaId) {
      if (!consistent) {
        consistent = true;
        continue;
      }
      if (!checkSlot(slotQuery(() => []), start).offered) {
        throw new DomainError('VALIDATION_FAILED', 'The start is not a slot of this apprentice’s standard and availability', [
          { path: 'start', message: 'is not an offered slot time (see planning-meeting-slots)' },
        ]);
      }
      throw new DomainError('SLOT_UNAVAILABLE', 'That slot has just been taken; choose another');
    }
    const zone = schedules.get(epaId)!.timeZone;
    // Another booking in this process is writing the same claim weeks: wait for it and read
    // again, rather than send a transaction that is bound to fail.
    const landing = actor.deps.meetings.commitsLandingOn(claimWeeksFor(start, end, zone).map((week) => ({ epaId, week })));
    if (landing && waits < MAX_WAITS) {
      waits += 1;
      await landing;
      continue;
    }
    const meeting: PlanningMeeting = {
      ...baseMeeting(actor, input.apprenticeId, context.apprentice.standardId, epaId, start, end),
      status: 'provisional',
      attendees: initialAttendees(actor, input.apprenticeId, context.apprentice, epaId, context.users),
      location: input.location ?? null,
      notes: input.notes ?? null,
    };
    attempt += 1;
    try {
      await commitNewMeeting(actor, { meeting, zone, event: { type: 'PlanningMeetingProvisionallyBooked', change: {} } }, claims, idempotency);
      return { status: 201, body: meeting, replayed: false };
    } catch (error) {
      const settled = await settleConflict(actor, error, idempotency);
      if (settled) return settled;
    }
    // A lost race says the recent copies may be behind on other EPAs too (another container booked
    // them, and the ranking sends both containers the same way): the next tries read the table.
    consistent = true;
    await pause(attempt);
  }
  throw new DomainError('SLOT_UNAVAILABLE', 'That slot is in demand and could not be booked; choose another or try again');
};

/**
 * Direct booking by ManagePlanningMeetings (SPEC §4.1): names its EPA, may be placed
 * anywhere (no window, no working hours), but never over the EPA's other meetings.
 */
const bookConfirmed = async (
  actor: Actor,
  input: Extract<BookPlanningMeetingInput, { status: 'confirmed' }>,
  idempotency: { key: string; requestHash: string } | undefined,
): Promise<BookingAnswer> => {
  if (!actor.permissions.has('ManagePlanningMeetings')) throw new DomainError('FORBIDDEN', 'Direct booking needs ManagePlanningMeetings');
  requireMayManage(actor, { apprenticeId: input.apprenticeId, epaId: input.epaId, attendees: [] });

  const [records, replay] = await Promise.all([
    actor.deps.records.getMixed([
      { kind: 'apprentice', id: input.apprenticeId },
      { kind: 'user', id: input.apprenticeId },
      { kind: 'user', id: input.epaId },
      { kind: 'availability', id: input.epaId },
    ]),
    replayOrRefuse(actor, idempotency),
  ]);
  if (replay) return replay;
  const apprentice = records.get(`apprentice:${input.apprenticeId}`) as StoredRecord<ApprenticeInput> | undefined;
  if (!apprentice) throw notFound(`Apprentice ${input.apprenticeId}`);
  const epaUser = records.get(`user:${input.epaId}`) as StoredRecord<UserInput> | undefined;
  if (!epaUser?.data.roles.includes('epa')) {
    throw new DomainError('VALIDATION_FAILED', 'The EPA must be a directory user with the epa role', [
      { path: 'epaId', message: `no EPA ${input.epaId}` },
    ]);
  }
  const [standard, ao] = await Promise.all([
    actor.deps.records.get<StandardInput>('standard', apprentice.data.standardId),
    apprentice.data.aoContactId ? actor.deps.records.get<UserInput>('user', apprentice.data.aoContactId) : undefined,
  ]);
  if (!standard) throw notFound(`Standard ${apprentice.data.standardId}`);
  const start = Date.parse(input.start);
  const end = input.end ? Date.parse(input.end) : start + standard.data.meetingDurationMinutes * MINUTE_MS;
  if (end <= start || end - start > MAX_MEETING_MS) {
    throw new DomainError('VALIDATION_FAILED', 'The meeting must end after it starts and last at most 8 hours', [
      { path: 'end', message: 'must be after start and at most 8 hours after it' },
    ]);
  }
  const schedule = records.get(`availability:${input.epaId}`) as StoredRecord<AvailabilityScheduleInput> | undefined;
  const zone = schedule?.data.timeZone ?? epaUser.data.timeZone ?? DEFAULT_TIME_ZONE;
  const users = new Map(records as Map<string, StoredRecord<UserInput>>);
  const userMap = new Map<string, StoredRecord<UserInput>>();
  for (const [key, record] of users) if (key.startsWith('user:')) userMap.set(key.slice(5), record);
  if (apprentice.data.aoContactId && ao) userMap.set(apprentice.data.aoContactId, ao);

  const wanted = claimWeeksFor(start, end, zone).map((week) => ({ epaId: input.epaId, week }));
  for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
    if (attempt > 0) await pause(attempt);
    const claims = await actor.deps.meetings.claims(wanted);
    if (overlapping(claims, start, end)) throw new DomainError('EPA_UNAVAILABLE', `EPA ${input.epaId} has another meeting then`);
    const meeting: PlanningMeeting = {
      ...baseMeeting(actor, input.apprenticeId, apprentice.data.standardId, input.epaId, start, end),
      status: 'confirmed',
      attendees: initialAttendees(actor, input.apprenticeId, apprentice.data, input.epaId, userMap),
      location: input.location ?? null,
      notes: input.notes ?? null,
    };
    try {
      await commitNewMeeting(actor, { meeting, zone, event: { type: 'PlanningMeetingBooked', change: {} } }, claims, idempotency);
      return { status: 201, body: meeting, replayed: false };
    } catch (error) {
      const settled = await settleConflict(actor, error, idempotency);
      if (settled) return settled;
    }
  }
  throw new DomainError('EPA_UNAVAILABLE', `EPA ${input.epaId} is being booked by others; try again`);
};

/**
 * A second booking for an apprentice is refused by the transaction (the active-meeting
 * marker), so the common path reads nothing for it. When a booking fails for another
 * reason first (slot taken, outside the window), the marker is read to give the more
 * useful answer: the apprentice already has a meeting.
 */
const preferAlreadyBooked = async (actor: Actor, apprenticeId: string, book: () => Promise<BookingAnswer>): Promise<BookingAnswer> => {
  try {
    return await book();
  } catch (error) {
    if (isDomainError(error) && ['SLOT_UNAVAILABLE', 'OUTSIDE_BOOKING_WINDOW', 'EPA_UNAVAILABLE'].includes(error.code)) {
      if (await actor.deps.meetings.activeMeetingOf(apprenticeId)) {
        throw new DomainError('ALREADY_BOOKED', 'The apprentice already has a planning meeting; reschedule it instead');
      }
    }
    throw error;
  }
};

export const bookPlanningMeeting = (
  actor: Actor,
  input: BookPlanningMeetingInput,
  idempotencyKey: string | undefined,
): Promise<BookingAnswer> => {
  const idempotency = idempotencyKey ? { key: `book:${idempotencyKey}`, requestHash: requestHashOf(input) } : undefined;
  return preferAlreadyBooked(actor, input.apprenticeId, () =>
    input.status === 'provisional' ? bookProvisional(actor, input, idempotency) : bookConfirmed(actor, input, idempotency),
  );
};
