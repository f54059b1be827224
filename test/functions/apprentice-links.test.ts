import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestApi } from '../support/api-client.ts';

/** Wednesday 6 January 2027, 10:00 GMT. */
const NOW = Date.parse('2027-01-06T10:00:00Z');
let api: TestApi;
beforeAll(async () => {
  api = await TestApi.start({ clock: () => NOW });
});
afterAll(() => api.close());

const asOwner = { as: 'demo-owner' };
const apprentice2 = { standardId: 'ST0116', epaId: null, aoContactId: 'demo-ao' };
const slotsOf = (apprenticeId: string, as: string) =>
  api.get(`/apprentices/${apprenticeId}/planning-meeting-slots?from=2027-01-11&to=2027-01-11`, { as });

describe('links between an apprentice and provider or employer staff', () => {
  it('refuses a link to someone without the provider or employer role, naming the field', async () => {
    const answer = await api.put('/apprentices/apprentice-2', {
      ...asOwner,
      body: { ...apprentice2, providerUserIds: ['demo-provider', 'demo-employer'], employerUserIds: ['epa-1', 'ghost'] },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.errors.map((error: { path: string }) => error.path).sort()).toEqual([
      'employerUserIds.0',
      'employerUserIds.1',
      'providerUserIds.1',
    ]);
  });

  it('refuses the same user twice', async () => {
    const answer = await api.put('/apprentices/apprentice-2', { ...asOwner, body: { ...apprentice2, providerUserIds: ['demo-provider', 'demo-provider'] } });
    expect(answer.status).toBe(400);
    expect(answer.body.errors[0].path).toBe('providerUserIds');
  });

  it('gives linked staff the apprentice, its slots and its meetings, and takes them away with the link', async () => {
    const provider = 'demo-provider';
    expect((await slotsOf('apprentice-2', provider)).status).toBe(403);
    expect((await api.get('/apprentices/apprentice-2', { as: provider })).status).toBe(403);

    const linked = await api.put('/apprentices/apprentice-2', { ...asOwner, body: { ...apprentice2, providerUserIds: [provider] } });
    expect(linked.status).toBe(200);
    expect(linked.body.providerUserIds).toEqual([provider]);
    expect((await slotsOf('apprentice-2', provider)).status).toBe(200);
    expect((await api.get('/apprentices/apprentice-2', { as: provider })).status).toBe(200);
    expect((await api.get('/users/apprentice-2', { as: provider })).status).toBe(200);
    expect((await api.get('/planning-meetings?apprenticeId=apprentice-2', { as: provider })).status).toBe(200);
    // Linked as provider staff says nothing for the employer's.
    expect((await slotsOf('apprentice-2', 'demo-employer')).status).toBe(403);

    expect((await api.put('/apprentices/apprentice-2', { ...asOwner, body: apprentice2 })).status).toBe(200);
    expect((await slotsOf('apprentice-2', provider)).status).toBe(403);
    expect((await api.get('/planning-meetings?apprenticeId=apprentice-2', { as: provider })).status).toBe(403);
  });

  it('lets linked staff read a meeting of the apprentice, and books it for them', async () => {
    const slots = await slotsOf('apprentice-1', 'demo-employer');
    const start = slots.body.slots[0].start as string;
    const booked = await api.post('/planning-meetings', { as: 'demo-employer', body: { apprenticeId: 'apprentice-1', start, status: 'provisional' } });
    expect(booked.status).toBe(201);
    expect((await api.get(`/planning-meetings/${booked.body.id}`, { as: 'demo-provider' })).status).toBe(200);
    expect((await api.get(`/planning-meetings/${booked.body.id}`, { as: 'apprentice-2' })).status).toBe(404);
  });
});

describe('an EPA and the apprentices it meets', () => {
  it('reads an apprentice it is not assigned to while it attends their active meeting, and not once it is over', async () => {
    const booked = await api.post('/planning-meetings', {
      ...asOwner,
      body: { apprenticeId: 'apprentice-2', epaId: 'epa-3', start: '2027-02-01T14:00:00Z', status: 'confirmed' },
    });
    expect(booked.status).toBe(201);
    try {
      expect((await api.get('/apprentices/apprentice-2', { as: 'epa-3' })).status).toBe(200);
      expect((await api.get('/users/apprentice-2', { as: 'epa-3' })).status).toBe(200);
      expect((await api.get('/apprentices/apprentice-2', { as: 'epa-2' })).status).toBe(403);
    } finally {
      const cancelled = await api.post(`/planning-meetings/${booked.body.id}/cancel`, { ...asOwner, body: {} });
      expect(cancelled.status).toBe(200);
    }
    expect((await api.get('/apprentices/apprentice-2', { as: 'epa-3' })).status).toBe(403);
    expect((await api.get('/users/apprentice-2', { as: 'epa-3' })).status).toBe(403);
  });
});
