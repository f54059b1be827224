import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestApi } from '../support/api-client.ts';

/**
 * The apprentice's journey to EPA decides the booking window (SPEC §3.4), the EPA date
 * booking period binds training providers (5.10), the stage decides which booking
 * permission covers the apprentice (SPEC §2), and the organisation's non-working dates
 * offer nothing (§3.2). The demo data seeds its dates from the host's clock:
 * apprentice-5 submitted two days ago (EPA date in 50 days), apprentice-6 not submitted
 * (EPA date in 35 days), both linked to demo-provider.
 */

/** Wednesday 6 January 2027, 10:00 GMT. */
const NOW = Date.parse('2027-01-06T10:00:00Z');
let api: TestApi;
beforeAll(async () => {
  api = await TestApi.start({ clock: () => NOW });
});
afterAll(() => api.close());

const slotsOf = (apprenticeId: string, from: string, to: string, as: string) =>
  api.get(`/apprentices/${apprenticeId}/planning-meeting-slots?from=${from}&to=${to}`, { as });

const book = (apprenticeId: string, start: string, as: string, key: string) =>
  api.post('/planning-meetings', { as, body: { apprenticeId, start, status: 'provisional' }, headers: { 'idempotency-key': key } });

const setPermissions = async (roles: Record<string, string[]>) => {
  const current = await api.get('/configuration/permissions', { as: 'demo-owner' });
  const answer = await api.put('/configuration/permissions', { as: 'demo-owner', body: { roles: { ...current.body.roles, ...roles } } });
  expect(answer.status).toBe(200);
};

describe('the slot answer names the stage its window comes from', () => {
  it.each([
    {
      apprentice: 'apprentice-1',
      // Approved: now + 2 working days, to the 12 weeks' maximum advance (which caps the 6 months' booking period).
      window: { gatewayStatus: 'approved', anchorDate: '2026-12-30', earliest: '2027-01-08T10:00:00Z', latest: '2027-03-31T09:00:00Z' },
    },
    {
      apprentice: 'apprentice-5',
      // Submitted on 4 January: 10 working days' processing ends on Monday 18 January, 2 working days' notice on Wednesday 20.
      window: { gatewayStatus: 'submitted', anchorDate: '2027-01-04', earliest: '2027-01-20T00:00:00Z', latest: '2027-03-31T09:00:00Z' },
    },
    {
      apprentice: 'apprentice-6',
      // Not submitted, estimated EPA date Wednesday 10 February: processed by Wednesday 24 February, + 2 working days.
      window: { gatewayStatus: 'notSubmitted', anchorDate: '2027-02-10', earliest: '2027-02-26T00:00:00Z', latest: '2027-03-31T09:00:00Z' },
    },
  ])('$apprentice', async ({ apprentice, window }) => {
    const answer = await slotsOf(apprentice, '2027-01-11', '2027-01-15', 'demo-owner');
    expect(answer.status).toBe(200);
    expect(answer.body.window).toMatchObject({ ...window, additionalInfo: expect.stringContaining('portfolio'), epaDateBookingFrom: null });
  });

  it('offers nothing before a submitted gateway is processed, and says why', async () => {
    const answer = await slotsOf('apprentice-5', '2027-01-11', '2027-01-15', 'apprentice-5');
    expect(answer.body).toMatchObject({ slots: [], reason: 'OUTSIDE_BOOKING_WINDOW' });
    const later = await slotsOf('apprentice-5', '2027-01-20', '2027-01-22', 'apprentice-5');
    expect(later.body.slots.length).toBeGreaterThan(0);
    expect(later.body.slots[0].start >= '2027-01-20T00:00:00Z').toBe(true);
  });
});

describe('the EPA date booking period (training providers, before approval)', () => {
  it('lists the slots with the date from which the provider may book', async () => {
    const answer = await slotsOf('apprentice-5', '2027-01-18', '2027-01-29', 'demo-provider');
    // Estimated EPA date 25 February − 30 days = Tuesday 26 January.
    expect(answer.body.window.epaDateBookingFrom).toBe('2027-01-26T00:00:00Z');
    expect(answer.body.slots.some((slot: { start: string }) => slot.start < '2027-01-26T00:00:00Z')).toBe(true);
  });

  it('refuses a provider’s booking before it with 422, the date in words, and books nothing', async () => {
    const refused = await book('apprentice-5', '2027-01-21T11:00:00Z', 'demo-provider', 'journey-early');
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ code: 'BEFORE_EPA_DATE_BOOKING_PERIOD' });
    expect(refused.body.detail).toContain('Tuesday 26 January 2027');
    expect(refused.body.detail).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
    const meetings = await api.get('/planning-meetings?apprenticeId=apprentice-5', { as: 'demo-owner' });
    expect(meetings.body.items).toEqual([]);
  });

  it('books a provider’s slot from that date on', async () => {
    const booked = await book('apprentice-5', '2027-01-27T11:00:00Z', 'demo-provider', 'journey-in-period');
    expect(booked.status).toBe(201);
    const cancelled = await api.post(`/planning-meetings/${booked.body.id}/cancel`, { as: 'demo-owner', body: {} });
    expect(cancelled.status).toBe(200);
  });

  it('does not bind the apprentice booking for themself', async () => {
    const answer = await slotsOf('apprentice-5', '2027-01-18', '2027-01-29', 'apprentice-5');
    expect(answer.body.window.epaDateBookingFrom).toBeNull();
    const booked = await book('apprentice-5', '2027-01-21T11:00:00Z', 'apprentice-5', 'journey-self');
    expect(booked.status).toBe(201);
    await api.post(`/planning-meetings/${booked.body.id}/cancel`, { as: 'demo-owner', body: {} });
  });

  it('re-checks the window at booking time: a slot before the gateway is processed is refused in words', async () => {
    const refused = await book('apprentice-5', '2027-01-13T11:00:00Z', 'apprentice-5', 'journey-outside');
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('OUTSIDE_BOOKING_WINDOW');
    expect(refused.body.detail).toContain('gateway submitted');
    expect(refused.body.detail).toContain('Wednesday 20 January 2027');
  });
});

