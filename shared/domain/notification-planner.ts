import { DateTime, IANAZone } from 'luxon';
import type { PlanningMeetingEvent } from '#domain/planning-meeting-events.ts';
import { PLACEHOLDER_PATTERN, type CommunicationConfiguration, type TemplateValues } from './communication-configuration.ts';
import { graphemesOf, inGsm7, isGsm7, smsSizeOf } from './sms-encoding.ts';
import { apprenticeNameOf, locationText } from './attendees.ts';
import { DEFAULT_TIME_ZONE } from './directory.ts';
import type { NotificationChannel, NotificationType } from './notification-types.ts';
import type { Attendee, PlanningMeeting } from './planning-meeting.ts';
import type { CalendarIntent, CalendarMethod, CalendarStatus } from './notifications/definition.ts';
import { notificationCatalogue, notificationDefinition, type NotificationDefinitionOf } from './notifications/index.ts';

export type { CalendarIntent, CalendarMethod, CalendarStatus };

export interface PlannedNotification {
  notificationType: NotificationType;
  recipient: Attendee;
  /** Never empty: a recipient no configured channel can reach is left out. */
  channels: NotificationChannel[];
  /** The invite its email carries; null for an email without one (a reminder). */
  calendar: CalendarIntent | null;
}

interface Intent {
  definition: NotificationDefinitionOf;
  recipients: Attendee[];
}

/**
 * SPEC §5.1's table: what each change means for whom, before the customer's
 * configuration, as the catalogue's modules answer it. The meeting's status is the one
 * after the change, which is what the table's first column names. The modules answer
 * disjoint cases, so the first that answers is the only one.
 */
const intentOf = (event: PlanningMeetingEvent): Intent | null => {
  for (const definition of notificationCatalogue) {
    if (!(definition.events as readonly string[]).includes(event.type)) continue;
    const recipients = definition.recipients(event);
    if (recipients) return { definition, recipients };
  }
  return null;
};

/** The invite a type's email carries for the meeting, from its module. */
export const calendarFor = (notificationType: NotificationType, meeting: Pick<PlanningMeeting, 'status'>): CalendarIntent | null =>
  notificationDefinition(notificationType).calendar(meeting);

const reachable = (channel: NotificationChannel, recipient: Attendee): boolean => {
  switch (channel) {
    case 'email':
      return true;
    case 'sms':
      return recipient.phone !== undefined && recipient.phone !== '';
    case 'inApp':
      // In-app notifications live in a directory user's inbox; a guest has none.
      return recipient.kind === 'user';
  }
};

/**
 * Who is told what, on which channels, for one change event: SPEC §5.1 first, then the
 * communication configuration (§5.2) — a disabled type sends nothing, only the
 * configured attendee roles receive it, SMS needs a phone number and in-app a directory user.
 */
export const planNotifications = (event: PlanningMeetingEvent, configuration: CommunicationConfiguration): PlannedNotification[] => {
  const intent = intentOf(event);
  if (!intent) return [];
  const notificationType = intent.definition.id;
  const settings = configuration.types[notificationType];
  if (!settings.enabled) return [];
  const calendar = intent.definition.calendar(event.meeting);
  const seen = new Set<string>();
  return intent.recipients.flatMap((recipient) => {
    if (seen.has(recipient.id) || !settings.recipientRoles.includes(recipient.role)) return [];
    seen.add(recipient.id);
    const channels = settings.channels.filter((channel) => reachable(channel, recipient));
    return channels.length > 0 ? [{ notificationType, recipient, channels, calendar }] : [];
  });
};

/**
 * Fills `{{name}}` placeholders. A template line whose placeholders all came out empty
 * is left out, so "Reason: {{reason}}" disappears when nobody gave one; that is the
 * only conditional the templates need. Unknown placeholders stay as written (the
 * configuration refuses them on save).
 */
export const renderTemplate = (template: string, values: Partial<Record<string, string>>): string =>
  template
    .split('\n')
    .flatMap((line) => {
      const names = [...line.matchAll(PLACEHOLDER_PATTERN)].map((match) => match[1] ?? '');
      if (names.length > 0 && names.every((name) => values[name] === '')) return [];
      return [line.replace(PLACEHOLDER_PATTERN, (whole, name: string) => values[name] ?? whole)];
    })
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();

/**
 * The text message actually sent, counted as the carrier bills it (sms-encoding.ts): in
 * as many text messages as its template takes as written, which is one for every
 * default text, whatever the values.
 *
 * The template's own words decide the encoding. When they are GSM-7, the values are
 * written in GSM-7 too (quotes and dashes made plain, accents dropped, an emoji or another
 * script as "?"): one such character would turn the whole message into UCS-2, where a
 * text message holds 70 characters instead of 160, too few for a default text's own
 * words and date. Then a location or reason that can run to hundreds of characters is
 * shortened: every value is cut to the longest length that fits, the longest values
 * first, each cut one ending in "..." ("…" in UCS-2); the template's own words are never
 * cut. A value cut to its mark alone is always short enough, since every placeholder
 * takes more room in the template than that.
 */
