import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultCommunicationConfiguration } from '#domain/communication-configuration.ts';
import { TestApi } from '../support/api-client.ts';
import { createApprentice } from '../support/apprentices.ts';

// The attendee rules of SPEC §4.2 through the API: attendees named at booking (epaPRO
// 5.13), the attendee limit, one person once, guest roles and plain text; and two rules
// of the lifecycle next to them (a provisional update that keeps the time keeps the EPA,
// the rejection's reason in the rejected email).

/** Wednesday 6 January 2027, 10:00 GMT; the demo window needs two working days' notice. */
const NOW = Date.parse('2027-01-06T10:00:00Z');
let api: TestApi;
beforeAll(async () => {
  api = await TestApi.start({ clock: () => NOW });
});
afterAll(() => api.close());

type Attendee = { id: string; kind: 'user' | 'guest'; userId?: string; role: string; name: string; email: string };
type Meeting = { id: string; epaId: string; start: string; version: number; status: string; attendees: Attendee[] };

let count = 0;
/** A fresh apprentice linked to demo-provider and demo-employer, with demo-ao as AO contact and both shortcut contacts. */
const newApprentice = async (record: Record<string, unknown> = {}): Promise<string> => {
  count += 1;
  const id = `rules-apprentice-${count}`;
  return createApprentice(api, id, {
    now: NOW,
    user: { name: `Rita Rules ${count}` },
    record: {
      aoContactId: 'demo-ao',
      providerUserIds: ['demo-provider'],
      employerUserIds: ['demo-employer'],
      workplaceMentor: { name: 'Wendy Mentor', email: `mentor-${count}@employer.example.org` },
      onProgrammeAssessor: { name: 'Omar Assessor', email: `assessor-${count}@provider.example.org` },
      ...record,
    },
  });
};

let slot = 0;
/** Distinct weekday slots of the demo group, so meetings of different tests never compete. */
const nextSlot = (): string => {
  const day = 11 + Math.floor(slot / 6) + 2 * Math.floor(slot / 30);
  const hour = 10 + (slot % 6);
  slot += 1;
  return `2027-01-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00Z`;
};

let directHour = 0;
/** Distinct evening hours for direct bookings (anywhere for staff), away from every slot above. */
const nextDirectStart = (): string => {
  directHour += 1;
  return new Date(Date.parse('2027-03-01T17:00:00Z') + (directHour * 26 + 1) * 3_600_000).toISOString().replace('.000Z', 'Z');
};

const bookProvisional = (apprenticeId: string, as: string, extra: Record<string, unknown> = {}, start = nextSlot()) =>
  api.post<any>('/planning-meetings', { as, body: { apprenticeId, start, status: 'provisional', ...extra } });
const bookDirect = (apprenticeId: string, extra: Record<string, unknown> = {}) =>
  api.post<any>('/planning-meetings', { as: 'demo-owner', body: { apprenticeId, start: nextDirectStart(), status: 'confirmed', epaId: 'epa-2', ...extra } });

const guest = (n: number | string, extra: Record<string, unknown> = {}) => ({ guest: { name: `Gail Guest ${n}`, email: `gail-${n}@example.org`, ...extra } });
const guests = (howMany: number, prefix: string) => Array.from({ length: howMany }, (_, index) => guest(`${prefix}-${index + 1}`));

const addAttendee = (meetingId: string, body: unknown, as = 'demo-owner') => api.post<any>(`/planning-meetings/${meetingId}/attendees`, { as, body });
const pathsOf = (answer: { body: { errors?: Array<{ path: string }> } }) => (answer.body.errors ?? []).map((error) => error.path);

/** The emails sent for a meeting, once everything so far has gone out, as "type → address". */
const emailsOf = async (meetingId: string): Promise<string[]> => {
  await api.host.settle();
  return api.host.outbox
    .list()
    .filter((message) => message.meetingId === meetingId && message.channel === 'email')
    .map((message) => `${message.notificationType} → ${message.to}`)
    .sort();
};

