import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestApi } from '../support/api-client.ts';
import { repositoriesOn } from '#store/repositories.ts';
import { bookPlanningMeeting } from '#use-cases/book-planning-meeting.ts';
import { changePlanningMeeting } from '#use-cases/change-planning-meeting.ts';
import type { Dependencies } from '#ports/dependencies.ts';
import { createApprentice } from '../support/apprentices.ts';

/** Wednesday 6 January 2027, 10:00 GMT; the demo window needs two working days' notice. */
const NOW = Date.parse('2027-01-06T10:00:00Z');
let api: TestApi;
beforeAll(async () => {
  api = await TestApi.start({ clock: () => NOW });
});
afterAll(() => api.close());

let apprenticeCount = 0;
/** A fresh apprentice on the default standard (system group of three EPAs). */
const newApprentice = async (overrides: Record<string, unknown> = {}): Promise<string> => {
  apprenticeCount += 1;
  const id = `race-apprentice-${apprenticeCount}`;
  return createApprentice(api, id, { now: NOW, record: { aoContactId: 'demo-ao', ...overrides } });
};

const book = (apprenticeId: string, start: string, as = apprenticeId, headers: Record<string, string> = {}) =>
  api.post('/planning-meetings', { as, body: { apprenticeId, start, status: 'provisional' }, headers });

/**
 * The change events a meeting's changes recorded. Local mode publishes them from the
 * outbox straight away, so read them as the history keeps them (one entry per event,
 * written in the same transaction), ordered by version, then type.
 */
const eventsOfMeeting = async (meetingId: string) => {
  const entries = await api.host.deps.meetings.history(meetingId);
  return entries
    .map((entry) => ({ type: entry.type, version: entry.version, actorId: entry.by, meetingId, change: entry.change as { attendee?: { name: string } } }))
    .sort((a, b) => a.version - b.version || a.type.localeCompare(b.type));
};

describe('slot-based (provisional) booking', () => {
  it('books an offered slot, picks the EPA by the capacity engine and records the event', async () => {
    const apprenticeId = await newApprentice();
    const answer = await book(apprenticeId, '2027-01-11T10:00:00Z');
    expect(answer.status).toBe(201);
    expect(answer.headers.get('etag')).toBe('"1"');
    expect(answer.body).toMatchObject({ apprenticeId, status: 'provisional', start: '2027-01-11T10:00:00Z', end: '2027-01-11T11:00:00Z', version: 1 });
    // Everyone free and idle: the tie goes to the lowest id.
    expect(answer.body.epaId).toBe('epa-1');
    expect(answer.body.attendees.map((a: { role: string }) => a.role).sort()).toEqual(['apprentice', 'awardingorganisation', 'epa']);
    const events = await eventsOfMeeting(answer.body.id);
    expect(events.map((event) => event.type)).toEqual(['PlanningMeetingProvisionallyBooked']);
    expect(events[0]).toMatchObject({ meetingId: answer.body.id, version: 1, actorId: apprenticeId });
  });

  it('spreads load: the next booking in the same slot goes to an EPA with fewer meetings that week', async () => {
    const first = await book(await newApprentice(), '2027-01-12T11:00:00Z');
    const second = await book(await newApprentice(), '2027-01-12T11:00:00Z');
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body.epaId).not.toBe(first.body.epaId);
  });

  it('refuses a second active meeting with ALREADY_BOOKED', async () => {
    const apprenticeId = await newApprentice();
    expect((await book(apprenticeId, '2027-01-13T13:30:00Z')).status).toBe(201);
    const again = await book(apprenticeId, '2027-01-13T14:30:00Z');
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('ALREADY_BOOKED');
    // Also when the second try would have failed for another reason first.
    const outsideWindow = await book(apprenticeId, '2027-01-07T10:00:00Z');
    expect(outsideWindow.body.code).toBe('ALREADY_BOOKED');
  });

  it('returns the first answer for a repeated Idempotency-Key and books nothing more', async () => {
    const apprenticeId = await newApprentice();
    const first = await book(apprenticeId, '2027-01-14T09:00:00Z', apprenticeId, { 'idempotency-key': 'once' });
    const again = await book(apprenticeId, '2027-01-14T09:00:00Z', apprenticeId, { 'idempotency-key': 'once' });
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const different = await book(apprenticeId, '2027-01-14T10:00:00Z', apprenticeId, { 'idempotency-key': 'once' });
    expect(different.status).toBe(422);
    expect(different.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    const listed = await api.get(`/planning-meetings?apprenticeId=${apprenticeId}`, { as: 'demo-owner' });
    expect(listed.body.items).toHaveLength(1);
  });

  it.each([
    ['inside the minimum notice', '2027-01-07T10:00:00Z', 422, 'OUTSIDE_BOOKING_WINDOW'],
    ['beyond the maximum advance', '2027-06-07T09:00:00Z', 422, 'OUTSIDE_BOOKING_WINDOW'],
    ['off the grid', '2027-01-11T10:15:00Z', 400, 'VALIDATION_FAILED'],
    ['outside working hours', '2027-01-11T20:00:00Z', 400, 'VALIDATION_FAILED'],
    ['not a date-time', '11 January 2027 10:00', 400, 'VALIDATION_FAILED'],
  ])('refuses a start %s', async (_case, start, status, code) => {
    const apprenticeId = await newApprentice();
    const answer = await book(apprenticeId, start);
    expect(answer.status).toBe(status);
    expect(answer.body.code).toBe(code);
    expect((await api.get(`/planning-meetings?apprenticeId=${apprenticeId}`, { as: 'demo-owner' })).body.items).toHaveLength(0);
  });

  it('lets AO users book inside the configured notice (they bypass windows)', async () => {
    const apprenticeId = await newApprentice();
    expect((await book(apprenticeId, '2027-01-07T10:00:00Z', 'demo-ao')).status).toBe(201);
  });

  it('refuses an apprentice booking for someone else, and unknown apprentices', async () => {
    const other = await newApprentice();
    expect((await book(other, '2027-01-11T14:30:00Z', 'apprentice-1')).status).toBe(403);
    expect((await book('nobody', '2027-01-11T14:30:00Z', 'demo-owner')).status).toBe(404);
  });
});

