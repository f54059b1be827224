import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityViolations, apiAs, openBrowser, screenshot, signInAs, startService, type Screens, type Service } from './browser-support.ts';

/** The apprentice record screen (ManageDirectory): found by name, the gateway stage and dates edited, the EPA shown by name. */
const NOW = '2027-01-06T10:00:00Z';

describe('the apprentice record screen', () => {
  let service: Service;
  let screens: Screens;
  beforeAll(async () => {
    [service, screens] = await Promise.all([startService({ clockStart: NOW }), openBrowser('Europe/London', { now: NOW })]);
  }, 90_000);
  afterAll(async () => {
    await screens?.close();
    await service?.stop();
  });

  it('an owner moves Finn’s gateway to submitted, with its date, and the booking window follows', async () => {
    const { page } = screens;
    await signInAs(page, service.url, 'demo-owner');
    await page.goto(`${service.url}/#/apprentices`);
    await page.getByLabel('Name').fill('finn');
    const finn = page.getByRole('listitem').filter({ hasText: 'Finn Apprentice' });
    await finn.getByRole('button', { name: /Edit record/ }).click();

    const form = page.getByRole('form', { name: 'The record of Finn Apprentice' });
    await form.waitFor();
    // People and the standard by name, never by id.
    await expect.poll(() => form.getByLabel('End-point assessor').inputValue()).toBe('Alan Turing');
    expect(await form.getByLabel('Standard').inputValue()).toBe('Software developer');
    expect(await form.getByLabel('Gateway stage').inputValue()).toBe('notSubmitted');
    await screenshot(page, '30-apprentice-record');
    expect(await accessibilityViolations(page)).toEqual([]);

    await form.getByLabel('Gateway stage').selectOption('submitted');
    await form.getByText('The booking window counts from the gateway submitted date, plus the processing period.').waitFor();
    await form.getByLabel('Gateway submitted on').fill('2027-01-05');
    await form.getByRole('button', { name: 'Save the record' }).click();
    await form.getByRole('status').getByText('Saved.').waitFor();

    const api = await apiAs(service.url, 'demo-owner');
    const record = await api<{ gateway: { status: string; submittedDate: string | null; estimatedEpaDate: string | null } }>('GET', '/apprentices/apprentice-6');
    expect(record.gateway).toMatchObject({ status: 'submitted', submittedDate: '2027-01-05', estimatedEpaDate: '2027-02-10' });
    const slots = await api<{ window: { gatewayStatus: string; anchorDate: string; earliest: string } }>(
      'GET',
      '/apprentices/apprentice-6/planning-meeting-slots?from=2027-01-18&to=2027-01-22',
    );
    // Submitted on Tuesday 5 January: 10 working days end on Tuesday 19, 2 more on Thursday 21.
    expect(slots.window).toMatchObject({ gatewayStatus: 'submitted', anchorDate: '2027-01-05', earliest: '2027-01-21T00:00:00Z' });

    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, '31-apprentice-record-phone');
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('the assessor picker offers end-point assessors only, by name and role', async () => {
    const { page } = screens;
    const form = page.getByRole('form', { name: 'The record of Finn Apprentice' });
    const field = form.getByLabel('End-point assessor');
    await field.fill('a');
    const options = page.getByRole('listbox', { name: 'End-point assessor: matches' }).getByRole('option');
    await expect.poll(() => options.count()).toBeGreaterThan(0);
    const offered = await options.allTextContents();
    expect(offered.every((option) => option.includes('End-point assessor')), offered.join(' | ')).toBe(true);
    expect(offered.some((option) => option.startsWith('Ada Lovelace'))).toBe(true);
    expect(offered.some((option) => option.includes('Apprentice'))).toBe(false);
  });
});