/** Runs `test` with the configured attendee limit set to `limit`, putting the configuration back after. */
const withAttendeeLimit = async (limit: number, test: () => Promise<void>): Promise<void> => {
  const { version: _version, ...before } = (await api.get('/configuration/availability', { as: 'demo-owner' })).body;
  expect((await api.put('/configuration/availability', { as: 'demo-owner', body: { ...before, maxAttendeesPerMeeting: limit } })).status).toBe(200);
  try {
    await test();
  } finally {
    expect((await api.put('/configuration/availability', { as: 'demo-owner', body: before })).status).toBe(200);
  }
};

describe('attendees named at booking (epaPRO 5.13)', () => {
  it('a training provider names the two shortcuts, a guest and an employer user: they attend from the start and receive the provisional booking invite', async () => {
    const apprenticeId = await newApprentice();
    const booked = await bookProvisional(apprenticeId, 'demo-provider', {
      attendees: [{ shortcut: 'workplaceMentor' }, { shortcut: 'onProgrammeAssessor' }, guest('named', { phone: '+447700900456', role: 'other' }), { userId: 'demo-employer' }],
    });
    expect(booked.status).toBe(201);
    const meeting = booked.body as Meeting;
    expect(meeting.attendees.map((attendee) => `${attendee.kind}:${attendee.role}:${attendee.userId ?? attendee.email}`).sort()).toEqual(
      [
        `user:apprentice:${apprenticeId}`,
        `user:epa:${meeting.epaId}`,
        'user:awardingorganisation:demo-ao',
        `guest:workplaceMentor:mentor-${count}@employer.example.org`,
        `guest:onProgrammeAssessor:assessor-${count}@provider.example.org`,
        'guest:other:gail-named@example.org',
        'user:other:demo-employer',
      ].sort(),
    );
    expect(meeting.attendees.find((attendee) => attendee.email === 'gail-named@example.org')).toMatchObject({ phone: '+447700900456' });
    // One change: booked, with its attendees; nobody was "added" afterwards.
    const history = await api.get(`/planning-meetings/${meeting.id}/history`, { as: 'demo-owner' });
    expect(history.body.entries.map((entry: { type: string }) => entry.type)).toEqual(['PlanningMeetingProvisionallyBooked']);
    expect(await emailsOf(meeting.id)).toEqual(meeting.attendees.map((attendee) => `provisionalBookingInvite → ${attendee.email}`).sort());
  });

  it('a booker who does not manage meetings may not name staff: 400 on the entry, worded as for a user who does not exist; nothing is booked', async () => {
    const apprenticeId = await newApprentice();
    const start = nextSlot();
    const staff = await bookProvisional(apprenticeId, 'demo-provider', { attendees: [guest('fine'), { userId: 'epa-2' }] }, start);
    const nobody = await bookProvisional(apprenticeId, 'demo-provider', { attendees: [guest('fine'), { userId: 'no-such-user' }] }, start);
    for (const answer of [staff, nobody]) {
      expect(answer.status).toBe(400);
      expect(pathsOf(answer)).toEqual(['attendees.1.userId']);
    }
    // The same words for a member of staff as for nobody at all: the answer tells who is in the directory to nobody.
    expect(staff.body.errors[0].message.replace('epa-2', 'X')).toBe(nobody.body.errors[0].message.replace('no-such-user', 'X'));
    // An apprentice booking for themself is held to the same list: demo-owner is not theirs to invite.
    const byApprentice = await bookProvisional(apprenticeId, apprenticeId, { attendees: [{ userId: 'demo-owner' }] }, start);
    expect(byApprentice.status).toBe(400);
    expect(pathsOf(byApprentice)).toEqual(['attendees.0.userId']);
    // None of them booked anything: the slot is still the apprentice's to book.
    expect((await bookProvisional(apprenticeId, apprenticeId, {}, start)).status).toBe(201);
  });

  it('staff who manage meetings may name any directory user; the one the capacity engine picks as EPA attends once, as the EPA', async () => {
    const apprenticeId = await newApprentice();
    const booked = await bookProvisional(apprenticeId, 'demo-owner', { attendees: [{ userId: 'epa-1' }, { userId: 'epa-2' }, { userId: 'epa-3' }] });
    expect(booked.status).toBe(201);
    const meeting = booked.body as Meeting;
    const userIds = meeting.attendees.flatMap((attendee) => (attendee.kind === 'user' ? [attendee.userId] : []));
    expect(new Set(userIds).size).toBe(userIds.length);
    expect(userIds.sort()).toEqual([apprenticeId, 'demo-ao', 'epa-1', 'epa-2', 'epa-3'].sort());
    expect(meeting.attendees.filter((attendee) => attendee.userId === meeting.epaId)).toHaveLength(1);
  });

  it('direct booking takes attendees too, and invites them; naming its own EPA again is 409 ALREADY_ATTENDING', async () => {
    const apprenticeId = await newApprentice();
    const twice = await bookDirect(apprenticeId, { attendees: [guest('direct'), { userId: 'epa-2' }] });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('ALREADY_ATTENDING');
    expect(twice.body.detail).toContain('attendees.1');
    const booked = await bookDirect(apprenticeId, { attendees: [guest('direct'), { shortcut: 'workplaceMentor' }] });
    expect(booked.status).toBe(201);
    const meeting = booked.body as Meeting;
    expect(meeting.attendees.map((attendee) => attendee.email)).toEqual(expect.arrayContaining(['gail-direct@example.org', `mentor-${count}@employer.example.org`]));
    expect(await emailsOf(meeting.id)).toEqual(meeting.attendees.map((attendee) => `meetingInvite → ${attendee.email}`).sort());
  });

  it('one person once at booking: the same address twice, a shortcut twice or the apprentice again is 409 ALREADY_ATTENDING naming the entry', async () => {
    const apprenticeId = await newApprentice();
    const cases = [
      { attendees: [guest('dup'), { guest: { name: 'Same Inbox', email: 'GAIL-dup@Example.org' } }], entry: 'attendees.1' },
      { attendees: [{ shortcut: 'workplaceMentor' }, { shortcut: 'workplaceMentor' }], entry: 'attendees.1' },
      { attendees: [{ userId: apprenticeId }], entry: 'attendees.0' },
      { attendees: [{ userId: 'demo-ao' }], entry: 'attendees.0' },
    ];
    for (const { attendees, entry } of cases) {
      const answer = await bookProvisional(apprenticeId, 'demo-owner', { attendees });
      expect(answer.status, JSON.stringify(attendees)).toBe(409);
      expect(answer.body.code).toBe('ALREADY_ATTENDING');
      expect(answer.body.detail).toContain(entry);
    }
  });

  it('a shortcut the apprentice’s record lacks is 400 on the entry', async () => {
    const apprenticeId = await newApprentice({ onProgrammeAssessor: undefined });
    const answer = await bookProvisional(apprenticeId, 'demo-provider', { attendees: [{ shortcut: 'workplaceMentor' }, { shortcut: 'onProgrammeAssessor' }] });
    expect(answer.status).toBe(400);
    expect(pathsOf(answer)).toEqual(['attendees.1.shortcut']);
  });
});