describe('stage permissions: one cumulative scale (SPEC §2)', () => {
  afterAll(() =>
    setPermissions({ trainingprovider: ['BookPlanningMeetingPreGatewaySubmission'], apprentice: ['BookPlanningMeetingPreGatewaySubmission'] }),
  );

  it.each([
    { permission: 'BookPlanningMeetingPreGatewaySubmission', approved: 200, submitted: 200, notSubmitted: 200 },
    { permission: 'BookPlanningMeetingPostGatewaySubmission', approved: 200, submitted: 200, notSubmitted: 403 },
    { permission: 'BookPlanningMeetingPostGatewayApproval', approved: 200, submitted: 403, notSubmitted: 403 },
  ])('a provider with $permission', async ({ permission, approved, submitted, notSubmitted }) => {
    await setPermissions({ trainingprovider: [permission] });
    const statuses = {
      approved: (await slotsOf('apprentice-1', '2027-02-01', '2027-02-05', 'demo-provider')).status,
      submitted: (await slotsOf('apprentice-5', '2027-02-01', '2027-02-05', 'demo-provider')).status,
      notSubmitted: (await slotsOf('apprentice-6', '2027-03-01', '2027-03-05', 'demo-provider')).status,
    };
    expect(statuses).toEqual({ approved, submitted, notSubmitted });
  });

  it('refuses a provisional booking past the stage the caller’s permission covers', async () => {
    await setPermissions({ trainingprovider: ['BookPlanningMeetingPostGatewayApproval'] });
    const refused = await book('apprentice-6', '2027-03-02T11:00:00Z', 'demo-provider', 'journey-stage');
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toContain('gateway not yet submitted');
  });

  it('reads a stored map that names the former BookPlanningMeeting as PreGatewaySubmission', async () => {
    const stored = await api.host.deps.records.get<{ roles: Record<string, string[]> }>('configuration', 'permissions');
    await api.host.deps.records.put(
      'configuration',
      'permissions',
      { roles: { ...stored!.data.roles, trainingprovider: ['BookPlanningMeeting'] } },
      { by: 'an earlier release', now: NOW },
    );
    // The five-second copy of the map (decision 0005) is dropped by the write above in this process.
    expect((await slotsOf('apprentice-6', '2027-03-01', '2027-03-05', 'demo-provider')).status).toBe(200);
    const read = await api.get('/configuration/permissions', { as: 'demo-owner' });
    expect(read.body.roles.trainingprovider).toEqual(['BookPlanningMeetingPreGatewaySubmission']);
  });

  it('refuses the former name in a new map, naming the field', async () => {
    const current = await api.get('/configuration/permissions', { as: 'demo-owner' });
    const answer = await api.put('/configuration/permissions', {
      as: 'demo-owner',
      body: { roles: { ...current.body.roles, employer: ['BookPlanningMeeting'] } },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.errors[0].path).toBe('roles.employer.0');
  });
});

describe('non-working dates offer nothing (epaPRO 5.10)', () => {
  it('offers no slot on a bank holiday to anyone, the AO included', async () => {
    // Friday 26 March and Monday 29 March 2027 are Good Friday and Easter Monday.
    for (const as of ['apprentice-1', 'demo-ao', 'demo-owner']) {
      const answer = await slotsOf('apprentice-1', '2027-03-25', '2027-03-30', as);
      const days = new Set(answer.body.slots.map((slot: { start: string }) => slot.start.slice(0, 10)));
      expect([...days].sort()).toEqual(['2027-03-25', '2027-03-30']);
    }
  });

  it('says NO_WORKING_HOURS for a range of closed days only', async () => {
    const answer = await slotsOf('apprentice-1', '2027-03-26', '2027-03-29', 'demo-ao');
    expect(answer.body).toMatchObject({ slots: [], reason: 'NO_WORKING_HOURS' });
  });

  it('refuses a provisional booking on one, and lets a manager book directly there', async () => {
    const refused = await book('apprentice-2', '2027-03-29T10:00:00Z', 'demo-ao', 'journey-holiday');
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0].path).toBe('start');
    const direct = await api.post('/planning-meetings', {
      as: 'demo-owner',
      body: { apprenticeId: 'apprentice-2', start: '2027-03-29T10:00:00Z', status: 'confirmed', epaId: 'epa-2' },
    });
    expect(direct.status).toBe(201);
    await api.post(`/planning-meetings/${direct.body.id}/cancel`, { as: 'demo-owner', body: {} });
  });

  it('shows no available minutes on it in the capacity view', async () => {
    const answer = await api.get('/capacity?from=2027-03-25&to=2027-03-26&epaId=epa-2', { as: 'demo-owner' });
    const minutes = Object.fromEntries(answer.body.days.map((day: { date: string; availableMinutes: number }) => [day.date, day.availableMinutes]));
    expect(minutes).toEqual({ '2027-03-25': 360, '2027-03-26': 0 });
  });
});

