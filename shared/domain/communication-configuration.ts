import * as z from 'zod';
import { AttendeeRole, attendeeRoles } from './planning-meeting.ts';
import { NotificationChannel, type NotificationType } from './notification-types.ts';
import { readOnlyFields } from './read-only-fields.ts';
import { smsTemplateProblem } from './sms-encoding.ts';

/**
 * The named values a subject or body template may use, as `{{name}}`. Times are
 * formatted in the recipient's time zone, e.g. `start` = "Monday 4 January 2027, 09:00 GMT".
 */
export const templatePlaceholders = [
  'recipientName',
  'apprenticeName',
  'epaName',
  'standardName',
  /** "Monday 4 January 2027" */
  'date',
  /** "09:00 to 10:00 GMT" */
  'time',
  /** "Monday 4 January 2027, 09:00 GMT" */
  'start',
  'end',
  /** Where a rescheduled meeting was before; empty otherwise. */
  'previousStart',
  /** "To be confirmed" until someone sets one. */
  'location',
  /** Why it was cancelled, rejected or expired; empty when nobody said. */
  'reason',
  /** The meeting in the screens, for a directory user; empty for a guest, who cannot sign in, and where there are no screens. */
  'meetingLink',
  /** Where a new planning meeting is booked in the screens; empty as `meetingLink` is. */
  'bookingLink',
] as const;
export type TemplatePlaceholder = (typeof templatePlaceholders)[number];
export type TemplateValues = Record<TemplatePlaceholder, string>;

const knownPlaceholders: ReadonlySet<string> = new Set(templatePlaceholders);

/** `{{name}}`, spaces inside the braces tolerated. Global: use with matchAll/replace only. */
export const PLACEHOLDER_PATTERN = /\{\{\s*([^{}]*?)\s*\}\}/g;

export const placeholdersIn = (template: string): string[] =>
  [...template.matchAll(PLACEHOLDER_PATTERN)].map((match) => match[1] ?? '');

/**
 * Refused on save rather than at send time: a typo in a placeholder would otherwise
 * reach every recipient as literal braces, long after the person who made it has gone.
 */