describe('the attendee limit (SPEC §4.2)', () => {
  it('is 20 by default: a booking naming one too many is 409 ATTENDEE_LIMIT; at 20, adding one more is 409 until one is removed', async () => {
    // The apprentice, the EPA and the AO contact, and 17 named: 20.
    const over = await bookProvisional(await newApprentice(), 'demo-provider', { attendees: guests(18, 'over') });
    expect(over.status).toBe(409);
    expect(over.body.code).toBe('ATTENDEE_LIMIT');
    const booked = await bookProvisional(await newApprentice(), 'demo-provider', { attendees: guests(17, 'twenty') });
    expect(booked.status).toBe(201);
    const meeting = booked.body as Meeting;
    expect(meeting.attendees).toHaveLength(20);

    const refused = await addAttendee(meeting.id, guest('twenty-first'));
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('ATTENDEE_LIMIT');
    const removable = meeting.attendees.find((attendee) => attendee.email === 'gail-twenty-1@example.org')!;
    expect((await api.delete(`/planning-meetings/${meeting.id}/attendees/${removable.id}`, { as: 'demo-owner' })).status).toBe(200);
    const added = await addAttendee(meeting.id, guest('twenty-first'));
    expect(added.status).toBe(200);
    expect(added.body.attendees).toHaveLength(20);
  });

  it('can be raised to 50, not beyond: the 50th attendee is added, the 51st is 409; a list longer than any meeting may be is 400', async () => {
    const tooHigh = await api.put('/configuration/availability', { as: 'demo-owner', body: { maxAttendeesPerMeeting: 51 } });
    expect(tooHigh.status).toBe(400);
    expect(pathsOf(tooHigh)).toEqual(['maxAttendeesPerMeeting']);
    await withAttendeeLimit(50, async () => {
      const booked = await bookProvisional(await newApprentice(), 'demo-owner', { attendees: guests(46, 'fifty') });
      expect(booked.status).toBe(201);
      expect(booked.body.attendees).toHaveLength(49);
      const fiftieth = await addAttendee(booked.body.id, guest('fiftieth'));
      expect(fiftieth.status).toBe(200);
      expect(fiftieth.body.attendees).toHaveLength(50);
      const fiftyFirst = await addAttendee(booked.body.id, guest('fifty-first'));
      expect(fiftyFirst.status).toBe(409);
      expect(fiftyFirst.body.code).toBe('ATTENDEE_LIMIT');

      const malformed = await bookProvisional(await newApprentice(), 'demo-owner', { attendees: guests(51, 'malformed') });
      expect(malformed.status).toBe(400);
      expect(pathsOf(malformed)).toEqual(['attendees']);
    });
  });

  it('set below the first attendees, still books them; anyone named on top is refused', async () => {
    await withAttendeeLimit(2, async () => {
      const plain = await bookProvisional(await newApprentice(), 'demo-provider');
      expect(plain.status).toBe(201);
      expect(plain.body.attendees).toHaveLength(3);
      const named = await bookProvisional(await newApprentice(), 'demo-provider', { attendees: [guest('one-too-many')] });
      expect(named.status).toBe(409);
      expect(named.body.code).toBe('ATTENDEE_LIMIT');
      expect((await addAttendee(plain.body.id, guest('added-too-many'))).body.code).toBe('ATTENDEE_LIMIT');
    });
  });
});

