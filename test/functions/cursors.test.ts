import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestApi } from '../support/api-client.ts';
import { createApprentice } from '../support/apprentices.ts';

/** Wednesday 6 January 2027, 10:00 GMT. */
const NOW = Date.parse('2027-01-06T10:00:00Z');
let api: TestApi;
beforeAll(async () => {
  api = await TestApi.start({ clock: () => NOW });
  for (const [index, start] of ['2027-01-18T09:00:00Z', '2027-01-18T11:00:00Z'].entries()) {
    const apprenticeId = await createApprentice(api, `cursor-apprentice-${index + 1}`, { now: NOW });
    const booked = await api.post('/planning-meetings', { as: 'demo-owner', body: { apprenticeId, start, status: 'confirmed', epaId: 'epa-1' } });
    expect(booked.status).toBe(201);
  }
});
afterAll(() => api.close());

const token = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

const expectCursorRefused = (answer: { status: number; body: { code?: string; errors?: Array<{ path: string }> } }) => {
  expect(answer.status).toBe(400);
  expect(answer.body.code).toBe('VALIDATION_FAILED');
  expect(answer.body.errors?.map((error) => error.path)).toContain('cursor');
};

describe('one rule for cursors: only a cursor the listing issued is taken', () => {
  it.each(['/planning-meetings?status=confirmed&cursor=', '/me/notifications?cursor='])('%s<garbage> is a 400 naming cursor', async (path) => {
    expectCursorRefused(await api.get(`${path}garbage`, { as: 'demo-owner' }));
  });

  it('a meeting listing’s cursor pages on, and is refused by another listing and by the notifications', async () => {
    const first = await api.get('/planning-meetings?status=confirmed&limit=1', { as: 'demo-owner' });
    expect(first.status).toBe(200);
    const cursor = first.body.cursor as string;
    expect(cursor).toEqual(expect.any(String));

    const next = await api.get(`/planning-meetings?status=confirmed&limit=1&cursor=${cursor}`, { as: 'demo-owner' });
    expect(next.status).toBe(200);
    expect(next.body.items.map((meeting: { id: string }) => meeting.id)).not.toEqual(first.body.items.map((meeting: { id: string }) => meeting.id));

    expectCursorRefused(await api.get(`/planning-meetings?status=provisional&limit=1&cursor=${cursor}`, { as: 'demo-owner' }));
    expectCursorRefused(await api.get(`/planning-meetings?status=confirmed&from=2027-02-01&limit=1&cursor=${cursor}`, { as: 'demo-owner' }));
    expectCursorRefused(await api.get(`/me/notifications?cursor=${cursor}`, { as: 'demo-owner' }));
  });

  it('a notifications cursor made up for another user’s partition is refused', async () => {
    const forged = token({ pk: 'USER#epa-1', sk: 'NOTIFICATION#20270101T000000Z-x' });
    expectCursorRefused(await api.get(`/me/notifications?cursor=${forged}`, { as: 'demo-owner' }));
    const own = token({ pk: 'USER#demo-owner', sk: 'NOTIFICATION#20270101T000000Z-x' });
    expect((await api.get(`/me/notifications?cursor=${own}`, { as: 'demo-owner' })).status).toBe(200);
  });
});
