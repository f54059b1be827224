import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { accessibilityViolations, apiAs, openBrowser, SCREENSHOTS, screenshot, signInAs, startService, type Screens, type Service } from './browser-support.ts';

interface Meeting {
  id: string;
  version: number;
  start: string;
  end: string;
  epaId: string;
  status: string;
  reason?: string | null;
  attendees: Array<{ name: string; role: string; userId?: string }>;
}
interface Slots {
  slots: Array<{ start: string }>;
}

/**
 * The service's clock and the page's start on Wednesday 6 January 2027, 10:00 GMT: the
 * meetings below fall on the same weekdays, in the same zone offset, on any day the test runs.
 */
const NOW = '2027-01-06T10:00:00Z';
const DAY = 86_400_000;
const inDays = (days: number): string => new Date(Date.parse(NOW) + days * DAY).toISOString().slice(0, 10);
/** "09:00–10:00" as a viewer in `zone` reads a meeting (what the screens write before the zone's name). */
const clockSpan = (meeting: Pick<Meeting, 'start' | 'end'>, zone: string): string => {
  const clock = (iso: string) => new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
  return `${clock(meeting.start)}–${clock(meeting.end)}`;
};
/** "Tue 15 Dec 2026": the day the screens write before a time. */
const dayInLondon = (iso: string): string =>
  new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' }).format(new Date(iso));
/** A datetime-local value a day later (naive, as the input holds it). */
const dayLater = (value: string): string => new Date(Date.parse(`${value}:00Z`) + DAY).toISOString().slice(0, 16);

/** Types into a picker and chooses the option whose name starts with `name`; the field then shows the name. */
const pick = async (scope: Page | Locator, label: string, typed: string, name: string): Promise<void> => {
  const box = scope.getByRole('combobox', { name: label });
  await box.fill(typed);
  await scope.getByRole('option', { name: new RegExp(`^${name}`) }).click();
  await expect.poll(() => box.inputValue()).toBe(name);
};

/**
 * The same screen at a laptop's and a phone's size, for a person to look at. A dialog is
 * taken as the screen shows it (the viewport): a whole-page picture leaves it mid-page.
 */
const screenshots = async (page: Page, name: string, { dialog = false } = {}): Promise<void> => {
  for (const [width, height] of [
    [1280, 800],
    [390, 844],
  ] as const) {
    await page.setViewportSize({ width, height });
    if (dialog) {
      mkdirSync(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: join(SCREENSHOTS, `${name}-${width}.png`) });
    } else await screenshot(page, `${name}-${width}`);
  }
  await page.setViewportSize({ width: 1280, height: 800 });
};

/**
 * Staff work by name (issue 18): nobody types an id, every person is shown by name,
 * Manage planning meetings opens on the coming weeks, and cancel and reject ask first.
 */