describe('one directory user once (SPEC §4.2)', () => {
  it('adding someone already attending is 409 ALREADY_ATTENDING: the EPA, the AO contact, a user twice, the apprentice’s address as a guest', async () => {
    const apprenticeId = await newApprentice();
    const meeting = (await bookProvisional(apprenticeId, 'demo-provider')).body as Meeting;
    expect((await addAttendee(meeting.id, { userId: 'demo-employer' })).status).toBe(200);
    for (const body of [{ userId: meeting.epaId }, { userId: 'demo-ao' }, { userId: 'demo-employer' }, { guest: { name: 'Alias', email: `${apprenticeId}@example.org` } }]) {
      const answer = await addAttendee(meeting.id, body);
      expect(answer.status, JSON.stringify(body)).toBe(409);
      expect(answer.body.code).toBe('ALREADY_ATTENDING');
    }
    const after = await api.get(`/planning-meetings/${meeting.id}`, { as: 'demo-owner' });
    expect(after.body.attendees).toHaveLength(4);
    // Once the meeting is final, it takes no one, attending or not: that is what it is told.
    expect((await api.post(`/planning-meetings/${meeting.id}/cancel`, { as: 'demo-owner' })).status).toBe(200);
    for (const body of [{ userId: 'demo-employer' }, guest('too-late')]) expect((await addAttendee(meeting.id, body)).body.code).toBe('INVALID_TRANSITION');
    expect((await api.patch(`/planning-meetings/${meeting.id}`, { as: 'demo-owner', body: { epaId: 'epa-1' } })).body.code).toBe('INVALID_TRANSITION');
  });

  it('a reassignment that would make an attendee the EPA as well is 409 ALREADY_ATTENDING, by PATCH and by the capacity batch; to anyone else it goes through', async () => {
    const booked = await bookDirect(await newApprentice());
    expect(booked.status).toBe(201);
    const withEpa3 = await addAttendee(booked.body.id, { userId: 'epa-3' });
    expect(withEpa3.status).toBe(200);
    const meeting = withEpa3.body as Meeting;

    const patched = await api.patch(`/planning-meetings/${meeting.id}`, { as: 'demo-owner', body: { epaId: 'epa-3' } });
    expect(patched.status).toBe(409);
    expect(patched.body.code).toBe('ALREADY_ATTENDING');
    const batch = await api.post('/capacity/changes', {
      as: 'demo-owner',
      body: { items: [{ action: 'reassign', meetingId: meeting.id, ifVersion: meeting.version, epaId: 'epa-3' }] },
    });
    expect(batch.status).toBe(200);
    expect(batch.body.results[0].problem).toMatchObject({ code: 'ALREADY_ATTENDING' });
    const unchanged = await api.get(`/planning-meetings/${meeting.id}`, { as: 'demo-owner' });
    expect(unchanged.body).toMatchObject({ epaId: 'epa-2', version: meeting.version });

    const reassigned = await api.patch(`/planning-meetings/${meeting.id}`, { as: 'demo-owner', body: { epaId: 'epa-1' } });
    expect(reassigned.status).toBe(200);
    expect(reassigned.body.epaId).toBe('epa-1');
    expect(reassigned.body.attendees.filter((attendee: Attendee) => attendee.role === 'epa').map((attendee: Attendee) => attendee.userId).sort()).toEqual(['epa-1', 'epa-3']);
  });
});

