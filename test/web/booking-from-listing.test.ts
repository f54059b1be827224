import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityViolations, openBrowser, screenshot, signInAs, startService, type Screens, type Service } from './browser-support.ts';

/**
 * Booking as staff and providers do it (issues "EPA journey" and "Nobody types ids"):
 * from the planning meeting listing, by name, to the picker that names the stage its
 * window comes from. The service's clock and the page's start on Wednesday 6 January
 * 2027, 10:00 GMT, so the demo's gateway dates and the weeks shown are the same on any day.
 */
const NOW = '2027-01-06T10:00:00Z';

describe('booking from the planning meeting listing', () => {
  let service: Service;
  let screens: Screens;
  beforeAll(async () => {
    [service, screens] = await Promise.all([startService({ clockStart: NOW }), openBrowser('Europe/London', { now: NOW })]);
  }, 90_000);
  afterAll(async () => {
    await screens?.close();
    await service?.stop();
  });

  it('a provider finds Esme by name and sees where her window comes from, the notice and the times not yet bookable', async () => {
    const { page } = screens;
    await signInAs(page, service.url, 'demo-provider');
    await page.goto(`${service.url}/#/book`);
    await page.getByRole('heading', { name: 'Find the apprentice' }).waitFor();
    await page.getByLabel('Name').fill('esm');
    const esme = page.getByRole('listitem').filter({ hasText: 'Esme Apprentice' });
    await esme.waitFor();
    await expect.poll(() => page.getByRole('list', { name: 'Apprentices' }).getByRole('listitem').count()).toBe(1);
    await esme.getByText('Gateway submitted').waitFor();
    await screenshot(page, '20-listing-search');
    await esme.getByRole('button', { name: /Book/ }).click();

    await page.getByRole('heading', { name: 'Planning meeting for Esme Apprentice' }).waitFor();
    const sentence = page.locator('.window-sentence');
    await expect.poll(() => sentence.textContent(), { timeout: 10_000 }).toMatch(
      /^Their gateway was submitted on 4 January 2027\. Meetings can be booked from Wed, 20 Jan 2027, 00:00 GMT to Wed, 31 Mar 2027, 10:00 BST\.$/,
    );
    await page.getByRole('note', { name: 'From your end-point-assessment organisation' }).getByText(/portfolio of evidence/).waitFor();
    await page.getByText(/Training providers can book this apprentice’s planning meeting from Tue, 26 Jan 2027, 00:00 GMT/).waitFor();
    // The picker opens on the window's first week; its times are before the provider may book.
    await page.getByRole('heading', { name: /Week of Mon,? 18 Jan 2027/ }).waitFor();
    const slots = page.locator('button.slot');
    await slots.first().waitFor();
    expect(await slots.count()).toBeGreaterThan(0);
    expect(await page.locator('button.slot:not(:disabled)').count()).toBe(0);
    expect(await slots.first().getAttribute('aria-label')).toMatch(/before the EPA date booking period$/);
    expect(await page.getByRole('button', { name: '← Previous week' }).isDisabled()).toBe(true);
    await page.getByText('60 minutes').waitFor();
    await screenshot(page, '21-picker-stage-sentence');
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Next week →' }).click();
    await page.getByRole('heading', { name: /Week of Mon,? 25 Jan 2027/ }).waitFor();
    await expect.poll(() => page.locator('button.slot:not(:disabled)').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    const firstBookable = (await page.locator('button.slot:not(:disabled)').first().getAttribute('aria-label')) ?? '';
    expect(firstBookable).toMatch(/^(Tue|Wed|Thu|Fri), (26|27|28|29) Jan 2027/);

    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, '22-picker-stage-sentence-phone');
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('an owner finds an apprentice by name and books with the keyboard alone, told what happens next', async () => {
    const { page } = screens;
    await signInAs(page, service.url, 'demo-owner');
    await page.goto(`${service.url}/#/book`);
    const name = page.getByLabel('Name');
    await name.waitFor();
    await name.focus();
    await page.keyboard.type('ben');
    const ben = page.getByRole('listitem').filter({ hasText: 'Ben Apprentice' });
    await ben.waitFor();
    await expect.poll(() => page.getByRole('list', { name: 'Apprentices' }).getByRole('listitem').count()).toBe(1);
    // From the search field to Ben's button: the two filters, then the button.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.textContent')).toMatch(/^Book/);
    await page.keyboard.press('Enter');

    // The window's first week has Friday only (two working days from Wednesday): on to the next, by keyboard.
    await page.locator('button.slot:not(:disabled)').first().waitFor({ timeout: 10_000 });
    await page.getByRole('button', { name: 'Next week →' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: /Week of Mon,? 11 Jan 2027/ }).waitFor();
    // The new week's own first time, not the old week's still on screen while the new one loads.
    const first = page.getByRole('button', { name: /^Mon, 11 Jan 2027, 09:00/ });
    await first.waitFor({ timeout: 10_000 });
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.getAttribute("aria-label")')).toBe(await first.getAttribute('aria-label'));
    // Arrow keys move within the week: right to the next day with times, then back.
    const before = await first.getAttribute('aria-label');
    await page.keyboard.press('ArrowRight');
    const moved = (await page.evaluate('document.activeElement?.getAttribute("aria-label")')) as string;
    expect(moved).not.toBe(before);
    expect(moved.slice(0, 3)).not.toBe(before?.slice(0, 3));
    await page.keyboard.press('ArrowLeft');
    expect(await page.evaluate('document.activeElement?.getAttribute("aria-label")')).toBe(before);
    await page.keyboard.press('ArrowDown');
    const chosen = (await page.evaluate('document.activeElement?.getAttribute("aria-label")')) as string;
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate('document.activeElement?.getAttribute("aria-label")')).toBe('Your choice');
    await page.getByText('the apprentice and the assessor get an invitation by email').waitFor();
    expect(await page.getByText('you will get an invitation').count()).toBe(0);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');

    const booked = page.getByRole('region', { name: 'Booked provisionally' });
    await booked.waitFor({ timeout: 10_000 });
    await booked.getByText(chosen.replace(/, before the EPA date booking period$/, '')).waitFor();
    await booked.getByText(/The time is held for Ben Apprentice until/).waitFor();
    await screenshot(page, '23-booked-by-staff');
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('on a phone the picker shows every weekday in one column, with nothing to scroll sideways', async () => {
    const phone = await openBrowser('Europe/London', { now: NOW, viewport: { width: 390, height: 844 } });
    try {
      const { page } = phone;
      await signInAs(page, service.url, 'apprentice-1');
      await page.getByRole('heading', { name: 'Book your planning meeting' }).waitFor();
      await page.locator('button.slot').first().waitFor({ timeout: 10_000 });
      const days = page.locator('.slot-day h4');
      const headings = await days.allTextContents();
      for (const weekday of ['Mon', 'Tue', 'Wed', 'Thu', 'Fri']) expect(headings.some((heading) => heading.startsWith(weekday))).toBe(true);
      for (const box of await Promise.all((await days.all()).map((day) => day.boundingBox()))) {
        expect(box!.x).toBeGreaterThanOrEqual(0);
        expect(box!.x + box!.width).toBeLessThanOrEqual(390);
      }
      expect(await page.evaluate('document.scrollingElement.scrollWidth')).toBeLessThanOrEqual(390);
      await screenshot(page, '24-picker-phone');
      await page.locator('button.slot:not(:disabled)').nth(3).click();
      // The confirmation comes into view on the phone too.
      const confirm = page.getByRole('region', { name: 'Your choice' });
      await expect.poll(async () => {
        const box = await confirm.boundingBox();
        return box !== null && box.y >= 0 && box.y + 40 <= 844;
      }).toBe(true);
      await screenshot(page, '25-picker-phone-confirm');
    } finally {
      await phone.close();
    }
  });
});