describe('direct (confirmed) booking', () => {
  it('books a named EPA anywhere, but never over their other meetings', async () => {
    const first = await api.post('/planning-meetings', {
      as: 'demo-owner',
      body: { apprenticeId: await newApprentice(), start: '2027-01-09T07:05:00Z', end: '2027-01-09T07:50:00Z', status: 'confirmed', epaId: 'epa-3', location: 'Teams' },
    });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ status: 'confirmed', epaId: 'epa-3', location: 'Teams' });
    const clash = await api.post('/planning-meetings', {
      as: 'demo-owner',
      body: { apprenticeId: await newApprentice(), start: '2027-01-09T07:45:00Z', status: 'confirmed', epaId: 'epa-3' },
    });
    expect(clash.status).toBe(409);
    expect(clash.body.code).toBe('EPA_UNAVAILABLE');
    const adjacent = await api.post('/planning-meetings', {
      as: 'demo-owner',
      body: { apprenticeId: await newApprentice(), start: '2027-01-09T07:50:00Z', status: 'confirmed', epaId: 'epa-3' },
    });
    expect(adjacent.status).toBe(201);
  });

  it('refuses end before start and an apprentice trying to book directly', async () => {
    const apprenticeId = await newApprentice();
    const backwards = await api.post('/planning-meetings', {
      as: 'demo-owner',
      body: { apprenticeId, start: '2027-01-20T10:00:00Z', end: '2027-01-20T09:00:00Z', status: 'confirmed', epaId: 'epa-2' },
    });
    expect(backwards.status).toBe(400);
    const apprentice = await api.post('/planning-meetings', {
      as: apprenticeId,
      body: { apprenticeId, start: '2027-01-20T10:00:00Z', status: 'confirmed', epaId: 'epa-2' },
    });
    expect(apprentice.status).toBe(403);
  });
});