describe('guest roles (SPEC §4.2)', () => {
  it('a guest attends as workplaceMentor, onProgrammeAssessor or other; any other role is 400 on the role', async () => {
    const apprenticeId = await newApprentice();
    const meeting = (await bookProvisional(apprenticeId, 'demo-provider')).body as Meeting;
    for (const role of ['apprentice', 'epa', 'awardingorganisation', 'boss']) {
      const added = await addAttendee(meeting.id, guest(`role-${role}`, { role }));
      expect(added.status, role).toBe(400);
      expect(pathsOf(added)).toEqual(['guest.role']);
      const atBooking = await bookProvisional(apprenticeId, 'demo-owner', { attendees: [guest(`booking-${role}`, { role })] });
      expect(atBooking.status, role).toBe(400);
      expect(pathsOf(atBooking)).toEqual(['attendees.0.guest.role']);
    }
    for (const role of ['workplaceMentor', 'onProgrammeAssessor', 'other']) {
      const added = await addAttendee(meeting.id, guest(`role-${role}`, { role }));
      expect(added.status, role).toBe(200);
      expect(added.body.attendees.find((attendee: Attendee) => attendee.email === `gail-role-${role}@example.org`).role).toBe(role);
    }
  });
});

describe('names, locations, notes and reasons are plain text (SPEC §4.2)', () => {
  const RLO = '\u202E'; // right-to-left override: "Trojan Source"
  const ISOLATE = '\u2066';
  const BELL = '\u0007';

  it('refuses control and bidirectional formatting characters with 400 naming the field', async () => {
    const apprenticeId = await newApprentice();
    const meeting = (await bookProvisional(apprenticeId, 'demo-provider')).body as Meeting;
    const confirmed = (await bookDirect(await newApprentice())).body as Meeting;
    const cases: Array<{ what: string; send: () => Promise<{ status: number; body: any }>; path: string }> = [
      { what: 'a guest name with an override', send: () => addAttendee(meeting.id, { guest: { name: `Gail ${RLO}tseuG`, email: 'rlo@example.org' } }), path: 'guest.name' },
      { what: 'a guest name with a bell', send: () => addAttendee(meeting.id, { guest: { name: `Gail${BELL}`, email: 'bell@example.org' } }), path: 'guest.name' },
      { what: 'a guest name on two lines', send: () => addAttendee(meeting.id, { guest: { name: 'Gail\nGuest', email: 'lines@example.org' } }), path: 'guest.name' },
      { what: 'a guest name at booking', send: () => bookProvisional(apprenticeId, 'demo-owner', { attendees: [{ guest: { name: `${ISOLATE}Gail`, email: 'b@example.org' } }] }), path: 'attendees.0.guest.name' },
      { what: 'a location at booking', send: () => bookProvisional(apprenticeId, 'demo-owner', { location: `Room ${ISOLATE}1` }), path: 'location' },
      { what: 'notes at booking', send: () => bookDirect(apprenticeId, { notes: `Bring ${BELL} the portfolio` }), path: 'notes' },
      { what: 'a location on two lines', send: () => api.patch(`/planning-meetings/${meeting.id}`, { as: 'demo-owner', body: { location: 'Room 1\nFloor 2' } }), path: 'location' },
      { what: 'notes with a right-to-left mark', send: () => api.patch(`/planning-meetings/${meeting.id}`, { as: 'demo-owner', body: { notes: 'Bring\u200F it' } }), path: 'notes' },
      { what: 'a location too long', send: () => api.patch(`/planning-meetings/${meeting.id}`, { as: 'demo-owner', body: { location: 'x'.repeat(501) } }), path: 'location' },
      { what: 'a rejection reason', send: () => api.post(`/planning-meetings/${meeting.id}/reject`, { as: 'demo-owner', body: { reason: `No ${RLO}assessor` } }), path: 'reason' },
      { what: 'an approval reason', send: () => api.post(`/planning-meetings/${meeting.id}/approve`, { as: 'demo-owner', body: { reason: `Fine${BELL}` } }), path: 'reason' },
      { what: 'a cancellation reason', send: () => api.post(`/planning-meetings/${confirmed.id}/cancel`, { as: 'demo-owner', body: { reason: `Ill ${ISOLATE}` } }), path: 'reason' },
      {
        what: 'a reason in the capacity batch',
        send: () => api.post('/capacity/changes', { as: 'demo-owner', body: { items: [{ action: 'reject', meetingId: meeting.id, ifVersion: meeting.version, reason: `No${RLO}` }] } }),
        path: 'items.0.reason',
      },
    ];
    for (const { what, send, path } of cases) {
      const answer = await send();
      expect(answer.status, what).toBe(400);
      expect(pathsOf(answer as { body: { errors?: Array<{ path: string }> } }), what).toEqual([path]);
    }
    // Nothing of it reached either meeting.
    expect((await api.get(`/planning-meetings/${meeting.id}`, { as: 'demo-owner' })).body).toMatchObject({ status: 'provisional', version: 1, location: null });
    expect((await api.get(`/planning-meetings/${confirmed.id}`, { as: 'demo-owner' })).body).toMatchObject({ status: 'confirmed', version: 1 });
  });

  it('refuses them in the names a meeting copies from the directory: a user’s, the workplace mentor’s and the on-programme assessor’s', async () => {
    const user = await api.put('/users/rules-trojan', { as: 'demo-owner', body: { name: `Ada ${RLO}ecalevoL`, email: 'trojan@example.org', roles: ['employer'] } });
    expect(user.status).toBe(400);
    expect(pathsOf(user)).toEqual(['name']);
    const apprentice = await api.put('/apprentices/apprentice-1', {
      as: 'demo-owner',
      body: { standardId: 'ST0116', workplaceMentor: { name: `Wendy${BELL}`, email: 'w@example.org' }, onProgrammeAssessor: { name: `Omar ${ISOLATE}`, email: 'o@example.org' } },
    });
    expect(apprentice.status).toBe(400);
    expect(pathsOf(apprentice).sort()).toEqual(['onProgrammeAssessor.name', 'workplaceMentor.name']);
  });

  it('keeps line breaks in notes and reasons, and trims what it keeps', async () => {
    const meeting = (await bookProvisional(await newApprentice(), 'demo-provider')).body as Meeting;
    const patched = await api.patch(`/planning-meetings/${meeting.id}`, { as: 'demo-owner', body: { notes: '  Bring the portfolio.\nAnd the log.\t ', location: ' Room 4 ' } });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ notes: 'Bring the portfolio.\nAnd the log.', location: 'Room 4' });
    const rejected = await api.post(`/planning-meetings/${meeting.id}/reject`, { as: 'demo-owner', body: { reason: 'No assessor that week.\nPlease book again.' } });
    expect(rejected.status).toBe(200);
    expect(rejected.body.reason).toBe('No assessor that week.\nPlease book again.');
  });
});