describe('the staff screens by name', () => {
  let service: Service;
  let screens: Screens;
  let owner: Awaited<ReturnType<typeof apiAs>>;
  const meetings: Record<'amira' | 'chloe' | 'ben' | 'esme' | 'finn', Meeting> = {} as never;

  beforeAll(async () => {
    [service, screens] = await Promise.all([startService({ clockStart: NOW }), openBrowser('Europe/London', { now: NOW })]);
    owner = await apiAs(service.url, 'demo-owner');
    const direct = (apprenticeId: string, epaId: string, days: number, time: string) =>
      owner<Meeting>('POST', '/planning-meetings', { status: 'confirmed', apprenticeId, epaId, start: `${inDays(days)}T${time}:00Z`, location: 'Teams' });
    meetings.amira = await direct('apprentice-1', 'epa-1', 8, '09:00');
    meetings.chloe = await direct('apprentice-3', 'epa-2', 12, '13:00');
    // Beyond the coming four weeks, and cancelled: neither is listed when the screen opens.
    meetings.esme = await direct('apprentice-5', 'epa-2', 45, '10:00');
    meetings.finn = await direct('apprentice-6', 'epa-3', 9, '11:00');
    meetings.finn = await owner<Meeting>('POST', `/planning-meetings/${meetings.finn.id}/cancel`, {}, { 'if-match': `"${meetings.finn.version}"` });
    // Ben books himself, provisionally: his history says so by his name.
    const ben = await apiAs(service.url, 'apprentice-2');
    const { slots } = await ben<Slots>('GET', `/apprentices/apprentice-2/planning-meeting-slots?from=${inDays(14)}&to=${inDays(20)}`);
    meetings.ben = await ben<Meeting>('POST', '/planning-meetings', { status: 'provisional', apprenticeId: 'apprentice-2', start: slots[0]!.start });
  }, 120_000);
  afterAll(async () => {
    await screens?.close();
    await service?.stop();
  });

  const rowOf = (page: Page, apprentice: string) => page.locator('table.meetings tbody tr').filter({ hasText: apprentice });

  it('a manager opens Manage planning meetings on the coming weeks’ meetings, by name, without an error', async () => {
    const { page } = screens;
    await signInAs(page, service.url, 'demo-owner');
    await page.goto(`${service.url}/#/meetings`);
    await page.getByRole('heading', { name: /^Provisional and confirmed meetings from/ }).waitFor();
    await rowOf(page, 'Amira Apprentice').waitFor({ timeout: 10_000 });
    expect(await page.getByRole('alert').count()).toBe(0);
    expect(await page.locator('.field.invalid').count()).toBe(0);

    const rows = page.locator('table.meetings tbody tr');
    expect(await rows.count()).toBe(3);
    const amira = rowOf(page, 'Amira Apprentice');
    expect(await amira.textContent()).toContain('Ada Lovelace');
    expect(await amira.textContent()).toContain(clockSpan(meetings.amira, 'Europe/London'));
    expect(await rowOf(page, 'Chloe Apprentice').textContent()).toContain('Grace Hopper');
    const benEpa = (await owner<{ name: string }>('GET', `/users/${meetings.ben.epaId}`)).name;
    expect(await rowOf(page, 'Ben Apprentice').textContent()).toContain(benEpa);
    expect(await rowOf(page, 'Ben Apprentice').getByText('provisional', { exact: true }).count()).toBe(1);
    // Esme's meeting is seven weeks away and Finn's is cancelled.
    expect(await rowOf(page, 'Esme Apprentice').count()).toBe(0);
    expect(await rowOf(page, 'Finn Apprentice').count()).toBe(0);
    // Names, never ids.
    expect(await page.locator('main').textContent()).not.toMatch(/apprentice-\d|epa-\d|demo-owner/);
    await screenshots(page, '20-manage-planning-meetings');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.locator('summary').filter({ hasText: 'Book directly' }).click();
    await page.getByRole('form', { name: 'Book directly' }).getByRole('combobox', { name: 'Apprentice' }).waitFor();
    await screenshots(page, '20-manage-book-directly');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.locator('summary').filter({ hasText: 'Book directly' }).click();

    // Every status, filtered by the apprentice's name: Finn's cancelled meeting.
    const filters = page.getByRole('form', { name: 'Filter planning meetings' });
    await pick(filters, 'Apprentice', 'fin', 'Finn Apprentice');
    await filters.getByLabel('Status').selectOption('any');
    await filters.getByRole('button', { name: 'Filter' }).click();
    await page.getByRole('heading', { name: /^Meetings of every status of Finn Apprentice/ }).waitFor();
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rowOf(page, 'Finn Apprentice').getByText('cancelled', { exact: true }).count()).toBe(1);

    // An EPA manages the meetings it attends: Ada sees Amira's, not Chloe's (Grace's), and has no assessor filter.
    await signInAs(page, service.url, 'epa-1');
    await page.goto(`${service.url}/#/meetings`);
    await rowOf(page, 'Amira Apprentice').waitFor({ timeout: 10_000 });
    expect(await page.getByRole('alert').count()).toBe(0);
    expect(await rowOf(page, 'Chloe Apprentice').count()).toBe(0);
    expect(await filters.getByRole('combobox', { name: 'End-point assessor' }).count()).toBe(0);

    // Someone in Tokyo reads the same meeting in Tokyo's time.
    const tokyo = await screens.browser.newContext({ timezoneId: 'Asia/Tokyo', locale: 'en-GB', viewport: { width: 1280, height: 800 } });
    try {
      const far = await tokyo.newPage();
      await far.clock.install({ time: new Date(NOW) });
      await signInAs(far, service.url, 'demo-owner');
      await far.goto(`${service.url}/#/meetings`);
      const row = rowOf(far, 'Amira Apprentice');
      await row.waitFor({ timeout: 10_000 });
      expect(await row.textContent()).toContain(clockSpan(meetings.amira, 'Asia/Tokyo'));
      expect(clockSpan(meetings.amira, 'Asia/Tokyo')).not.toBe(clockSpan(meetings.amira, 'Europe/London'));
    } finally {
      await tokyo.close();
    }
  });

  it('in the editor, moving the start moves the end, the EPA is picked by typing “Gra”, and the history says so in names', async () => {
    const { page } = screens;
    await signInAs(page, service.url, 'demo-owner');
    await page.goto(`${service.url}/#/meetings`);
    await rowOf(page, 'Amira Apprentice').getByRole('button', { name: /^Open Amira Apprentice/ }).click();
    const editor = page.getByRole('region', { name: /^Amira Apprentice/ });
    await editor.waitFor();
    const change = editor.getByRole('form', { name: 'Change the meeting' });
    expect(await change.getByRole('combobox', { name: 'End-point assessor' }).inputValue()).toBe('Ada Lovelace');

    const start = change.getByLabel('Start', { exact: true });
    const end = change.getByLabel('End', { exact: true });
    const [startBefore, endBefore] = [await start.inputValue(), await end.inputValue()];
    await start.fill(dayLater(startBefore));
    // The end followed, keeping the hour.
    expect(await end.inputValue()).toBe(dayLater(endBefore));

    await pick(change, 'End-point assessor', 'Gra', 'Grace Hopper');
    await screenshots(page, '21-meeting-editor');
    expect(await accessibilityViolations(page)).toEqual([]);
    await change.getByRole('button', { name: 'Save changes' }).click();
    await editor.getByRole('status').getByText('Saved.').waitFor();

    const saved = await owner<Meeting>('GET', `/planning-meetings/${meetings.amira.id}`);
    expect(saved.epaId).toBe('epa-2');
    expect(Date.parse(saved.start) - Date.parse(meetings.amira.start)).toBe(DAY);
    expect(Date.parse(saved.end) - Date.parse(saved.start)).toBe(Date.parse(meetings.amira.end) - Date.parse(meetings.amira.start));
    await expect.poll(() => rowOf(page, 'Amira Apprentice').textContent()).toContain('Grace Hopper');

    await editor.locator('summary').filter({ hasText: 'History' }).click();
    const history = editor.locator('ol.history');
    await history.getByText('End-point assessor changed from Ada Lovelace to Grace Hopper by Olivia Owner').waitFor({ timeout: 10_000 });
    const moved = (await history.locator('li').filter({ hasText: /^Moved from/ }).textContent()) ?? '';
    expect(moved).toContain(`from ${dayInLondon(meetings.amira.start)}, ${clockSpan(meetings.amira, 'Europe/London')}`);
    expect(moved).toContain(`to ${dayInLondon(saved.start)}, ${clockSpan(saved, 'Europe/London')}`);
    expect(moved).toContain('by Olivia Owner');
    expect(await history.textContent()).toContain('Booked and confirmed for');
    expect(await history.textContent()).not.toMatch(/epa-\d|demo-owner|apprentice-\d/);
  });

  it('Add Other Attendees: the shortcuts say why they are off when the record has no one, and a directory user is picked by name', async () => {
    const { page } = screens;
    await signInAs(page, service.url, 'demo-owner');
    await page.goto(`${service.url}/#/meetings`);
    await rowOf(page, 'Chloe Apprentice').getByRole('button', { name: /^Open Chloe Apprentice/ }).click();
    const editor = page.getByRole('region', { name: /^Chloe Apprentice/ });
    await editor.getByRole('button', { name: 'Add other attendees' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add other attendees' });
    await dialog.getByText('Chloe Apprentice’s record names no workplace mentor.').waitFor({ timeout: 10_000 });
    expect(await dialog.getByRole('button', { name: /^Workplace Mentor/ }).isDisabled()).toBe(true);
    expect(await dialog.getByRole('button', { name: /^On Programme Assessor/ }).isDisabled()).toBe(true);
    await dialog.getByText('Chloe Apprentice’s record names no on-programme assessor.').waitFor();
    // The guest's role offers what a guest may be, in words.
    expect(await dialog.getByLabel('Attends as').locator('option').allTextContents()).toEqual(['Other', 'Workplace mentor', 'On-programme assessor']);
    await pick(dialog, 'Directory user', 'Pri', 'Priya Provider');
    await screenshots(page, '22-add-other-attendees', { dialog: true });
    expect(await accessibilityViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Add user' }).click();
    await editor.getByRole('status').getByText('Attendee added.').waitFor();
    await editor.locator('.attendee-list').getByText('Priya Provider').waitFor();
    const withPriya = await owner<Meeting>('GET', `/planning-meetings/${meetings.chloe.id}`);
    expect(withPriya.attendees.map((attendee) => attendee.userId)).toContain('demo-provider');

    // Amira's record names her mentor: the shortcut is on, with the mentor's name.
    await rowOf(page, 'Amira Apprentice').getByRole('button', { name: /^Open Amira Apprentice/ }).click();
    await page.getByRole('region', { name: /^Amira Apprentice/ }).getByRole('button', { name: 'Add other attendees' }).click();
    await expect.poll(() => dialog.getByRole('button', { name: 'Workplace Mentor: Wendy Mentor' }).isEnabled(), { timeout: 10_000 }).toBe(true);
    await dialog.getByRole('button', { name: 'Close' }).click();
  });

  it('cancel asks first; going back changes nothing, confirming cancels with the reason', async () => {
    const { page } = screens;
    await signInAs(page, service.url, 'demo-owner');
    await page.goto(`${service.url}/#/meetings`);
    await rowOf(page, 'Chloe Apprentice').getByRole('button', { name: /^Open Chloe Apprentice/ }).click();
    const editor = page.getByRole('region', { name: /^Chloe Apprentice/ });
    await editor.getByRole('button', { name: 'Cancel meeting…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Cancel this planning meeting?' });
    await dialog.getByRole('button', { name: 'Go back' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect((await owner<Meeting>('GET', `/planning-meetings/${meetings.chloe.id}`)).status).toBe('confirmed');

    await editor.getByRole('button', { name: 'Cancel meeting…' }).click();
    await dialog.getByLabel('Reason for cancelling (optional)').fill('Chloe has moved to another provider');
    await dialog.getByRole('button', { name: 'Cancel the meeting' }).click();
    await editor.getByRole('status').getByText('Cancelled: the attendees are told.').waitFor();
    const cancelled = await owner<Meeting>('GET', `/planning-meetings/${meetings.chloe.id}`);
    expect(cancelled).toMatchObject({ status: 'cancelled', reason: 'Chloe has moved to another provider' });
  });

  it('a manager rejects a provisional booking with a reason after confirming; the email carries it and the history names who', async () => {
    const { page } = screens;
    await signInAs(page, service.url, 'demo-owner');
    await page.goto(`${service.url}/#/meetings`);
    await rowOf(page, 'Ben Apprentice').getByRole('button', { name: /^Open Ben Apprentice/ }).click();
    const editor = page.getByRole('region', { name: /^Ben Apprentice/ });
    await editor.getByRole('button', { name: 'Reject…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Reject this provisional booking?' });
    await dialog.waitFor();
    // Without a reason nothing is sent.
    await dialog.getByRole('button', { name: 'Reject the booking' }).click();
    await dialog.getByText('Say why, in a few words').waitFor();
    expect((await owner<Meeting>('GET', `/planning-meetings/${meetings.ben.id}`)).status).toBe('provisional');
    const reason = 'The assessor is on leave that week; please book the week after';
    await dialog.getByLabel('Reason for rejecting').fill(reason);
    await screenshots(page, '23-reject-dialog', { dialog: true });
    expect(await accessibilityViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Reject the booking' }).click();
    await editor.getByRole('status').getByText('Rejected: the attendees are told why.').waitFor();
    expect(await owner<Meeting>('GET', `/planning-meetings/${meetings.ben.id}`)).toMatchObject({ status: 'rejected', reason });

    const outbox = (await (await fetch(`${service.url}/local/outbox`)).json()) as { messages: Array<{ channel: string; notificationType: string; meetingId: string; text: string }> };
    const rejected = outbox.messages.filter((message) => message.channel === 'email' && message.notificationType === 'meetingRejected' && message.meetingId === meetings.ben.id);
    expect(rejected.length).toBeGreaterThan(0);
    for (const email of rejected) expect(email.text).toContain(reason);

    await editor.locator('summary').filter({ hasText: 'History' }).click();
    const history = editor.locator('ol.history');
    await history.getByText(/^Booked provisionally for .* by Ben Apprentice$/).waitFor({ timeout: 10_000 });
    await history.getByText('Rejected by Olivia Owner').waitFor();
    await history.getByText(`Reason: “${reason}”`).waitFor();
    expect(await history.textContent()).not.toMatch(/apprentice-\d|demo-owner|epa-\d/);
    await history.scrollIntoViewIfNeeded();
    await screenshots(page, '23-history-in-names');
  });

  it('the capacity board names each EPA, rejects a booking with a reason after asking, and its EPA filter is a picker', async () => {
    const { page } = screens;
    // Ben books again, his first booking having been rejected.
    const ben = await apiAs(service.url, 'apprentice-2');
    const { slots } = await ben<Slots>('GET', `/apprentices/apprentice-2/planning-meeting-slots?from=${inDays(14)}&to=${inDays(20)}`);
    const again = await ben<Meeting>('POST', '/planning-meetings', { status: 'provisional', apprenticeId: 'apprentice-2', start: slots[0]!.start });

    await signInAs(page, service.url, 'demo-owner');
    await page.goto(`${service.url}/#/capacity`);
    const board = page.getByRole('region', { name: 'Capacity board' });
    await board.getByRole('rowheader', { name: 'Ada Lovelace' }).waitFor({ timeout: 10_000 });
    await expect.poll(() => board.getByRole('rowheader').allTextContents()).toEqual(['Ada Lovelace', 'Alan Turing', 'Grace Hopper']);
    const row = page.locator('tr[data-meeting]').filter({ hasText: 'Ben Apprentice' });
    await row.waitFor();
    expect(await page.locator('main').textContent()).not.toMatch(/epa-\d|apprentice-\d/);
    await screenshots(page, '24-capacity');
    expect(await accessibilityViolations(page)).toEqual([]);

    await row.getByRole('button', { name: /^Reject Ben Apprentice/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Reject this provisional booking?' });
    await dialog.getByLabel('Reason for rejecting').fill('No assessor is free that week');
    await dialog.getByRole('button', { name: 'Reject the booking' }).click();
    await expect.poll(() => row.locator('td.result').textContent()).toBe('Rejected');
    expect(await owner<Meeting>('GET', `/planning-meetings/${again.id}`)).toMatchObject({ status: 'rejected', reason: 'No assessor is free that week' });

    const filters = page.getByRole('form', { name: 'Show capacity' });
    expect(await filters.getByRole('combobox', { name: 'Group' }).inputValue()).toBe('Planning Meeting Bookings');
    await pick(filters, 'End-point assessor', 'Gra', 'Grace Hopper');
    await filters.getByRole('button', { name: 'Show' }).click();
    await expect.poll(() => board.getByRole('rowheader').allTextContents()).toEqual(['Grace Hopper']);
  });

  it('configuration opens standards, groups and assessors by name, and a new standard takes a short code once', async () => {
    const { page } = screens;
    await signInAs(page, service.url, 'demo-owner');
    await page.goto(`${service.url}/#/configuration`);

    await page.getByRole('tab', { name: 'Standards', exact: true }).click();
    await pick(page, 'Standard', 'soft', 'Software developer');
    expect(await page.getByLabel('Source of availability').inputValue()).toBe('default');
    expect(await page.getByLabel('Meeting duration (minutes)').inputValue()).toBe('60');

    // A new standard: its short code, explained; a code in use is refused, not overwritten.
    await page.getByRole('button', { name: 'New standard' }).click();
    const fresh = page.getByRole('form', { name: 'New standard' });
    await fresh.getByLabel('Short code').fill('ST0116');
    await fresh.getByLabel('Name', { exact: true }).fill('Data analyst');
    await fresh.getByRole('button', { name: 'Create standard' }).click();
    await fresh.getByText('ST0116 is already the short code of a standard').waitFor();
    expect(await fresh.getByLabel('Short code').getAttribute('aria-invalid')).toBe('true');
    expect((await owner<{ name: string }>('GET', '/standards/ST0116')).name).toBe('Software developer');
    await fresh.getByLabel('Short code').fill('ST0118');
    await fresh.getByLabel('Source of availability').selectOption('group');
    await pick(fresh, 'Group', 'plan', 'Planning Meeting Bookings');
    await screenshots(page, '25-configuration-new-standard');
    expect(await accessibilityViolations(page)).toEqual([]);
    await fresh.getByRole('button', { name: 'Create standard' }).click();
    await page.getByRole('status').getByText('Saved.').waitFor();
    expect(await owner('GET', '/standards/ST0118')).toMatchObject({ name: 'Data analyst', availabilitySource: { type: 'group', groupId: 'planning-meeting-bookings' } });

    await page.getByRole('tab', { name: 'Groups', exact: true }).click();
    const members = page.getByRole('list', { name: 'Members' });
    await members.getByText('Grace Hopper').waitFor({ timeout: 10_000 });
    expect((await members.locator('li').allTextContents()).map((text) => text.replace('✕', '').trim())).toEqual(['Ada Lovelace', 'Grace Hopper', 'Alan Turing']);
    await screenshots(page, '26-configuration-groups');
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.getByRole('tab', { name: 'EPA availability', exact: true }).click();
    await pick(page, 'End-point assessor', 'ada', 'Ada Lovelace');
    expect(await page.getByLabel('Monday').inputValue()).toBe('09:00-12:30, 13:30-17:00');
    expect(await page.getByLabel('Wednesday').inputValue()).toBe('09:00-12:30, 13:30-17:00');
    await screenshots(page, '27-configuration-epa-availability');
    expect(await accessibilityViolations(page)).toEqual([]);
  });
});