describe('lifecycle', () => {
  const provisional = async (start: string) => (await book(await newApprentice(), start)).body;

  it('approves with the right version, refuses a stale one with 412, and final states with 409', async () => {
    const meeting = await provisional('2027-01-15T09:00:00Z');
    const stale = await api.post(`/planning-meetings/${meeting.id}/approve`, { as: 'demo-owner', headers: { 'if-match': '"7"' } });
    expect(stale.status).toBe(412);
    const approved = await api.post(`/planning-meetings/${meeting.id}/approve`, { as: 'demo-owner', headers: { 'if-match': '"1"' } });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'confirmed', version: 2 });
    const rejected = await api.post(`/planning-meetings/${meeting.id}/reject`, { as: 'demo-owner' });
    expect(rejected.status).toBe(409);
    expect(rejected.body.code).toBe('INVALID_TRANSITION');
    const cancelled = await api.post(`/planning-meetings/${meeting.id}/cancel`, { as: 'demo-owner', body: { reason: 'Apprentice unwell' } });
    expect(cancelled.body).toMatchObject({ status: 'cancelled', reason: 'Apprentice unwell', version: 3 });
    expect((await api.post(`/planning-meetings/${meeting.id}/cancel`, { as: 'demo-owner' })).status).toBe(409);
    expect((await api.patch(`/planning-meetings/${meeting.id}`, { as: 'demo-owner', body: { notes: 'x' } })).status).toBe(409);
    const history = await api.get(`/planning-meetings/${meeting.id}/history`, { as: 'demo-owner' });
    expect(history.body.entries.map((entry: { type: string }) => entry.type)).toEqual([
      'PlanningMeetingProvisionallyBooked',
      'PlanningMeetingApproved',
      'PlanningMeetingCancelled',
    ]);
    expect(history.body.entries[2]).toMatchObject({ by: 'demo-owner', version: 3, change: { reason: 'Apprentice unwell' } });
  });

  it('frees the slot and the apprentice when a meeting is cancelled', async () => {
    const apprenticeId = await newApprentice();
    const meeting = (await book(apprenticeId, '2027-01-14T13:30:00Z')).body;
    expect((await api.post(`/planning-meetings/${meeting.id}/cancel`, { as: 'demo-owner' })).status).toBe(200);
    expect((await book(apprenticeId, '2027-01-14T13:30:00Z')).status).toBe(201);
  });

  it('a time change on a confirmed meeting is a reschedule; other changes are updates', async () => {
    const meeting = await provisional('2027-01-18T09:00:00Z');
    await api.post(`/planning-meetings/${meeting.id}/approve`, { as: 'demo-owner' });
    const moved = await api.patch(`/planning-meetings/${meeting.id}`, { as: 'demo-owner', body: { start: '2027-01-18T15:00:00Z' } });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ start: '2027-01-18T15:00:00Z', end: '2027-01-18T16:00:00Z', version: 3 });
    const noted = await api.patch(`/planning-meetings/${meeting.id}`, { as: 'demo-owner', body: { location: 'Room 4' } });
    const types = (await eventsOfMeeting(meeting.id)).map((event) => event.type);
    expect(types).toEqual(['PlanningMeetingProvisionallyBooked', 'PlanningMeetingApproved', 'PlanningMeetingRescheduled', 'PlanningMeetingUpdated']);
    expect(noted.body.location).toBe('Room 4');
  });

  it('reassigns to another EPA: the old EPA is removed as an attendee, the new one added', async () => {
    const meeting = await provisional('2027-01-19T11:00:00Z');
    const target = meeting.epaId === 'epa-2' ? 'epa-3' : 'epa-2';
    const moved = await api.patch(`/planning-meetings/${meeting.id}`, { as: 'demo-owner', body: { epaId: target } });
    expect(moved.status).toBe(200);
    expect(moved.body.epaId).toBe(target);
    expect(moved.body.attendees.filter((a: { role: string }) => a.role === 'epa').map((a: { userId: string }) => a.userId)).toEqual([target]);
    const types = (await eventsOfMeeting(meeting.id)).map((event) => event.type);
    expect(types).toEqual(['PlanningMeetingProvisionallyBooked', 'PlanningMeetingAttendeeAdded', 'PlanningMeetingAttendeeRemoved', 'PlanningMeetingUpdated']);
  });

  it('adds the workplace mentor by shortcut and removes them again', async () => {
    const apprenticeId = await newApprentice({ workplaceMentor: { name: 'Wendy Mentor', email: 'wendy@employer.example.org' } });
    const meeting = (await book(apprenticeId, '2027-01-19T14:30:00Z')).body;
    const added = await api.post(`/planning-meetings/${meeting.id}/attendees`, { as: 'demo-owner', body: { shortcut: 'workplaceMentor' } });
    expect(added.status).toBe(200);
    const mentor = added.body.attendees.find((a: { role: string }) => a.role === 'workplaceMentor');
    expect(mentor).toMatchObject({ kind: 'guest', name: 'Wendy Mentor' });
    const noAssessor = await api.post(`/planning-meetings/${meeting.id}/attendees`, { as: 'demo-owner', body: { shortcut: 'onProgrammeAssessor' } });
    expect(noAssessor.status).toBe(400);
    const removed = await api.delete(`/planning-meetings/${meeting.id}/attendees/${mentor.id}`, { as: 'demo-owner' });
    expect(removed.body.attendees.some((a: { id: string }) => a.id === mentor.id)).toBe(false);
    const events = await eventsOfMeeting(meeting.id);
    expect(events.map((event) => event.type)).toEqual(['PlanningMeetingProvisionallyBooked', 'PlanningMeetingAttendeeAdded', 'PlanningMeetingAttendeeRemoved']);
    expect(events[2]!.change.attendee).toMatchObject({ name: 'Wendy Mentor' });
  });

  it('lets attendees read a meeting and hides it from everyone else', async () => {
    const apprenticeId = await newApprentice();
    const meeting = (await book(apprenticeId, '2027-01-20T15:30:00Z')).body;
    expect((await api.get(`/planning-meetings/${meeting.id}`, { as: apprenticeId })).status).toBe(200);
    expect((await api.get(`/planning-meetings/${meeting.id}`, { as: meeting.epaId })).status).toBe(200);
    expect((await api.get(`/planning-meetings/${meeting.id}`, { as: 'apprentice-2' })).status).toBe(404);
    expect((await api.get('/planning-meetings/no-such-meeting', { as: 'demo-owner' })).status).toBe(404);
  });
});

