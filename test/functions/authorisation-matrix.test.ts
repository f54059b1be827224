import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeAccess, demoCallers, stageAccess, type AnswersByCaller, type DemoCaller, type ExpectedAnswer } from '#api/route-access.ts';
import type { GatewayStatus } from '#domain/gateway.ts';
import type { BookingPermissionId } from '#domain/roles.ts';
import { routes, type OperationId } from '#api/routes.ts';
import { LOCAL_AUDIENCE, LOCAL_ISSUER } from '#local/local-auth.ts';
import { TestApi, type ApiAnswer } from '../support/api-client.ts';

/**
 * Every route × every demo role (own data, someone else's, named cases) and every kind
 * of bad token, compared with the expected table beside the route table
 * (shared/api/route-access.ts). One local host; its signing key is written by the test
 * so that it can also sign a token without `exp` and one with unknown roles.
 */

/** Wednesday 6 January 2027, 10:00 GMT: slots from Monday 11th are inside the demo's booking window. */
const NOW = Date.parse('2027-01-06T10:00:00Z');
let now = NOW;
let api: TestApi;
let dataDirectory: string;
let signingKey: Buffer;

const userOf: Record<DemoCaller, string> = {
  owner: 'demo-owner',
  ao: 'demo-ao',
  epa: 'epa-1',
  apprentice: 'apprentice-1',
  provider: 'demo-provider',
  employer: 'demo-employer',
};

type Subject = 'own' | 'others' | (string & {});

interface Call {
  method: string;
  path: string;
  body?: unknown;
  /** Puts things back once the call is answered (a booked meeting is cancelled, so its apprentice can book again). */
  after?: (answer: ApiAnswer) => Promise<void>;
}

/**
 * How to call an operation for a subject; `caller` is who will call (undefined: a bad token).
 * A call expected to be refused goes to the standing meeting of the subject rather than a
 * fresh one: should it get through after all, its answer (409 on a cancelled meeting) still
 * differs from the refusal the table expects.
 */
type Fixture = (subject: Subject, caller: DemoCaller | undefined, refused: boolean) => Promise<Call>;

const asOwner = { as: 'demo-owner' };
const withoutMeta = (record: Record<string, unknown>): Record<string, unknown> => {
  const { id: _id, userId: _userId, version: _version, updatedAt: _updatedAt, updatedBy: _updatedBy, ...data } = record;
  return data;
};
const read = async (path: string) => {
  const answer = await api.get(path, asOwner);
  if (answer.status !== 200) throw new Error(`GET ${path} answered ${answer.status}`);
  return withoutMeta(answer.body as Record<string, unknown>);
};

/** Direct bookings go anywhere (no window, no working hours): each gets an hour of its own. */
let directHour = 0;
const nextDirectStart = (): string => new Date(Date.parse('2027-03-01T00:00:00Z') + 2 * 3_600_000 * directHour++).toISOString();

const release = async (meetingId: string | undefined): Promise<void> => {
  if (!meetingId) return;
  const answer = await api.post(`/planning-meetings/${meetingId}/cancel`, asOwner);
  // A rejected or cancelled meeting is final already.
  if (answer.status !== 200 && answer.status !== 409) throw new Error(`cancelling ${meetingId} answered ${answer.status}`);
};
const releaseCreated = async (answer: ApiAnswer): Promise<void> => {
  if (answer.status === 201) await release((answer.body as { id: string }).id);
};

