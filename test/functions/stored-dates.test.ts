import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storedAvailabilityConfiguration } from '#domain/configuration.ts';
import { TestApi } from '../support/api-client.ts';

let api: TestApi;
beforeAll(async () => {
  api = await TestApi.start({ clock: () => Date.parse('2026-12-02T10:00:00Z') });
});
afterAll(() => api.close());

describe('a configuration saved when any year was accepted', () => {
  it('is read without the non-working dates now out of range, rather than failing every read', async () => {
    // Written as the API took it before dates were bounded to 2000–2100.
    await api.host.deps.records.put(
      'configuration',
      'availability',
      { minimumNotice: null, maximumAdvance: null, provisionalHoldHours: 72, nonWorkingDates: ['0050-01-01', '2027-01-01', '2150-12-25'], timeZone: 'Europe/London' },
      { by: 'before-bounds', now: Date.parse('2026-12-01T10:00:00Z') },
    );
    const configuration = await api.get('/configuration/availability', { as: 'demo-owner' });
    expect(configuration.status).toBe(200);
    expect(configuration.body.nonWorkingDates).toEqual(['2027-01-01']);
    const slots = await api.get('/apprentices/apprentice-1/planning-meeting-slots?from=2027-01-04&to=2027-01-08', { as: 'demo-owner' });
    expect(slots.status).toBe(200);
  });

  it('still refuses such dates when they are sent', async () => {
    const answer = await api.put('/configuration/availability', { as: 'demo-owner', body: { nonWorkingDates: ['2150-12-25'] } });
    expect(answer.status).toBe(400);
    expect(answer.body.errors.map((error: { path: string }) => error.path)).toEqual(['nonWorkingDates.0']);
  });

  it('keeps everything else of a stored record as parsing it would', () => {
    expect(storedAvailabilityConfiguration({ nonWorkingDates: ['2028-12-25', '2027-12-25', '2027-12-25'] }).nonWorkingDates).toEqual(['2027-12-25', '2028-12-25']);
    expect(storedAvailabilityConfiguration({ nonWorkingDates: ['9999-01-01'], provisionalHoldHours: 24 })).toMatchObject({ nonWorkingDates: [], provisionalHoldHours: 24 });
    expect(() => storedAvailabilityConfiguration({ provisionalHoldHours: 'soon' })).toThrow();
  });
});