describe('races', () => {
  it('100 concurrent bookings of one slot of a group of 3 EPAs: exactly 3 succeed, no overlaps', async () => {
    const apprentices = await Promise.all(Array.from({ length: 100 }, () => newApprentice()));
    const answers = await Promise.all(apprentices.map((id) => book(id, '2027-01-25T10:00:00Z')));
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(3);
    expect(statuses.filter((status) => status === 409)).toHaveLength(97);
    const winners = answers.filter((answer) => answer.status === 201).map((answer) => answer.body.epaId);
    expect(new Set(winners)).toEqual(new Set(['epa-1', 'epa-2', 'epa-3']));
    const claims = await api.host.deps.claims.readBetween(['epa-1', 'epa-2', 'epa-3'], Date.parse('2027-01-25T00:00:00Z'), Date.parse('2027-02-01T00:00:00Z'));
    // Each EPA's claims (its hour, and its day where it has a daily maximum) hold its one meeting.
    for (const epaId of ['epa-1', 'epa-2', 'epa-3']) {
      const meetings = new Set(claims.filter((claim) => claim.epaId === epaId).flatMap((claim) => claim.intervals.map((interval) => interval.meetingId)));
      expect(meetings.size).toBe(1);
    }
  });

  it('concurrent reschedules of 8 meetings of one EPA into one time: exactly one succeeds', async () => {
    const meetings = [];
    for (let hour = 0; hour < 8; hour += 1) {
      const answer = await api.post('/planning-meetings', {
        as: 'demo-owner',
        body: { apprenticeId: await newApprentice(), start: `2027-02-01T${String(8 + hour).padStart(2, '0')}:00:00Z`, status: 'confirmed', epaId: 'epa-2' },
      });
      meetings.push(answer.body);
    }
    const answers = await Promise.all(
      meetings.map((meeting) => api.patch(`/planning-meetings/${meeting.id}`, { as: 'demo-owner', body: { start: '2027-02-01T17:30:00Z' } })),
    );
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(1);
    expect(answers.filter((answer) => answer.status === 409).every((answer) => answer.body.code === 'EPA_UNAVAILABLE')).toBe(true);
    expect(answers.every((answer) => answer.status < 500)).toBe(true);
  });

  it('concurrent approve and cancel of one meeting settle into one valid history', async () => {
    const meeting = (await book(await newApprentice(), '2027-01-26T14:30:00Z')).body;
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => api.post(`/planning-meetings/${meeting.id}/${i % 2 === 0 ? 'approve' : 'cancel'}`, { as: 'demo-owner' })),
    );
    expect(answers.every((answer) => answer.status < 500)).toBe(true);
    const successes = answers.filter((answer) => answer.status === 200);
    const final = (await api.get(`/planning-meetings/${meeting.id}`, { as: 'demo-owner' })).body;
    expect(final.version).toBe(1 + successes.length);
    expect(final.status).toBe('cancelled');
    const history = (await api.get(`/planning-meetings/${meeting.id}/history`, { as: 'demo-owner' })).body.entries.map((e: { type: string }) => e.type);
    expect(['PlanningMeetingProvisionallyBooked,PlanningMeetingCancelled', 'PlanningMeetingProvisionallyBooked,PlanningMeetingApproved,PlanningMeetingCancelled']).toContain(history.join(','));
  });
});