interface MeetingView {
  id: string;
  attendees: Array<{ id: string; role: string }>;
}
const bookDirect = async (apprenticeId: string, epaId: string): Promise<MeetingView> => {
  const answer = await api.post('/planning-meetings', {
    ...asOwner,
    body: { apprenticeId, epaId, start: nextDirectStart(), status: 'confirmed' },
  });
  if (answer.status !== 201) throw new Error(`direct booking for ${apprenticeId} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body as MeetingView;
};

/**
 * Offered slots to book provisionally: apprentice-1's come from the system group, so the
 * capacity engine may give them to epa-1; someone else's are apprentice-3's, whose slots are
 * epa-2's only, so that epa-1 never comes to attend a meeting of someone else.
 */
const slotStarts: Record<string, string[]> = {};
let slotTurn = 0;
const nextSlot = (apprenticeId: string): string => slotStarts[apprenticeId]![slotTurn++ % slotStarts[apprenticeId]!.length]!;
const othersToBookFor = 'apprentice-3';
const bookProvisional = async (apprenticeId: string): Promise<MeetingView> => {
  const answer = await api.post('/planning-meetings', { ...asOwner, body: { apprenticeId, start: nextSlot(apprenticeId), status: 'provisional' } });
  if (answer.status !== 201) throw new Error(`provisional booking for ${apprenticeId} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body as MeetingView;
};

/** apprentice-1 with epa-1 (AO contact demo-ao), and apprentice-2 with epa-2: fresh meetings for the changes. */
const freshMeeting = (subject: Subject): Promise<MeetingView> =>
  subject === 'own' ? bookDirect('apprentice-1', 'epa-1') : bookDirect('apprentice-2', 'epa-2');

/** Meetings that stay for the reads; cancelled, so that their apprentices can book again. */
const standingMeetings: Record<'own' | 'others', MeetingView> = { own: { id: '', attendees: [] }, others: { id: '', attendees: [] } };
const standingMeeting = (subject: Subject): string => standingMeetings[subject === 'own' ? 'own' : 'others'].id;

const meetingChange =
  (method: string, suffix: string, body?: unknown): Fixture =>
  async (subject, _caller, refused) => {
    if (refused) return { method, path: `/planning-meetings/${standingMeeting(subject)}${suffix}`, body };
    const meeting = await freshMeeting(subject);
    return { method, path: `/planning-meetings/${meeting.id}${suffix}`, body, after: () => release(meeting.id) };
  };

const capacityChange =
  (action: 'approve' | 'reject'): Fixture =>
  async (subject, _caller, refused) => {
    if (refused) return { method: 'POST', path: `/planning-meetings/${standingMeeting(subject)}/${action}` };
    const meeting = await bookProvisional('apprentice-1');
    return { method: 'POST', path: `/planning-meetings/${meeting.id}/${action}`, after: () => release(meeting.id) };
  };

const stored: Record<string, Record<string, unknown>> = {};
/** One in-app notification per demo user, put in the table before the matrix runs. */
const notificationIdOf = (caller: DemoCaller): string => `matrix-notification-${userOf[caller]}`;
let scratch = 0;

const fixtures: Record<OperationId, Fixture> = {
  getHealth: async () => ({ method: 'GET', path: '/health' }),

  searchUsers: async (subject) => ({ method: 'GET', path: subject === 'own' ? '/users' : '/users?q=gra&role=epa' }),
  putUser: async () => ({
    method: 'PUT',
    path: '/users/matrix-user',
    body: { name: 'Matrix User', email: 'matrix@example.org', roles: ['epa'] },
  }),
  getUser: async (subject) => ({
    method: 'GET',
    path: `/users/${subject === 'own' ? 'apprentice-1' : subject === 'others' ? 'apprentice-2' : 'epa-2'}`,
  }),
  listApprentices: async (subject) => ({ method: 'GET', path: subject === 'own' ? '/apprentices' : '/apprentices?q=ben' }),
  putApprentice: async () => ({ method: 'PUT', path: '/apprentices/apprentice-1', body: stored.apprentice }),
  getApprentice: async (subject) => ({ method: 'GET', path: `/apprentices/${subject === 'own' ? 'apprentice-1' : 'apprentice-2'}` }),
  listStandards: async () => ({ method: 'GET', path: '/standards?q=soft' }),
  listGroups: async () => ({ method: 'GET', path: '/groups?q=plan' }),

  putStandard: async () => ({ method: 'PUT', path: '/standards/ST-MATRIX', body: { name: 'Matrix standard' } }),
  getStandard: async () => ({ method: 'GET', path: '/standards/ST0116' }),
  putGroup: async () => ({ method: 'PUT', path: '/groups/matrix-group', body: { name: 'Matrix group', memberIds: ['epa-1'] } }),
  getGroup: async () => ({ method: 'GET', path: '/groups/planning-meeting-bookings' }),
  deleteGroup: async (_subject, _caller, refused) => {
    if (refused) return { method: 'DELETE', path: '/groups/matrix-never-created' };
    const groupId = `matrix-delete-${(scratch += 1)}`;
    await api.put(`/groups/${groupId}`, { ...asOwner, body: { name: 'To delete', memberIds: [] } });
    return { method: 'DELETE', path: `/groups/${groupId}`, after: async () => void (await api.delete(`/groups/${groupId}`, asOwner)) };
  },
  putUserAvailability: async (subject) => {
    const epaId = subject === 'own' ? 'epa-1' : 'epa-2';
    return { method: 'PUT', path: `/users/${epaId}/availability`, body: stored[`availability:${epaId}`] };
  },
  getUserAvailability: async (subject) => ({ method: 'GET', path: `/users/${subject === 'own' ? 'epa-1' : 'epa-2'}/availability` }),
  getAvailabilityConfiguration: async () => ({ method: 'GET', path: '/configuration/availability' }),
  putAvailabilityConfiguration: async () => ({ method: 'PUT', path: '/configuration/availability', body: stored.availability }),
  getCommunicationConfiguration: async () => ({ method: 'GET', path: '/configuration/notifications' }),
  putCommunicationConfiguration: async () => ({ method: 'PUT', path: '/configuration/notifications', body: stored.notifications }),
  getPermissionsConfiguration: async () => ({ method: 'GET', path: '/configuration/permissions' }),
  putPermissionsConfiguration: async () => ({ method: 'PUT', path: '/configuration/permissions', body: stored.permissions }),

  listPlanningMeetingSlots: async (subject) => ({
    method: 'GET',
    path: `/apprentices/${({ own: 'apprentice-1', others: 'apprentice-2' } as Record<string, string>)[subject] ?? 'nobody-at-all'}/planning-meeting-slots?from=2027-01-11&to=2027-01-12`,
  }),

  bookPlanningMeeting: async (subject, caller) => {
    const body =
      subject === 'own' || subject === 'others'
        ? (() => {
            const apprenticeId = subject === 'own' ? 'apprentice-1' : othersToBookFor;
            return { apprenticeId, start: nextSlot(apprenticeId), status: 'provisional' };
          })()
        : {
            apprenticeId: subject === 'a direct booking of an apprentice not assigned to the caller' ? 'apprentice-2' : 'apprentice-1',
            start: nextDirectStart(),
            status: 'confirmed',
            epaId:
              subject === 'a direct booking naming another EPA'
                ? 'epa-2'
                : caller === 'epa'
                  ? userOf.epa
                  : // Not epa-1, which would then attend a meeting of apprentice-2 that other rows expect it not to see.
                    subject === 'a direct booking of an apprentice not assigned to the caller' ? 'epa-3' : 'epa-1',
          };
    return { method: 'POST', path: '/planning-meetings', body, after: releaseCreated };
  },
  listPlanningMeetings: async (subject) => {
    const query = ({
      own: 'apprenticeId=apprentice-1',
      others: 'apprenticeId=apprentice-2',
      'by status only': 'status=cancelled',
      'by another EPA': 'epaId=epa-2',
    } as Record<string, string | undefined>)[subject];
    if (!query) throw new Error(`no listing for ${subject}`);
    return { method: 'GET', path: `/planning-meetings?${query}` };
  },
  getPlanningMeeting: async (subject) => ({ method: 'GET', path: `/planning-meetings/${standingMeeting(subject)}` }),
  updatePlanningMeeting: meetingChange('PATCH', '', { location: 'Room 2' }),
  approvePlanningMeeting: capacityChange('approve'),
  rejectPlanningMeeting: capacityChange('reject'),
  cancelPlanningMeeting: meetingChange('POST', '/cancel'),
  addPlanningMeetingAttendee: meetingChange('POST', '/attendees', { guest: { name: 'Gail Guest', email: 'gail@example.org', role: 'other' } }),
  removePlanningMeetingAttendee: async (subject, _caller, refused) => {
    const meeting = refused ? standingMeetings[subject === 'own' ? 'own' : 'others'] : await freshMeeting(subject);
    const ao = meeting.attendees.find((attendee) => attendee.role === 'awardingorganisation');
    if (!ao) throw new Error('the meeting has no AO contact to remove');
    return {
      method: 'DELETE',
      path: `/planning-meetings/${meeting.id}/attendees/${ao.id}`,
      ...(refused ? {} : { after: () => release(meeting.id) }),
    };
  },
  getPlanningMeetingCalendar: async (subject) => ({ method: 'GET', path: `/planning-meetings/${standingMeeting(subject)}/calendar.ics` }),
  getPlanningMeetingHistory: async (subject) => ({ method: 'GET', path: `/planning-meetings/${standingMeeting(subject)}/history` }),

  getBookingCapacity: async () => ({ method: 'GET', path: '/capacity?from=2027-01-11&to=2027-01-12' }),
  saveCapacityChanges: async () => ({
    method: 'POST',
    path: '/capacity/changes',
    body: { items: [{ action: 'approve', meetingId: 'no-such-meeting', ifVersion: 1 }] },
  }),

  listMyNotifications: async () => ({ method: 'GET', path: '/me/notifications' }),
  markMyNotificationRead: async (subject, caller) => {
    if (!caller || subject === 'own') return { method: 'POST', path: '/me/notifications/no-such-notification/read' };
    // The owner's notification is someone else's to everyone but the owner, who is given the EPA's.
    const owner = subject === 'your own notification' ? caller : caller === 'owner' ? 'epa' : 'owner';
    return { method: 'POST', path: `/me/notifications/${notificationIdOf(owner)}/read` };
  },
};

/** What the table would say of an answer. */
const answerOf = (answer: ApiAnswer): ExpectedAnswer | number => {
  const items = (answer.body as { items?: unknown[] } | undefined)?.items;
  if (answer.status === 200 && Array.isArray(items) && items.length === 0) return 'empty';
  return answer.status;
};

const send = async (call: Call, authorization: { as?: string; token?: string }): Promise<ApiAnswer> => {
  const headers: Record<string, string> = authorization.token ? { authorization: `Bearer ${authorization.token}` } : {};
  const answer = await api.request(call.method, call.path, {
    ...(authorization.as ? { as: authorization.as } : {}),
    headers,
    ...(call.body !== undefined ? { body: call.body } : {}),
  });
  await call.after?.(answer);
  return answer;
};

const part = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const signed = (claims: Record<string, unknown>, lifetimeSeconds: number | undefined): Promise<string> => {
  const issuedAt = Math.floor(now / 1000);
  const jwt = new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setSubject('demo-owner').setIssuer(LOCAL_ISSUER).setAudience(LOCAL_AUDIENCE).setIssuedAt(issuedAt);
  return (lifetimeSeconds === undefined ? jwt : jwt.setExpirationTime(issuedAt + lifetimeSeconds)).sign(signingKey);
};

/** Tokens that must not get anyone in, and one whose roles grant nothing. */
const badTokens: Record<string, () => Promise<string | undefined>> = {
  'no token': async () => undefined,
  'a bad signature': async () => {
    const [header, payload, signature] = (await api.token('demo-owner')).split('.');
    return `${header}.${payload}.${signature!.startsWith('A') ? 'B' : 'A'}${signature!.slice(1)}`;
  },
  'alg: none': async () => {
    const claims = { sub: 'demo-owner', roles: ['owner'], iss: LOCAL_ISSUER, aud: LOCAL_AUDIENCE, iat: Math.floor(now / 1000), exp: Math.floor(now / 1000) + 3600 };
    return `${part({ alg: 'none', typ: 'JWT' })}.${part(claims)}.`;
  },
  'an expired token': async () => {
    // Issued by the host itself 13 hours ago: local tokens live 12.
    now = NOW - 13 * 3_600_000;
    try {
      return await api.host.tokenFor('demo-owner');
    } finally {
      now = NOW;
    }
  },
  'a token without exp': () => signed({ roles: ['owner'] }, undefined),
  // API Gateway would hand it on as "[apprentice owner]", two roles: the token is refused instead.
  'a role holding a space': () => signed({ roles: ['apprentice owner'] }, 3600),
};

let tokens: Record<string, string | undefined> = {};
let unknownRolesToken = '';

beforeAll(async () => {
  dataDirectory = mkdtempSync(join(tmpdir(), 'authorisation-matrix-'));
  signingKey = randomBytes(32);
  writeFileSync(join(dataDirectory, 'local-signing-key'), signingKey.toString('base64'), { mode: 0o600 });
  api = await TestApi.start({ clock: () => now, dataDirectory });

  stored.apprentice = await read('/apprentices/apprentice-1');
  stored['availability:epa-1'] = await read('/users/epa-1/availability');
  stored['availability:epa-2'] = await read('/users/epa-2/availability');
  stored.availability = await read('/configuration/availability');
  stored.notifications = await read('/configuration/notifications');
  stored.permissions = await read('/configuration/permissions');

  for (const apprenticeId of ['apprentice-1', othersToBookFor]) {
    const slots = await api.get(`/apprentices/${apprenticeId}/planning-meeting-slots?from=2027-01-11&to=2027-01-15`, asOwner);
    slotStarts[apprenticeId] = (slots.body as { slots: Array<{ start: string }> }).slots.map((slot) => slot.start);
    if (slotStarts[apprenticeId].length < 10) throw new Error(`the demo offers too few slots of ${apprenticeId} for the matrix`);
  }

  for (const caller of demoCallers) {
    await api.host.deps.notifications.addInApp({
      id: notificationIdOf(caller),
      userId: userOf[caller],
      notificationType: 'meetingInvite',
      meetingId: 'matrix-meeting',
      eventId: `matrix-event-${caller}`,
      subject: 'A notification of your own',
      text: 'Marked read by the matrix',
      createdAt: new Date(NOW).toISOString(),
      readAt: null,
    });
  }

  for (const subject of ['own', 'others'] as const) {
    const meeting = await freshMeeting(subject);
    await release(meeting.id);
    standingMeetings[subject] = meeting;
  }

  tokens = Object.fromEntries(await Promise.all(Object.entries(badTokens).map(async ([name, make]) => [name, await make()] as const)));
  // Signed and current, but its roles are no role ids as written: it grants nothing.
  unknownRolesToken = await signed({ roles: ['Owner', 'OWNER', 'wizard'] }, 3600);
}, 60_000);

afterAll(async () => {
  await api?.close();
  if (dataDirectory) rmSync(dataDirectory, { recursive: true, force: true });
});

const subjectsOf = (operationId: OperationId): Array<[Subject, AnswersByCaller]> => {
  const row: { own: AnswersByCaller; others?: AnswersByCaller; cases?: Readonly<Record<string, AnswersByCaller>> } = routeAccess[operationId];
  return [['own', row.own], ...(row.others ? [['others', row.others] as [Subject, AnswersByCaller]] : []), ...Object.entries(row.cases ?? {})];
};

describe('authorisation matrix', () => {
  it('has a row for every route of the route table, and no row without a route', () => {
    expect(Object.keys(routeAccess).sort()).toEqual(routes.map((route) => route.operationId).sort());
    expect(Object.keys(fixtures).sort()).toEqual(routes.map((route) => route.operationId).sort());
  });

  it.each(routes.map((route) => [`${route.method} ${route.path}`, route.operationId] as const))('%s', async (_route, operationId) => {
    const route = routes.find((candidate) => candidate.operationId === operationId)!;
    const row = routeAccess[operationId];
    const expected: Record<string, unknown> = {};
    const actual: Record<string, unknown> = {};

    for (const [subject, answers] of subjectsOf(operationId)) {
      const expectedRow: Record<string, ExpectedAnswer> = {};
      const actualRow: Record<string, ExpectedAnswer | number> = {};
      for (const caller of demoCallers) {
        const call = await fixtures[operationId](subject, caller, typeof answers[caller] === 'number' && Number(answers[caller]) >= 400);
        expectedRow[caller] = answers[caller];
        // Strict: where the table says 200 for a listing, an empty page is a failure ('empty').
        actualRow[caller] = answerOf(await send(call, { as: userOf[caller] }));
      }
      expected[subject] = expectedRow;
      actual[subject] = actualRow;
    }

    const isPublic = 'public' in row && row.public === true;
    const expectedTokens: Record<string, number> = {};
    const actualTokens: Record<string, number> = {};
    for (const [name, token] of Object.entries(tokens)) {
      const call = await fixtures[operationId]('own', undefined, true);
      expectedTokens[name] = isPublic ? route.successStatus : 401;
      actualTokens[name] = (await send(call, token ? { token } : {})).status;
    }
    if (route.access.kind === 'permission') {
      const call = await fixtures[operationId]('own', undefined, true);
      expectedTokens['roles that are no role ids'] = 403;
      actualTokens['roles that are no role ids'] = (await send(call, { token: unknownRolesToken })).status;
    }
    expected.tokens = expectedTokens;
    actual.tokens = actualTokens;

    expect(actual).toEqual(expected);
  });
});

describe('authorisation matrix: booking routes by gateway stage × booking permission', () => {
  const apprenticeAt: Record<GatewayStatus, { id: string; slot: string; week: [string, string] }> = {
    approved: { id: 'apprentice-1', slot: '2027-02-01T11:00:00Z', week: ['2027-02-01', '2027-02-05'] },
    submitted: { id: 'apprentice-5', slot: '2027-02-01T11:00:00Z', week: ['2027-02-01', '2027-02-05'] },
    notSubmitted: { id: 'apprentice-6', slot: '2027-03-02T11:00:00Z', week: ['2027-03-01', '2027-03-05'] },
  };
  const setProviderPermissions = async (permissions: string[]) => {
    const current = await api.get('/configuration/permissions', asOwner);
    const saved = await api.put('/configuration/permissions', { ...asOwner, body: { roles: { ...current.body.roles, trainingprovider: permissions } } });
    if (saved.status !== 200) throw new Error(`permissions answered ${saved.status}`);
  };
  afterAll(() => setProviderPermissions(['BookPlanningMeetingPreGatewaySubmission']));

  it.each(Object.entries(stageAccess) as Array<[BookingPermissionId, Record<GatewayStatus, 'allowed' | 403>]>)('a provider holding only %s', async (permission, row) => {
    await setProviderPermissions([permission]);
    const expected: Record<string, unknown> = {};
    const actual: Record<string, unknown> = {};
    for (const [stage, answer] of Object.entries(row) as Array<[GatewayStatus, 'allowed' | 403]>) {
      const { id, slot, week } = apprenticeAt[stage];
      expected[stage] = answer === 'allowed' ? { slots: 200, booking: 201, meetings: 200 } : { slots: 403, booking: 403, meetings: 403 };
      const slots = await api.get(`/apprentices/${id}/planning-meeting-slots?from=${week[0]}&to=${week[1]}`, { as: 'demo-provider' });
      const booking = await api.post('/planning-meetings', {
        as: 'demo-provider',
        body: { apprenticeId: id, start: slot, status: 'provisional' },
        headers: { 'idempotency-key': `stage-${permission}-${stage}` },
      });
      if (booking.status === 201) await api.post(`/planning-meetings/${booking.body.id}/cancel`, { ...asOwner, body: {} });
      const meetings = await api.get(`/planning-meetings?apprenticeId=${id}`, { as: 'demo-provider' });
      actual[stage] = { slots: slots.status, booking: booking.status, meetings: meetings.status };
    }
    expect(actual).toEqual(expected);
  });
});
