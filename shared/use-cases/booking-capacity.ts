import type { z } from 'zod';
import { ensureCapacityViewSize, type CapacityChange, type CapacityQuery } from './capacity-inputs.ts';
import type { AvailabilityScheduleInput } from '#domain/availability-schedule.ts';
import { capacityView, daysBetween } from '#domain/capacity-view.ts';
import { SYSTEM_GROUP_ID } from '#domain/directory.ts';
import { DomainError, isDomainError, notFound, type ErrorCode } from '#domain/errors.ts';
import { createHash } from 'node:crypto';
import type { PlanningMeeting } from '#domain/planning-meeting.ts';
import { toUtcIso } from '#domain/primitives.ts';
import { changePlanningMeeting, updateCommand, type CommandBuilder } from './change-planning-meeting.ts';
import { loadAvailabilityConfiguration, loadGroup } from './configuration-reads.ts';
import type { Actor } from '#ports/actor.ts';

const allMeetingsOf = async (actor: Actor, epaId: string, from: string, to: string, status?: string): Promise<PlanningMeeting[]> => {
  const meetings: PlanningMeeting[] = [];
  let cursor: string | undefined;
  do {
    const page = await actor.deps.meetings.list('gsi2', `EPA#${epaId}`, { from, to }, { limit: 200, cursor, statuses: status ? [status] : undefined });
    meetings.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  return meetings;
};

/** The capacity management view: per EPA of a group (default: the system group) or one EPA, and day. */
export const readBookingCapacity = async (actor: Actor, query: z.output<typeof CapacityQuery>) => {
  const { data: configuration } = await loadAvailabilityConfiguration(actor);
  let epaIds: string[];
  if (query.epaId) epaIds = [query.epaId];
  else {
    const group = await loadGroup(actor, query.groupId ?? SYSTEM_GROUP_ID);
    if (!group) throw notFound(`Group ${query.groupId}`);
    epaIds = group.data.memberIds;
  }
  ensureCapacityViewSize(epaIds.length, query);
  const days = daysBetween(query.from, query.to, configuration.timeZone);
  const from = toUtcIso(days[0]!.start);
  const to = toUtcIso(days[days.length - 1]!.end);
  const [schedules, meetings] = await Promise.all([
    actor.deps.records.getMany<AvailabilityScheduleInput>('availability', epaIds),
    Promise.all(epaIds.map((id) => allMeetingsOf(actor, id, from, to, query.status))),
  ]);
  return {
    timeZone: configuration.timeZone,
    from: query.from,
    to: query.to,
    days: capacityView({
      epas: epaIds.map((id) => ({ id, schedule: schedules.get(id)?.data })),
      meetings: meetings.flat(),
      from: query.from,
      to: query.to,
      timeZone: configuration.timeZone,
      nonWorkingDates: configuration.nonWorkingDates,
    }),
  };
};

export interface CapacityChangeResult {
  meetingId: string;
  action: CapacityChange['action'];
  meeting?: PlanningMeeting;
  problem?: { code: ErrorCode; detail: string };
}

const commandOf = (actor: Actor, change: CapacityChange): CommandBuilder => {
  switch (change.action) {
    case 'approve':
      return () => ({ kind: 'approve', reason: change.reason });
    case 'reject':
      return () => ({ kind: 'reject', reason: change.reason });
    case 'reassign':
      return updateCommand(actor, { epaId: change.epaId });
    case 'reschedule':
      return updateCommand(actor, { start: change.start, ...(change.end ? { end: change.end } : {}) });
  }
};

/** Longer than a function may run: a key still taken after this was left by a process that stopped. */
const BATCH_LEASE_MS = 60_000;
/** How long a duplicate waits for the first to answer: 25 looks, 200 ms apart. */
const DUPLICATE_LOOKS = 25;
const DUPLICATE_LOOK_MS = 200;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export interface DuplicateWait {
  /** How a duplicate waits between looks; tests give one that moves their clock instead of sleeping. */
  pause?: (ms: number) => Promise<void>;
}

/**
 * A batch of capacity changes (SPEC §4.3): each item is its own transaction with its
 * own events, succeeds or fails on its own, and is answered on its own. With an
 * Idempotency-Key the key is taken before the first item: the same batch sent again
 * gets the first answer, and one sent while the first still runs waits for it (or,
 * after a few seconds, is told to send again) rather than running twice.
 */
export const saveCapacityChanges = async (actor: Actor, items: readonly CapacityChange[], idempotencyKey?: string, wait: DuplicateWait = {}) => {
  if (!idempotencyKey) return { results: await applyCapacityChanges(actor, items) };
  const requestHash = createHash('sha256').update(JSON.stringify(items)).digest('base64url');
  const scope = actor.caller.userId;
  const key = `capacity:${idempotencyKey}`;
  const owner = actor.deps.newId();
  // The clock is read at each look, so that a lease which runs out while a duplicate waits is taken over.
  for (let look = 0; ; look += 1) {
    const state = await actor.deps.idempotency.reserve(scope, key, requestHash, owner, look === 0 ? actor.now : actor.deps.clock(), BATCH_LEASE_MS);
    if (state.kind === 'reserved') break;
    if (state.requestHash !== requestHash) {
      throw new DomainError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for a different batch in the last 24 hours');
    }
    if (state.kind === 'answered') return state.answer.body as { results: CapacityChangeResult[] };
    if (look + 1 >= DUPLICATE_LOOKS) {
      throw new DomainError('IDEMPOTENCY_KEY_IN_USE', 'The same batch with this Idempotency-Key is still running; send it again in a moment');
    }
    await (wait.pause ?? sleep)(DUPLICATE_LOOK_MS);
  }
  let results: CapacityChangeResult[];
  try {
    results = await applyCapacityChanges(actor, items);
  } catch (error) {
    // An outage mid-batch: the items done so far stay done (each carries its ifVersion, so a retry answers them 412).
    await actor.deps.idempotency.release(scope, key, owner).catch(() => undefined);
    throw error;
  }
  try {
    await actor.deps.idempotency.rememberAnswer(scope, key, owner, { status: 200, body: { results } });
  } catch (error) {
    // Every item is done and answered here; only a retry's replay is lost (it waits out the lease, then gets 412s).
    actor.deps.logger.log('warn', 'capacity batch answer not kept for its idempotency key', { error: error instanceof Error ? error.message : String(error) });
  }
  return { results };
};

/**
 * Items on different meetings are saved side by side, so a batch of ten approvals costs
 * the round trips of one, not of ten in a row; items on the same meeting keep the
 * batch's order. Ten at a time: enough to overlap a screen's selection, few enough that
 * changes landing on one EPA's claim weeks settle within their retries.
 */
const MEETINGS_AT_ONCE = 10;

const applyCapacityChanges = async (actor: Actor, items: readonly CapacityChange[]): Promise<CapacityChangeResult[]> => {
  const results = new Array<CapacityChangeResult>(items.length);
  const itemsByMeeting = new Map<string, number[]>();
  items.forEach((item, index) => itemsByMeeting.set(item.meetingId, [...(itemsByMeeting.get(item.meetingId) ?? []), index]));
  const waiting = [...itemsByMeeting.values()];
  const saveMeetingsInTurn = async (): Promise<void> => {
    for (let indexes = waiting.shift(); indexes; indexes = waiting.shift()) {
      for (const index of indexes) results[index] = await applyCapacityChange(actor, items[index]!);
    }
  };
  // Every saver runs to its end before an outage is passed on, so none is still writing
  // when the batch's idempotency key is released.
  const settled = await Promise.allSettled(Array.from({ length: Math.min(MEETINGS_AT_ONCE, waiting.length) }, saveMeetingsInTurn));
  const outage = settled.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
  if (outage) throw outage.reason;
  return results;
};

const applyCapacityChange = async (actor: Actor, change: CapacityChange): Promise<CapacityChangeResult> => {
  try {
    const meeting = await changePlanningMeeting(actor, change.meetingId, commandOf(actor, change), {
      ifMatch: change.ifVersion,
      capacity: true,
    });
    return { meetingId: change.meetingId, action: change.action, meeting };
  } catch (error) {
    if (!isDomainError(error)) throw error;
    return { meetingId: change.meetingId, action: change.action, problem: { code: error.code, detail: error.message } };
  }
};
