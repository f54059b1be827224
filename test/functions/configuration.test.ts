import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestApi } from '../support/api-client.ts';

let api: TestApi;
beforeAll(async () => {
  api = await TestApi.start();
});
afterAll(() => api.close());

const weekly = {
  mon: [{ start: '09:00', end: '12:30' }, { start: '13:30', end: '17:00' }],
  tue: [], wed: [], thu: [], fri: [], sat: [], sun: [],
};

describe('standards', () => {
  it('defaults the slot interval to the duration and the source to default', async () => {
    const answer = await api.put('/standards/ST0999', { as: 'demo-owner', body: { name: 'Data analyst', meetingDurationMinutes: 45 } });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ slotIntervalMinutes: 45, availabilitySource: { type: 'default' }, version: 1 });
  });

  it('refuses a group source naming no group', async () => {
    const answer = await api.put('/standards/ST0998', {
      as: 'demo-owner',
      body: { name: 'X', availabilitySource: { type: 'group', groupId: 'missing' } },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.errors[0].path).toBe('availabilitySource.groupId');
  });

  it('refuses an unknown source type', async () => {
    const answer = await api.put('/standards/ST0997', { as: 'demo-owner', body: { name: 'X', availabilitySource: { type: 'random' } } });
    expect(answer.status).toBe(400);
  });

  it('needs ConfigureSystem to change a standard', async () => {
    expect((await api.put('/standards/ST0116', { as: 'demo-ao', body: { name: 'X' } })).status).toBe(403);
  });
});

describe('groups', () => {
  it('always has the system group, and refuses to delete it', async () => {
    const read = await api.get('/groups/planning-meeting-bookings', { as: 'demo-owner' });
    expect(read.body).toMatchObject({ id: 'planning-meeting-bookings', name: 'Planning Meeting Bookings' });
    const deleted = await api.delete('/groups/planning-meeting-bookings', { as: 'demo-owner' });
    expect(deleted.status).toBe(409);
    expect((await api.get('/groups/planning-meeting-bookings', { as: 'demo-owner' })).status).toBe(200);
  });

  it('creates and deletes another group of EPAs', async () => {
    const created = await api.put('/groups/north', { as: 'demo-owner', body: { name: 'North', memberIds: ['epa-1', 'epa-2'] } });
    expect(created.status).toBe(200);
    expect((await api.delete('/groups/north', { as: 'demo-owner', headers: { 'if-match': '"1"' } })).status).toBe(204);
    expect((await api.get('/groups/north', { as: 'demo-owner' })).status).toBe(404);
    expect((await api.delete('/groups/north', { as: 'demo-owner' })).status).toBe(404);
  });

  it('refuses members that are not EPAs, and duplicates', async () => {
    const notEpa = await api.put('/groups/south', { as: 'demo-owner', body: { name: 'South', memberIds: ['epa-1', 'demo-ao'] } });
    expect(notEpa.status).toBe(400);
    expect(notEpa.body.errors[0].path).toBe('memberIds.1');
    const duplicate = await api.put('/groups/south', { as: 'demo-owner', body: { name: 'South', memberIds: ['epa-1', 'epa-1'] } });
    expect(duplicate.status).toBe(400);
  });
});