describe('the gateway on the apprentice record and the new settings', () => {
  it('validates the gateway like any field: a clear 400 naming it', async () => {
    const record = (await api.get('/apprentices/apprentice-2', { as: 'demo-owner' })).body;
    const { id: _id, version: _version, updatedAt: _at, updatedBy: _by, ...fields } = record;
    const bad = [
      [{ status: 'submitted', submittedDate: '2027-02-30' }, 'gateway.submittedDate'],
      [{ status: 'submitted', submittedDate: '1999-12-31' }, 'gateway.submittedDate'],
      [{ status: 'pending' }, 'gateway.status'],
      [{ status: 'approved', approvedOn: '2027-01-01' }, 'gateway'],
    ] as const;
    for (const [gateway, path] of bad) {
      const answer = await api.put('/apprentices/apprentice-2', { as: 'demo-owner', body: { ...fields, gateway } });
      expect(answer.status, JSON.stringify(gateway)).toBe(400);
      expect(answer.body.errors.map((error: { path: string }) => error.path)).toContain(path);
    }
    const good = await api.put('/apprentices/apprentice-2', {
      as: 'demo-owner',
      body: { ...fields, gateway: { status: 'notSubmitted', estimatedEpaDate: '2027-05-03' } },
    });
    expect(good.status).toBe(200);
    expect(good.body.gateway).toEqual({ status: 'notSubmitted', estimatedEpaDate: '2027-05-03' });
    await api.put('/apprentices/apprentice-2', { as: 'demo-owner', body: fields });
  });

  it('validates the new availability settings and round-trips them', async () => {
    const read = await api.get('/configuration/availability', { as: 'demo-owner' });
    expect(read.body).toMatchObject({
      estimatedGatewayProcessingPeriod: { amount: 10, unit: 'workingDays' },
      bookingPeriodMaximum: { amount: 6, unit: 'months' },
      epaDateBookingPeriodDays: 30,
      maxAttendeesPerMeeting: 20,
    });
    const bad = [
      [{ bookingNoticeAdditionalInfo: 'x'.repeat(2_001) }, 'bookingNoticeAdditionalInfo'],
      [{ bookingNoticeAdditionalInfo: 'Bring \u0007 your portfolio' }, 'bookingNoticeAdditionalInfo'],
      [{ bookingNoticeAdditionalInfo: 'evil \u202E txt.exe' }, 'bookingNoticeAdditionalInfo'],
      [{ maxAttendeesPerMeeting: 51 }, 'maxAttendeesPerMeeting'],
      [{ estimatedGatewayProcessingPeriod: { amount: 3, unit: 'hours' } }, 'estimatedGatewayProcessingPeriod.unit'],
      [{ bookingPeriodMaximum: { amount: -1, unit: 'days' } }, 'bookingPeriodMaximum.amount'],
      [{ epaDateBookingPeriodDays: 1.5 }, 'epaDateBookingPeriodDays'],
    ] as const;
    for (const [change, path] of bad) {
      const answer = await api.put('/configuration/availability', { as: 'demo-owner', body: { ...read.body, ...change } });
      expect(answer.status, path).toBe(400);
      expect(answer.body.errors.map((error: { path: string }) => error.path)).toContain(path);
    }
    const multiLine = { ...read.body, bookingNoticeAdditionalInfo: 'Line one.\nLine two.' };
    const saved = await api.put('/configuration/availability', { as: 'demo-owner', body: multiLine });
    expect(saved.status).toBe(200);
    expect(saved.body.bookingNoticeAdditionalInfo).toBe('Line one.\nLine two.');
    const again = await api.put('/configuration/availability', { as: 'demo-owner', body: saved.body });
    expect(again.status).toBe(200);
    await api.put('/configuration/availability', { as: 'demo-owner', body: { ...again.body, bookingNoticeAdditionalInfo: read.body.bookingNoticeAdditionalInfo } });
  });
});
