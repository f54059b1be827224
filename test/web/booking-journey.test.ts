import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityViolations, apiAs, openBrowser, screenshot, signInAs, startService, type Screens, type Service } from './browser-support.ts';

// The journey of a new user (README, "The screens"): sign in as apprentice-1, book a slot,
// sign in as demo-owner, approve it on the capacity board, see the invites in the outbox.
describe('the booking journey in the screens', () => {
  let service: Service;
  let screens: Screens;
  beforeAll(async () => {
    [service, screens] = await Promise.all([startService(), openBrowser()]);
  }, 90_000);
  afterAll(async () => {
    await screens?.close();
    await service?.stop();
  });

  it('lists the demo users on the sign-in page', async () => {
    const { page } = screens;
    await page.goto(`${service.url}/`);
    await expect.poll(() => page.getByRole('heading', { name: 'Sign in' }).isVisible()).toBe(true);
    await expect.poll(() => page.getByRole('button', { name: /Amira Apprentice/ }).isVisible()).toBe(true);
    // The keyboard's first stop skips the menu; Enter takes the focus to the screen itself.
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.textContent')).toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate('document.activeElement.id')).toBe('main');
    await screenshot(page, '01-sign-in');
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('an apprentice books a slot and sees it as their planning meeting', async () => {
    const { page } = screens;
    await signInAs(page, service.url, 'apprentice-1');
    await page.getByRole('heading', { name: 'Book your planning meeting' }).waitFor();
    const first = page.locator('button.slot').first();
    await first.waitFor();
    await expect.poll(() => page.getByText('the group “Planning Meeting Bookings”').isVisible()).toBe(true);
    await page.getByText(/Times in Europe\/London/).waitFor({ timeout: 10_000 });
    await screenshot(page, '02-book-slot-picker');
    expect(await accessibilityViolations(page)).toEqual([]);

    const chosen = (await first.getAttribute('aria-label')) ?? '';
    // Chosen and booked with the keyboard alone.
    await first.focus();
    await page.keyboard.press('Space');
    expect(await first.getAttribute('aria-pressed')).toBe('true');
    // The confirmation comes into view and takes the focus: Tab reaches the button at once.
    await expect.poll(() => page.evaluate('document.activeElement?.getAttribute("aria-label")')).toBe('Your choice');
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Book provisionally');
    await page.keyboard.press('Enter');
    const booked = page.getByRole('region', { name: 'Booked provisionally' });
    await booked.waitFor();
    await booked.getByText(chosen).waitFor({ timeout: 10_000 });
    await booked.getByText(/held for you until/).waitFor();
    expect(await booked.getByRole('link', { name: 'Google Calendar' }).getAttribute('href')).toMatch(/^https:\/\/calendar\.google\.com\/calendar\/render\?action=TEMPLATE&text=Provisional\+planning\+meeting/);
    expect(await booked.getByRole('link', { name: 'Outlook' }).getAttribute('href')).toMatch(/^https:\/\/outlook\.office\.com\//);
    await screenshot(page, '03-booked-what-next');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.reload();
    const mine = page.getByRole('region', { name: 'My planning meeting' });
    await mine.waitFor();
    await mine.getByText(chosen).waitFor({ timeout: 10_000 });
    await mine.getByText('provisional', { exact: true }).waitFor({ timeout: 10_000 });
    await mine.getByText('Amira Apprentice').waitFor({ timeout: 10_000 });
    const download = page.waitForEvent('download');
    await mine.getByRole('button', { name: 'Add to calendar (.ics)' }).click();
    expect((await download).suggestedFilename()).toMatch(/\.ics$/);
    await screenshot(page, '03-my-planning-meeting');
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('the owner approves it on the capacity board and the outbox shows the invites', async () => {
    const { page } = screens;
    await signInAs(page, service.url, 'demo-owner');
    await page.goto(`${service.url}/#/capacity`);
    const row = page.locator('tr[data-meeting]').filter({ hasText: 'Amira Apprentice' });
    await row.waitFor();
    await screenshot(page, '04-capacity-board');
    expect(await accessibilityViolations(page)).toEqual([]);
    await row.getByRole('button', { name: /^Approve/ }).click();
    await expect.poll(() => row.locator('td.result').textContent()).toBe('Approved');
    await row.getByText('confirmed', { exact: true }).waitFor({ timeout: 10_000 });

    await page.goto(`${service.url}/#/outbox`);
    const invites = page.locator('li.message').filter({ hasText: 'Meeting invite' });
    await expect.poll(() => invites.count(), { timeout: 20_000 }).toBe(3);
    expect(await page.locator('li.message').filter({ hasText: 'Provisional booking invite' }).count()).toBe(3);
    await invites.first().getByRole('heading', { name: /Planning meeting confirmed for/ }).waitFor({ timeout: 10_000 });
    await screenshot(page, '05-outbox');
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it("shows the times in the viewer's zone, named, wherever the viewer is", async () => {
    const context = await screens.browser.newContext({ timezoneId: 'Asia/Tokyo', locale: 'en-GB' });
    const page = await context.newPage();
    await signInAs(page, service.url, 'apprentice-2');
    const first = page.locator('button.slot').first();
    await first.waitFor();
    await page.getByText(/Times in Asia\/Tokyo \(GMT\+9\)/).waitFor({ timeout: 10_000 });
    const label = (await first.getAttribute('aria-label')) ?? '';
    // Two weeks from a week ahead: past the notice, and holding working days whatever today is.
    const day = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
    const slots = await (await apiAs(service.url, 'apprentice-2'))<{ slots: Array<{ start: string }> }>('GET', `/apprentices/apprentice-2/planning-meeting-slots?from=${day(7)}&to=${day(20)}`);
    const tokyo = (iso: string) => new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Tokyo', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
    // Every offered time reads as Tokyo time: a London morning is a Tokyo evening.
    expect(slots.slots.length).toBeGreaterThan(0);
    expect(label).toMatch(/GMT\+9$/);
    expect(tokyo(slots.slots[0]!.start)).toMatch(/^1[78]:00$/);
    await context.close();
  });
});