describe('availability of users', () => {
  it('stores weekly hours, overrides and the daily maximum', async () => {
    const answer = await api.put('/users/epa-2/availability', {
      as: 'demo-owner',
      body: { timeZone: 'Europe/London', weekly, overrides: [{ date: '2027-01-04', intervals: [] }], maxMeetingsPerDay: 4 },
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ userId: 'epa-2', maxMeetingsPerDay: 4, version: 2 });
  });

  it('lets an EPA keep their own hours but not another EPA', async () => {
    expect((await api.put('/users/epa-1/availability', { as: 'epa-1', body: { weekly } })).status).toBe(200);
    expect((await api.put('/users/epa-2/availability', { as: 'epa-1', body: { weekly } })).status).toBe(403);
  });

  it.each([
    ['overlapping intervals', { weekly: { ...weekly, mon: [{ start: '09:00', end: '12:00' }, { start: '11:00', end: '13:00' }] } }],
    ['an interval ending before it starts', { weekly: { ...weekly, mon: [{ start: '12:00', end: '09:00' }] } }],
    ['a time that is not HH:mm', { weekly: { ...weekly, mon: [{ start: '9am', end: '12:00' }] } }],
    ['a date that does not exist', { weekly, overrides: [{ date: '2027-02-30', intervals: [] }] }],
    ['an unknown time zone', { weekly, timeZone: 'Europe/Atlantis' }],
    ['an unknown weekday', { weekly: { ...weekly, funday: [] } }],
  ])('refuses %s', async (_case, body) => {
    const answer = await api.put('/users/epa-3/availability', { as: 'demo-owner', body });
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('VALIDATION_FAILED');
  });

  it('refuses availability for a user who is not an EPA, and 404s for no user', async () => {
    expect((await api.put('/users/demo-ao/availability', { as: 'demo-owner', body: { weekly } })).status).toBe(400);
    expect((await api.put('/users/ghost/availability', { as: 'demo-owner', body: { weekly } })).status).toBe(404);
  });
});

describe('configuration', () => {
  /**
   * Runs a test that changes a configuration record and puts the record back afterwards,
   * also when the test fails, so the tests after it see the demo's configuration.
   */
  const restoring = (path: string, test: () => Promise<void>) => async () => {
    const { version: _version, ...before } = (await api.get(path, { as: 'demo-owner' })).body;
    try {
      await test();
    } finally {
      expect((await api.put(path, { as: 'demo-owner', body: before })).status).toBe(200);
    }
  };

  it('reads and replaces the booking windows', restoring('/configuration/availability', async () => {
    const before = await api.get('/configuration/availability', { as: 'demo-owner' });
    expect(before.body.minimumNotice).toEqual({ amount: 2, unit: 'workingDays' });
    const answer = await api.put('/configuration/availability', {
      as: 'demo-owner',
      headers: { 'if-match': `"${before.body.version}"` },
      body: { minimumNotice: { amount: 24, unit: 'hours' }, maximumAdvance: null, nonWorkingDates: ['2026-12-25'] },
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ minimumNotice: { amount: 24, unit: 'hours' }, maximumAdvance: null, provisionalHoldHours: 72 });
  }));

  it('refuses an unknown unit', async () => {
    const answer = await api.put('/configuration/availability', { as: 'demo-owner', body: { minimumNotice: { amount: 2, unit: 'fortnights' } } });
    expect(answer.status).toBe(400);
    expect(answer.body.errors[0].path).toBe('minimumNotice.unit');
  });

  it('changes permissions without a restart', restoring('/configuration/permissions', async () => {
    const current = await api.get('/configuration/permissions', { as: 'demo-owner' });
    expect(current.body.roles.owner).toContain('ConfigureSystem');
    // Give AO users ConfigureSystem; they can then read the permissions themselves.
    expect((await api.get('/configuration/permissions', { as: 'demo-ao' })).status).toBe(403);
    const changed = await api.put('/configuration/permissions', {
      as: 'demo-owner',
      body: { roles: { ...current.body.roles, awardingorganisation: [...current.body.roles.awardingorganisation, 'ConfigureSystem'] } },
    });
    expect(changed.status).toBe(200);
    expect((await api.get('/configuration/permissions', { as: 'demo-ao' })).status).toBe(200);
  }));

  it('has the demo’s configuration back after the tests that changed it', async () => {
    expect((await api.get('/configuration/availability', { as: 'demo-owner' })).body.minimumNotice).toEqual({ amount: 2, unit: 'workingDays' });
    expect((await api.get('/configuration/permissions', { as: 'demo-ao' })).status).toBe(403);
  });

  it('refuses a permissions map that would lock the caller out of configuration', async () => {
    const answer = await api.put('/configuration/permissions', { as: 'demo-owner', body: { roles: { owner: ['ManageDirectory'] } } });
    expect(answer.status).toBe(400);
  });
});
