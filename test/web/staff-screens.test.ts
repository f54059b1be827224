import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityViolations, apiAs, openBrowser, screenshot, signInAs, startService, type Screens, type Service } from './browser-support.ts';

interface Slots {
  slots: Array<{ start: string }>;
  window: { earliest: string };
}
interface Meeting {
  id: string;
  version: number;
  attendees: Array<{ name: string; role: string }>;
}

const inDays = (days: number): string => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** The screens of staff and administrators, each doing its real task end to end (one service and browser for the file). */
describe('the staff and administrator screens', () => {
  let service: Service;
  let screens: Screens;
  beforeAll(async () => {
    [service, screens] = await Promise.all([startService(), openBrowser()]);
  }, 90_000);
  afterAll(async () => {
    await screens?.close();
    await service?.stop();
  });

  it("an administrator changes the minimum notice and the apprentice's picker changes", async () => {
    const { page } = screens;
    const windowShown = async (): Promise<string> => {
      await signInAs(page, service.url, 'apprentice-1');
      const shown = page.locator('p.window-sentence');
      await shown.waitFor();
      return (await shown.textContent()) ?? '';
    };
    const before = await windowShown();

    await signInAs(page, service.url, 'demo-owner');
    await page.goto(`${service.url}/#/configuration`);
    await page.getByRole('tab', { name: 'Availability', exact: true }).waitFor();
    const notice = page.getByRole('group', { name: 'Booking notice period' });
    await notice.getByLabel('Amount').fill('21');
    await notice.getByLabel('Unit').selectOption('days');
    await screenshot(page, '06-configuration-availability');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Save availability settings' }).click();
    await page.getByRole('status').getByText('Saved.').waitFor();

    const after = await windowShown();
    // What the screen should show: the window the API now answers, 21 days ahead (not recomputed here, so no clock or DST edge can differ).
    const today = new Date().toISOString().slice(0, 10);
    const answered = await (await apiAs(service.url, 'apprentice-1'))<Slots>('GET', `/apprentices/apprentice-1/planning-meeting-slots?from=${today}&to=${today}`);
    expect(Date.parse(answered.window.earliest) - Date.now()).toBeGreaterThan(20 * 86_400_000);
    const expected = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' }).format(new Date(answered.window.earliest));
    expect(after).not.toBe(before);
    expect(after).toContain(`Meetings can be booked from ${expected}`);
    // The picker moves on to the first week with bookable times, 21 days ahead: it loads week by week, so wait for it.
    await page.locator('button.slot').first().waitFor({ timeout: 20_000 });
    expect(await page.locator('button.slot').count()).toBeGreaterThan(0);
  });

  it('an SMS template is refused with a bad placeholder, then saved, and the next change’s SMS uses it', async () => {
    const { page } = screens;
    await signInAs(page, service.url, 'demo-owner');
    await page.goto(`${service.url}/#/configuration`);
    await page.getByRole('tab', { name: 'Notifications: Planning' }).click();
    await page.locator('summary').filter({ hasText: 'Meeting invite' }).click();
    const invite = page.getByRole('region', { name: 'Meeting invite' });
    await invite.getByRole('checkbox', { name: 'SMS' }).check();
    await invite.getByRole('checkbox', { name: 'In-app' }).check();
    const sms = invite.getByLabel('Meeting invite: SMS text');
    await sms.fill('Confirmed for {{apprentice}} on {{date}}');
    await invite.getByText('unknown placeholder {{apprentice}}').waitFor({ timeout: 10_000 });
    await sms.fill('Planning meeting confirmed for {{apprenticeName}}: {{date}}, {{time}}. See you there!');
    await screenshot(page, '07-configuration-planning-notifications');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Save planning notifications' }).click();
    await page.getByRole('status').getByText('Saved.').waitFor();

    // The next change: a direct booking for apprentice-1 (who has a phone number) sends meeting invites.
    const owner = await apiAs(service.url, 'demo-owner');
    await owner('POST', '/planning-meetings', { status: 'confirmed', apprenticeId: 'apprentice-1', epaId: 'epa-1', start: `${inDays(30)}T10:00:00Z`, location: 'Teams' });
    await page.goto(`${service.url}/#/outbox`);
    const text = page.locator('li.message-sms').filter({ hasText: 'See you there!' }).filter({ hasText: '+447700900201' });
    await expect.poll(() => text.count(), { timeout: 20_000 }).toBe(1);
    expect(await text.textContent()).toContain('Planning meeting confirmed for Amira Apprentice');
  });

  it('the meeting reminder is set on the Planning tab like every type, with its lead time in hours', async () => {
    const { page } = screens;
    await signInAs(page, service.url, 'demo-owner');
    await page.goto(`${service.url}/#/configuration`);
    await page.getByRole('tab', { name: 'Notifications: Planning' }).click();
    await page.locator('summary').filter({ hasText: 'Meeting reminder' }).click();
    const reminder = page.getByRole('region', { name: 'Meeting reminder' });
    const lead = reminder.getByLabel('Meeting reminder: hours before the start');
    expect(await lead.inputValue()).toBe('24');
    await lead.fill('200');
    await reminder.getByText('Whole hours from 0 to 168').waitFor({ timeout: 10_000 });
    await lead.fill('6');
    await reminder.getByRole('checkbox', { name: 'In-app' }).check();
    await page.getByRole('button', { name: 'Save planning notifications' }).click();
    await page.getByRole('status').getByText('Saved.').waitFor();

    const owner = await apiAs(service.url, 'demo-owner');
    const saved = await owner<{ reminderLeadHours: number; types: Record<string, { channels: string[] }> }>('GET', '/configuration/notifications');
    expect(saved.reminderLeadHours).toBe(6);
    expect(saved.types['meetingReminder']!.channels).toEqual(['email', 'inApp']);
    await owner('PUT', '/configuration/notifications', { types: { ...saved.types, meetingReminder: { ...saved.types['meetingReminder'], channels: ['email'] } }, reminderLeadHours: 24 });
  });

  it('staff add the workplace mentor, and a change made meanwhile by someone else is caught with the edits kept', async () => {
    const { page } = screens;
    await signInAs(page, service.url, 'demo-owner');
    await page.goto(`${service.url}/#/meetings`);
    // The meeting is 30 days ahead, past the coming four weeks the screen opens on: Amira's, by name, up to 40 days ahead.
    const filters = page.getByRole('form', { name: 'Filter planning meetings' });
    await filters.getByRole('combobox', { name: 'Apprentice' }).fill('ami');
    await filters.getByRole('option', { name: /^Amira Apprentice/ }).click();
    await filters.getByLabel('To', { exact: true }).fill(inDays(40));
    await filters.getByRole('button', { name: 'Filter' }).click();
    await page.getByRole('button', { name: /^Open Amira Apprentice/ }).click();
    await page.getByRole('button', { name: 'Add other attendees' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add other attendees' });
    await dialog.getByRole('button', { name: 'Workplace Mentor' }).waitFor();
    await screenshot(page, '08-add-other-attendees');
    expect(await accessibilityViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Workplace Mentor' }).click();
    await page.getByRole('status').getByText('Attendee added.').waitFor();
    await page.locator('.attendee-list').getByText('Wendy Mentor').waitFor({ timeout: 10_000 });
    await page.getByRole('button', { name: 'Remove Wendy Mentor' }).waitFor({ timeout: 10_000 });

    // Someone else changes the meeting; this screen still shows the version before.
    const owner = await apiAs(service.url, 'demo-owner');
    const [meeting] = (await owner<{ items: Meeting[] }>('GET', '/planning-meetings?apprenticeId=apprentice-1&status=confirmed')).items;
    await owner('PATCH', `/planning-meetings/${meeting!.id}`, { notes: 'Bring the portfolio' }, { 'if-match': `"${meeting!.version}"` });
    const change = page.getByRole('form', { name: 'Change the meeting' });
    await change.getByLabel('Location').fill('Room 4, Leeds office');
    await change.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('alert').getByText('Changed by someone else — reload.').waitFor();
    expect(await change.getByLabel('Location').inputValue()).toBe('Room 4, Leeds office');
    await page.getByRole('button', { name: 'Reload' }).click();
    expect(await change.getByLabel('Location').inputValue()).toBe('Room 4, Leeds office');
    await change.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('status').getByText('Saved.').waitFor();
    await screenshot(page, '09-manage-planning-meetings');
    expect(await accessibilityViolations(page)).toEqual([]);
    const saved = await owner<{ location: string; notes: string }>('GET', `/planning-meetings/${meeting!.id}`);
    expect(saved).toMatchObject({ location: 'Room 4, Leeds office', notes: 'Bring the portfolio' });
  });

  it('a capacity manager approves two bookings as a batch and sees each result on its row', async () => {
    const { page } = screens;
    for (const apprenticeId of ['apprentice-2', 'apprentice-3']) {
      const book = await apiAs(service.url, apprenticeId);
      const { slots } = await book<Slots>('GET', `/apprentices/${apprenticeId}/planning-meeting-slots?from=${inDays(22)}&to=${inDays(28)}`);
      await book('POST', '/planning-meetings', { status: 'provisional', apprenticeId, start: slots[0]!.start });
    }
    await signInAs(page, service.url, 'demo-owner');
    await page.goto(`${service.url}/#/capacity`);
    const form = page.locator('form.filters');
    // A problem the API names a field for is shown beside that field.
    await form.getByLabel('From').fill(inDays(30));
    await form.getByLabel('To').fill(inDays(21));
    await form.getByRole('button', { name: 'Show' }).click();
    await form.getByText('must not be before from').waitFor();
    expect(await form.getByLabel('To').getAttribute('aria-invalid')).toBe('true');
    await form.getByLabel('From').fill(inDays(21));
    await form.getByLabel('To').fill(inDays(30));
    await form.getByRole('button', { name: 'Show' }).click();
    const rows = ['Ben Apprentice', 'Chloe Apprentice'].map((name) => page.locator('tr[data-meeting]').filter({ hasText: name }));
    for (const row of rows) await row.getByRole('checkbox').check();
    await page.getByRole('button', { name: 'Approve selected' }).click();
    for (const row of rows) {
      await expect.poll(() => row.locator('td.result').textContent()).toBe('Approved');
      await row.getByText('confirmed', { exact: true }).waitFor({ timeout: 10_000 });
    }
    await screenshot(page, '10-capacity-batch-results');
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('the notifications screen lists in-app notifications with the unread count, and marks one read', async () => {
    const { page } = screens;
    // The meeting invites since in-app was switched on reached Ada (epa-1) in the app too.
    await signInAs(page, service.url, 'epa-1');
    await page.goto(`${service.url}/#/notifications`);
    const unread = page.locator('li.unread');
    await expect.poll(() => unread.count(), { timeout: 20_000 }).toBeGreaterThan(0);
    const before = await unread.count();
    await page.getByLabel(`${before} unread`).waitFor({ timeout: 10_000 });
    await screenshot(page, '11-notifications');
    expect(await accessibilityViolations(page)).toEqual([]);
    await unread.first().getByRole('button', { name: 'Mark as read' }).click();
    await expect.poll(() => unread.count()).toBe(before - 1);
    await page.getByLabel(`${before - 1} unread`).waitFor({ timeout: 10_000 });
  });

  it('every other configuration tab and the empty picker pass the accessibility check', async () => {
    const { page } = screens;
    await signInAs(page, service.url, 'demo-owner');
    await page.goto(`${service.url}/#/configuration`);
    // Standards and assessors open by name; the Groups tab opens on the system group.
    const open = async (label: string, typed: string, name: string) => {
      await page.getByRole('combobox', { name: label }).fill(typed);
      await page.getByRole('option', { name: new RegExp(`^${name}`) }).click();
    };
    for (const [tab, ready, choose] of [
      ['Standards', 'Save standard', () => open('Standard', 'software dev', 'Software developer')],
      ['Groups', 'Save group', undefined],
      ['EPA availability', 'Save availability', () => open('End-point assessor', 'grace', 'Grace Hopper')],
      ['Permissions', 'Save permissions', undefined],
    ] as const) {
      await page.getByRole('tab', { name: tab, exact: true }).click();
      await choose?.();
      await page.getByRole('button', { name: ready }).waitFor();
      await screenshot(page, `12-configuration-${tab.toLowerCase().replace(' ', '-')}`);
      expect(await accessibilityViolations(page), tab).toEqual([]);
    }
    // The standard's dropdown shows where ST0116 takes its times from.
    await page.getByRole('tab', { name: 'Standards', exact: true }).click();
    await open('Standard', 'software dev', 'Software developer');
    expect(await page.getByLabel('Source of availability').inputValue()).toBe('default');

    // Apprentice-4's standard takes its EPA, and it has none: the reason, in words, and what to do.
    await signInAs(page, service.url, 'apprentice-4');
    await page.getByText('No times to book.').waitFor();
    await page.getByText('No end-point assessor is assigned to this apprentice').waitFor({ timeout: 10_000 });
    await screenshot(page, '13-book-no-times');
    expect(await accessibilityViolations(page)).toEqual([]);
  });
});
