import { DateTime, IANAZone } from 'luxon';
import type { MeetingChange, PlanningMeetingEvent } from '#domain/planning-meeting-events.ts';
import { PLACEHOLDER_PATTERN, SMS_LENGTH, type CommunicationConfiguration, type TemplateValues } from './communication-configuration.ts';
import { apprenticeNameOf, locationText } from './attendees.ts';
import { DEFAULT_TIME_ZONE } from './directory.ts';
import type { NotificationChannel, NotificationType } from './notification-types.ts';
import { isActive, type Attendee, type MeetingStatus, type PlanningMeeting } from './planning-meeting.ts';

export type CalendarMethod = 'REQUEST' | 'CANCEL';
export type CalendarStatus = 'TENTATIVE' | 'CONFIRMED' | 'CANCELLED';
export interface CalendarIntent {
  method: CalendarMethod;
  status: CalendarStatus;
}

export interface PlannedNotification {
  notificationType: NotificationType;
  recipient: Attendee;
  /** Never empty: a recipient no configured channel can reach is left out. */
  channels: NotificationChannel[];
  calendar: CalendarIntent;
}

interface Intent {
  notificationType: NotificationType;
  recipients: Attendee[];
}

const inviteFor = (status: MeetingStatus): NotificationType => (status === 'provisional' ? 'provisionalBookingInvite' : 'meetingInvite');

const timeChanged = (change: MeetingChange, meeting: PlanningMeeting): boolean =>
  (change.fields ?? []).some((field) => field === 'start' || field === 'end') ||
  (change.previousStart !== undefined && change.previousStart !== meeting.start) ||
  (change.previousEnd !== undefined && change.previousEnd !== meeting.end);

/** A reassignment also emits AttendeeAdded for the new EPA, who gets an invite from it rather than an update they never had. */
const isNewEpa = (event: PlanningMeetingEvent) => (attendee: Attendee): boolean =>
  event.change.previousEpaId !== undefined &&
  event.change.previousEpaId !== event.meeting.epaId &&
  attendee.kind === 'user' &&
  attendee.userId === event.meeting.epaId;

/** The attendee an Added/Removed event names, as the meeting now holds them when it still does. */
const changedAttendee = (event: PlanningMeetingEvent): Attendee[] => {
  const named = event.change.attendee;
  if (!named) return [];
  return [event.meeting.attendees.find((attendee) => attendee.id === named.id) ?? named];
};

/**
 * SPEC §5.1's table: what each change means for whom, before the customer's
 * configuration. The meeting's status is the one after the change, which is what the
 * table's first column names (an approval turns a provisional meeting confirmed).
 */
const intentOf = (event: PlanningMeetingEvent): Intent | null => {
  const { meeting } = event;
  const everyone = meeting.attendees;
  switch (event.type) {
    case 'PlanningMeetingProvisionallyBooked':
      return { notificationType: 'provisionalBookingInvite', recipients: everyone };
    case 'PlanningMeetingBooked':
    case 'PlanningMeetingApproved':
      return { notificationType: 'meetingInvite', recipients: everyone };
    case 'PlanningMeetingUpdated':
    case 'PlanningMeetingRescheduled': {
      if (!isActive(meeting.status)) return null;
      // Named by what happened rather than by the event's name: a confirmed meeting
      // whose time moved is rescheduled even if a producer called it an update, and a
      // provisional one is only ever updated (the table's "time included").
      const rescheduled = meeting.status === 'confirmed' && (event.type === 'PlanningMeetingRescheduled' || timeChanged(event.change, meeting));
      return { notificationType: rescheduled ? 'meetingRescheduled' : 'meetingUpdated', recipients: everyone.filter((attendee) => !isNewEpa(event)(attendee)) };
    }
    case 'PlanningMeetingRejected':
      return { notificationType: 'meetingRejected', recipients: everyone };
    // Cancelling a provisional meeting is not a row of the table; it is told like a confirmed one's.
    case 'PlanningMeetingCancelled':
    case 'PlanningMeetingExpired':
      return { notificationType: 'meetingCancelled', recipients: everyone };
    case 'PlanningMeetingAttendeeAdded':
      return isActive(meeting.status) ? { notificationType: inviteFor(meeting.status), recipients: changedAttendee(event) } : null;
    case 'PlanningMeetingAttendeeRemoved':
      return { notificationType: 'meetingCancelled', recipients: changedAttendee(event) };
  }
};

const cancellations: ReadonlySet<NotificationType> = new Set(['meetingCancelled', 'meetingRejected']);

/**
 * REQUEST while the meeting stands (TENTATIVE until approved), CANCEL for whoever it is
 * over for. A removed attendee's CANCEL carries STATUS:CANCELLED too, as SPEC §5.3 says.
 */
export const calendarFor = (notificationType: NotificationType, meeting: Pick<PlanningMeeting, 'status'>): CalendarIntent =>
  cancellations.has(notificationType)
    ? { method: 'CANCEL', status: 'CANCELLED' }
    : { method: 'REQUEST', status: meeting.status === 'provisional' ? 'TENTATIVE' : 'CONFIRMED' };

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
  const settings = configuration.types[intent.notificationType];
  if (!settings.enabled) return [];
  const calendar = calendarFor(intent.notificationType, event.meeting);
  const seen = new Set<string>();
  return intent.recipients.flatMap((recipient) => {
    if (seen.has(recipient.id) || !settings.recipientRoles.includes(recipient.role)) return [];
    seen.add(recipient.id);
    const channels = settings.channels.filter((channel) => reachable(channel, recipient));
    return channels.length > 0 ? [{ notificationType: intent.notificationType, recipient, channels, calendar }] : [];
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
 * The text message actually sent: at most one text message (160 characters), or as long
 * as its template where a customer wrote a longer one, since that length was their choice.
 * A location or reason can run to hundreds of characters, so the values too long for
 * that are shortened, the longest first, each ending in "…"; the template's own words
 * are never cut. A value of one character ("…") is always short enough, since every
 * placeholder takes more room in the template than that.
 */
export const renderSms = (template: string, values: Partial<Record<string, string>>): string => {
  const limit = Math.max(SMS_LENGTH, template.length);
  const whole = renderTemplate(template, values);
  if (whole.length <= limit) return whole;
  const shortenedTo = (cap: number) =>
    Object.fromEntries(
      Object.entries(values).map(([name, value]) => {
        const characters = Array.from(value ?? '');
        return [name, characters.length > cap ? `${characters.slice(0, cap - 1).join('')}…` : value];
      }),
    );
  // The longest cap that fits: the rendered length only grows with the cap.
  let fits = 1;
  let tooLong = Math.max(...Object.values(values).map((value) => Array.from(value ?? '').length));
  while (tooLong - fits > 1) {
    const cap = Math.floor((fits + tooLong) / 2);
    if (renderTemplate(template, shortenedTo(cap)).length <= limit) fits = cap;
    else tooLong = cap;
  }
  return renderTemplate(template, shortenedTo(fits));
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
  extra: { standardName?: string | undefined; organisationTimeZone?: string | undefined },
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
  };
};