describe('a provisional update that keeps the time keeps the EPA (SPEC §4.1)', () => {
  it('new notes and location, and the same start sent again, leave the EPA the capacity engine chose, however busy it has become', async () => {
    const start = '2027-02-08T10:00:00Z';
    const booked = await bookProvisional(await newApprentice(), 'demo-provider', {}, start);
    expect(booked.status).toBe(201);
    const meeting = booked.body as Meeting;
    // Make the chosen EPA the busiest of that week, so that choosing again would pick another.
    for (const day of ['09', '10', '11']) {
      const busy = await api.post('/planning-meetings', {
        as: 'demo-owner',
        body: { apprenticeId: await newApprentice(), start: `2027-02-${day}T07:00:00Z`, status: 'confirmed', epaId: meeting.epaId },
      });
      expect(busy.status).toBe(201);
    }
    const updated = await api.patch(`/planning-meetings/${meeting.id}`, {
      as: 'demo-owner',
      headers: { 'if-match': '"1"' },
      body: { start, notes: 'Bring the portfolio', location: 'Teams' },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ epaId: meeting.epaId, start, status: 'provisional', version: 2 });
    expect(updated.body.attendees.filter((attendee: Attendee) => attendee.role === 'epa').map((attendee: Attendee) => attendee.userId)).toEqual([meeting.epaId]);
    const history = await api.get(`/planning-meetings/${meeting.id}/history`, { as: 'demo-owner' });
    const update = history.body.entries.find((entry: { version: number }) => entry.version === 2);
    expect(update).toMatchObject({ type: 'PlanningMeetingUpdated' });
    expect(update.change.fields.sort()).toEqual(['location', 'notes']);
    expect(history.body.entries.map((entry: { type: string }) => entry.type)).not.toContain('PlanningMeetingAttendeeRemoved');
    // Its time is still held for that EPA: nobody else can be booked onto it then.
    const clash = await api.post('/planning-meetings', {
      as: 'demo-owner',
      body: { apprenticeId: await newApprentice(), start, status: 'confirmed', epaId: meeting.epaId },
    });
    expect(clash.status).toBe(409);
    expect(clash.body.code).toBe('EPA_UNAVAILABLE');
  });
});