const Template = (maxLength: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(maxLength)
    .superRefine((template, context) => {
      const unknown = [...new Set(placeholdersIn(template).filter((name) => !knownPlaceholders.has(name)))];
      if (unknown.length > 0) {
        context.addIssue({
          code: 'custom',
          message: `unknown placeholder ${unknown.map((name) => `{{${name}}}`).join(', ')}; use one of ${templatePlaceholders.map((name) => `{{${name}}}`).join(', ')}`,
        });
      }
      if (/\{\{|\}\}/.test(template.replace(PLACEHOLDER_PATTERN, ''))) {
        context.addIssue({ code: 'custom', message: 'a placeholder is not closed: write {{name}}' });
      }
    });

const unique = <T>(values: readonly T[]): boolean => new Set(values).size === values.length;

/** An SMS template, in characters: the segment check below is the real bound; this one only stops a huge text early. */
const SMS_TEMPLATE_LENGTH = 320;
const SmsTemplate = Template(SMS_TEMPLATE_LENGTH);

const settingsWith = (sms: typeof SmsTemplate) =>
  z.strictObject({
    enabled: z.boolean(),
    channels: z.array(NotificationChannel).min(1).refine(unique, { message: 'channels must be unique' }),
    /** Attendee roles (SPEC §4.2) that receive this type; empty sends it to nobody. */
    recipientRoles: z.array(AttendeeRole).refine(unique, { message: 'recipient roles must be unique' }),
    // A subject becomes a mail header and an in-app title: one line only.
    subject: Template(200).refine((subject) => !/[\r\n]/.test(subject), { message: 'must be a single line' }),
    body: Template(5000),
    /** The text message on its own: the email's letter is far too long for one (SPEC §5.3). */
    sms,
  });

export const NotificationSettings = settingsWith(
  SmsTemplate.superRefine((template, context) => {
    const problem = smsTemplateProblem(template);
    if (problem) context.addIssue({ code: 'custom', message: problem });
  }),
);
export type NotificationSettings = z.infer<typeof NotificationSettings>;

const details = [
  'When: {{date}}, {{time}}',
  'Where: {{location}}',
  'Apprentice: {{apprenticeName}}',
  'End-point assessor: {{epaName}}',
  'Standard: {{standardName}}',
].join('\n');

const letter = (...paragraphs: string[]): string => ['Dear {{recipientName}},', ...paragraphs].join('\n\n');
/** A line of its own: it goes where the link is empty (a guest, or a stack without screens). */
const seeTheMeeting = 'See the meeting: {{meetingLink}}';

/** `{{reason}}` on a line of its own, so the line goes when nobody gave one. */
const defaultTexts: Record<NotificationType, Pick<NotificationSettings, 'subject' | 'body' | 'sms'>> = {
  provisionalBookingInvite: {
    subject: 'Provisional planning meeting on {{date}}, awaiting approval',
    body: letter(
      'A planning meeting for an end-point assessment has been provisionally booked. It is not confirmed yet: it is awaiting approval, and you will receive a confirmed invitation once it has been approved.',
      details,
      'The attached calendar entry is marked as tentative until then.',
      seeTheMeeting,
    ),
    sms: 'Provisional planning meeting for {{apprenticeName}}: {{date}}, {{time}}. It is awaiting approval.',
  },
  meetingInvite: {
    subject: 'Planning meeting confirmed for {{date}}',
    body: letter('You are invited to the planning meeting below. It is confirmed.', details, 'The attached invitation adds it to your calendar.', seeTheMeeting),
    sms: 'Planning meeting for {{apprenticeName}} confirmed: {{date}}, {{time}}. Where: {{location}}.',
  },
  meetingUpdated: {
    subject: 'Planning meeting on {{date}} updated',
    body: letter('The planning meeting below has been updated. These are its current details:', details, 'The attached invitation updates your calendar entry.', seeTheMeeting),
    sms: 'Planning meeting for {{apprenticeName}} on {{date}}, {{time}} updated. Where: {{location}}.',
  },
  meetingRescheduled: {
    subject: 'Planning meeting moved to {{date}}',
    body: letter('The planning meeting below has been moved to a new time.', `Previously: {{previousStart}}\n${details}`, 'The attached invitation moves your calendar entry.', seeTheMeeting),
    sms: 'Planning meeting for {{apprenticeName}} moved to {{date}}, {{time}}. Where: {{location}}.',
  },
  meetingCancelled: {
    subject: 'Planning meeting on {{date}} cancelled',
    body: letter('You no longer need to attend the planning meeting below: it has been cancelled.', 'Reason: {{reason}}', details),
    sms: 'Planning meeting for {{apprenticeName}} on {{date}}, {{time}} cancelled.\nReason: {{reason}}',
  },
  meetingRejected: {
    subject: 'Provisional planning meeting on {{date}} not approved',
    body: letter(
      'The provisional planning meeting below has been rejected and will not take place. A new planning meeting needs to be booked.',
      'Reason: {{reason}}',
      details,
      'Book a new time: {{bookingLink}}',
    ),
    sms: 'Planning meeting for {{apprenticeName}} on {{date}} not approved; a new one needs booking.\nReason: {{reason}}',
  },
};

const defaultSettings = (type: NotificationType): NotificationSettings => ({
  enabled: true,
  channels: ['email'],
  recipientRoles: [...attendeeRoles],
  ...defaultTexts[type],
});

// A function, not a value, so that nobody who mutates a parsed configuration changes the defaults.
// A type given without an SMS text (saved before there was one) gets the type's default text.
const settingsOf = (settings: ReturnType<typeof settingsWith>, type: NotificationType) =>
  settings.extend({ sms: settings.shape.sms.default(defaultTexts[type].sms) }).default(() => defaultSettings(type));

const configurationWith = (settings: ReturnType<typeof settingsWith>) =>
  z.strictObject({
    types: z
      .strictObject({
        provisionalBookingInvite: settingsOf(settings, 'provisionalBookingInvite'),
        meetingInvite: settingsOf(settings, 'meetingInvite'),
        meetingUpdated: settingsOf(settings, 'meetingUpdated'),
        meetingRescheduled: settingsOf(settings, 'meetingRescheduled'),
        meetingCancelled: settingsOf(settings, 'meetingCancelled'),
        meetingRejected: settingsOf(settings, 'meetingRejected'),
      })
      // prefault, not default: `{}` is parsed, so each type's own default fills it in.
      .prefault({}),
    ...readOnlyFields,
  });

/**
 * The Planning tab of Notification Management (SPEC §5.2). A PUT replaces the whole
 * configuration; a type left out gets its default settings, a type given is taken whole.
 */
export const CommunicationConfiguration = configurationWith(NotificationSettings);
/**
 * The configuration as stored, for reading it: an SMS text saved when the cap counted
 * characters (320) may be more than two messages as billed. It is still read, and sent
 * in as many messages as it takes, rather than stopping every notification; the next
 * save asks for it shorter.
 */
export const StoredCommunicationConfiguration = configurationWith(settingsWith(SmsTemplate));
export type CommunicationConfiguration = z.infer<typeof CommunicationConfiguration>;

export const defaultCommunicationConfiguration: CommunicationConfiguration = CommunicationConfiguration.parse({});
