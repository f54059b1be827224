import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_READS_PER_PAGE } from '#store/cursors.ts';
import { TestApi, type ApiAnswer } from '../support/api-client.ts';

let api: TestApi;
beforeAll(async () => {
  api = await TestApi.start({ clock: () => Date.parse('2026-12-02T10:00:00Z') });
});
afterAll(() => api.close());

const CANCELLED = MAX_READS_PER_PAGE + 2;

describe('a filtered listing reads a bounded number of times per page', () => {
  it('answers a short page with a cursor rather than reading the whole partition, and the cursors lead on to every match', async () => {
    // CANCELLED cancelled meetings first (earlier starts), then the one confirmed meeting.
    for (let day = 0; day < CANCELLED; day += 1) {
      const start = new Date(Date.parse('2027-01-04T09:00:00Z') + day * 86_400_000).toISOString();
      const booked = await api.post('/planning-meetings', { as: 'demo-owner', body: { status: 'confirmed', apprenticeId: 'apprentice-2', epaId: 'epa-2', start } });
      expect(booked.status).toBe(201);
      expect((await api.post(`/planning-meetings/${booked.body.id}/cancel`, { as: 'demo-owner' })).status).toBe(200);
    }
    const confirmed = await api.post('/planning-meetings', { as: 'demo-owner', body: { status: 'confirmed', apprenticeId: 'apprentice-2', epaId: 'epa-2', start: '2027-02-01T09:00:00Z' } });
    expect(confirmed.status).toBe(201);

    const pages: Array<{ items: Array<{ id: string }>; cursor: string | null }> = [];
    let cursor: string | null = null;
    do {
      const answer: ApiAnswer = await api.get(`/planning-meetings?apprenticeId=apprentice-2&status=confirmed&limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { as: 'demo-owner' });
      expect(answer.status).toBe(200);
      pages.push(answer.body);
      cursor = answer.body.cursor;
    } while (cursor && pages.length < 10);

    // Each read of a one-item page takes one meeting: the first page gives up after MAX_READS_PER_PAGE cancelled ones.
    expect(pages[0]).toEqual({ items: [], cursor: expect.any(String) });
    expect(pages.flatMap((page) => page.items.map((meeting) => meeting.id))).toEqual([confirmed.body.id]);
    expect(pages.at(-1)?.cursor ?? null).toBeNull();
  });
});