export const renderSms = (template: string, values: Partial<Record<string, string>>): string => {
  const messages = smsSizeOf(template).segments;
  const gsm = isGsm7(template.replace(PLACEHOLDER_PATTERN, ''));
  const written = gsm ? Object.fromEntries(Object.entries(values).map(([name, value]) => [name, value === undefined ? value : inGsm7(value)])) : values;
  const fits = (text: string) => smsSizeOf(text).segments <= messages;
  const whole = renderTemplate(template, written);
  if (fits(whole)) return whole;
  const mark = gsm ? '...' : '…';
  const shortenedTo = (cap: number) =>
    Object.fromEntries(
      Object.entries(written).map(([name, value]) => {
        const characters = graphemesOf(value ?? '');
        return [name, characters.length > cap ? `${characters.slice(0, Math.max(0, cap - mark.length)).join('')}${mark}` : value];
      }),
    );
  // The longest cap that fits: the rendered length only grows with the cap.
  let fitting = mark.length;
  let tooLong = Math.max(...Object.values(written).map((value) => graphemesOf(value ?? '').length));
  while (tooLong - fitting > 1) {
    const cap = Math.floor((fitting + tooLong) / 2);
    if (fits(renderTemplate(template, shortenedTo(cap)))) fitting = cap;
    else tooLong = cap;
  }
  return renderTemplate(template, shortenedTo(fitting));
};

/** A directory user's own zone when they set one; everyone else (guests too) sees the organisation's. */
const zoneOf = (recipient: Attendee, organisationZone: string = DEFAULT_TIME_ZONE): string =>
  recipient.kind === 'user' && recipient.timeZone && IANAZone.isValidZone(recipient.timeZone) ? recipient.timeZone : organisationZone;

const local = (instant: string, zone: string): DateTime => DateTime.fromISO(instant, { zone }).setLocale('en-GB');
const DAY = 'cccc d LLLL yyyy';

// Luxon's ZZZZ builds a new Intl.DateTimeFormat each time (about 0.3 ms); one per zone
// is enough, and there are only so many zones. en-GB names the UK zones GMT/BST and
// central Europe's CET/CEST; elsewhere it writes the offset, which is never ambiguous.
const zoneNameFormats = new Map<string, Intl.DateTimeFormat>();
const zoneName = (at: DateTime): string => {
  const zone = at.zoneName ?? DEFAULT_TIME_ZONE;
  let format = zoneNameFormats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { timeZone: zone, timeZoneName: 'short' });
    zoneNameFormats.set(zone, format);
  }
  return format.formatToParts(at.toJSDate()).find((part) => part.type === 'timeZoneName')?.value ?? at.toFormat('ZZ');
};
const clock = (at: DateTime): string => `${at.toFormat('HH:mm')} ${zoneName(at)}`;
const dayAndClock = (at: DateTime): string => `${at.toFormat(DAY)}, ${clock(at)}`;

const nameOf = (meeting: PlanningMeeting, matches: (attendee: Attendee) => boolean): string => meeting.attendees.find(matches)?.name ?? '';

/**
 * The placeholder values for one recipient. Times are in the recipient's zone: a
 * directory user's own when they have one, else the organisation's (Europe/London unless configured).
 */
export const templateValues = (
  event: PlanningMeetingEvent,
  recipient: Attendee,
  extra: { standardName?: string | undefined; organisationTimeZone?: string | undefined; siteUrl?: string | undefined },
): TemplateValues => {
  const { meeting, change } = event;
  const zone = zoneOf(recipient, extra.organisationTimeZone);
  const start = local(meeting.start, zone);
  const end = local(meeting.end, zone);
  // The zone name once, unless the clocks change during the meeting.
  const time = `${start.offset === end.offset ? start.toFormat('HH:mm') : clock(start)} to ${clock(end)}`;
  const previousStart = change.previousStart !== undefined && change.previousStart !== meeting.start ? dayAndClock(local(change.previousStart, zone)) : '';
  return {
    recipientName: recipient.name,
    apprenticeName: apprenticeNameOf(meeting),
    epaName:
      nameOf(meeting, (attendee) => attendee.kind === 'user' && attendee.userId === meeting.epaId) || nameOf(meeting, (attendee) => attendee.role === 'epa'),
    standardName: extra.standardName ?? '',
    date: start.toFormat(DAY),
    time,
    start: dayAndClock(start),
    end: dayAndClock(end),
    previousStart,
    location: locationText(meeting),
    reason: (change.reason ?? meeting.reason ?? '').trim(),
    ...linksFor(recipient, meeting.id, extra.siteUrl),
  };
};

/** Links into the screens for someone who can sign in to them: a directory user, where the stack has screens. */
const linksFor = (recipient: Attendee, meetingId: string, siteUrl: string | undefined): Pick<TemplateValues, 'meetingLink' | 'bookingLink'> => {
  if (!siteUrl || recipient.kind !== 'user') return { meetingLink: '', bookingLink: '' };
  const site = siteUrl.replace(/\/+$/, '');
  return { meetingLink: `${site}/#/meeting/${encodeURIComponent(meetingId)}`, bookingLink: `${site}/#/book` };
};