describe('the rejection reason reaches the rejected email', () => {
  it('the default template has {{reason}}, and the email carries what the approver wrote, by the single call and by the capacity batch', async () => {
    expect(defaultCommunicationConfiguration.types.meetingRejected.body).toContain('{{reason}}');
    const single = (await bookProvisional(await newApprentice(), 'demo-provider')).body as Meeting;
    const batched = (await bookProvisional(await newApprentice(), 'demo-provider')).body as Meeting;
    expect((await api.post(`/planning-meetings/${single.id}/reject`, { as: 'demo-owner', body: { reason: 'No assessor free that week' } })).status).toBe(200);
    const batch = await api.post('/capacity/changes', {
      as: 'demo-owner',
      body: { items: [{ action: 'reject', meetingId: batched.id, ifVersion: batched.version, reason: 'The standard has changed' }] },
    });
    expect(batch.body.results[0].meeting).toMatchObject({ status: 'rejected' });
    await api.host.settle();
    const rejectedEmails = (meetingId: string) =>
      api.host.outbox.list().filter((message) => message.meetingId === meetingId && message.channel === 'email' && message.notificationType === 'meetingRejected');
    expect(rejectedEmails(single.id)).toHaveLength(single.attendees.length);
    for (const message of rejectedEmails(single.id)) expect(message.text).toContain('Reason: No assessor free that week');
    expect(rejectedEmails(batched.id)).toHaveLength(batched.attendees.length);
    for (const message of rejectedEmails(batched.id)) expect(message.text).toContain('Reason: The standard has changed');
  });
});