describe('another process (another Lambda container) on the same table', () => {
  /** The owner acting through repositories of its own: what another container would do. */
  const otherProcess = () => {
    const deps: Dependencies = { ...api.host.deps, ...repositoriesOn(api.host.table) };
    return {
      caller: { userId: 'demo-owner', roles: ['owner'] },
      permissions: new Set(['BookPlanningMeetingPreGatewaySubmission', 'ManagePlanningMeetings'] as const),
      now: NOW,
      deps,
    } as Parameters<typeof bookPlanningMeeting>[0];
  };
  // Wednesday 13 January 09:00: epa-1 is the only EPA working (epa-2 starts at 10:00, epa-3 has Wednesdays off).
  const onlyEpa1 = '2027-01-13T09:00:00Z';

  it('a slot another process booked is refused here with 409, and once that process cancels it, booked here', async () => {
    const elsewhere = await bookPlanningMeeting(otherProcess(), { apprenticeId: await newApprentice(), start: onlyEpa1, status: 'provisional' }, undefined);
    expect(elsewhere).toMatchObject({ status: 201, body: { epaId: 'epa-1' } });

    const here = await book(await newApprentice(), onlyEpa1);
    expect(here.status).toBe(409);
    expect(here.body.code).toBe('SLOT_UNAVAILABLE');
    const claims = await api.host.deps.claims.readBetween(['epa-1'], Date.parse('2027-01-11T00:00:00Z'), Date.parse('2027-01-18T00:00:00Z'));
    // Its hour and, under epa-1's daily maximum, its day hold the meeting.
    const holding = claims.flatMap((claim) => claim.intervals).filter((interval) => interval.start === Date.parse(onlyEpa1));
    expect([...new Set(holding.map((interval) => interval.meetingId))]).toEqual([elsewhere.body.id]);

    // Freed by the other process: this one sees it free on its next booking.
    await changePlanningMeeting(otherProcess(), elsewhere.body.id, () => ({ kind: 'cancel', reason: 'test' }));
    const again = await book(await newApprentice(), onlyEpa1);
    expect(again.status).toBe(201);
    expect(again.body.epaId).toBe('epa-1');
  });

  it('with nine of a group’s twelve EPAs booked at one slot by another process, this one books one of the three still free', async () => {
    // A group of twelve EPAs, all free at one slot.
    const by = { by: 'test', now: NOW };
    const day = [{ start: '09:00', end: '17:00' }];
    const epas = Array.from({ length: 12 }, (_, index) => `crowd-epa-${index + 1}`);
    for (const id of epas) {
      await api.host.deps.records.put('user', id, { name: id, email: `${id}@example.org`, roles: ['epa'] }, by);
      await api.host.deps.records.put(
        'availability',
        id,
        { timeZone: 'Europe/London', weekly: { mon: day, tue: day, wed: day, thu: day, fri: day, sat: [], sun: [] }, overrides: [], maxMeetingsPerDay: null },
        by,
      );
    }
    await api.host.deps.records.put('group', 'crowd', { name: 'Crowd', memberIds: epas }, by);
    await api.host.deps.records.put(
      'standard',
      'CROWD01',
      { name: 'Crowd standard', meetingDurationMinutes: 60, slotIntervalMinutes: 60, availabilitySource: { type: 'group', groupId: 'crowd' } },
      by,
    );
    const slot = '2027-01-12T10:00:00Z';

    // Another container books nine of the twelve, one after another.
    const elsewhere = otherProcess();
    for (let index = 0; index < 9; index += 1) {
      const booked = await bookPlanningMeeting(elsewhere, { apprenticeId: await newApprentice({ standardId: 'CROWD01' }), start: slot, status: 'provisional' }, undefined);
      expect(booked.status).toBe(201);
    }

    const here = await book(await newApprentice({ standardId: 'CROWD01' }), slot);
    expect(here.status).toBe(201);
    const claims = await api.host.deps.claims.readBetween(epas, Date.parse('2027-01-11T00:00:00Z'), Date.parse('2027-01-18T00:00:00Z'));
    const taken = claims.filter((claim) => claim.intervals.some((interval) => interval.start === Date.parse(slot))).map((claim) => claim.epaId);
    expect(taken).toHaveLength(10);
    expect(taken).toContain(here.body.epaId);
  });

});
