import * as z from 'zod';
import { AttendeeRole } from './planning-meeting.ts';
import { notificationCatalogue, type NotificationDefinitionOf } from './notifications/index.ts';
import { DEFAULT_REMINDER_LEAD_HOURS, MAX_REMINDER_LEAD_HOURS } from './notifications/meeting-reminder.ts';
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

const defaultSettings = (definition: NotificationDefinitionOf): NotificationSettings => ({
  enabled: true,
  channels: ['email'],
  recipientRoles: [...definition.defaultRecipientRoles],
  ...definition.defaultTexts,
});

// A function, not a value, so that nobody who mutates a parsed configuration changes the defaults.
// A type given without an SMS text (saved before there was one) gets the type's default text.
const settingsOf = (settings: ReturnType<typeof settingsWith>, definition: NotificationDefinitionOf) =>
  settings.extend({ sms: settings.shape.sms.default(definition.defaultTexts.sms) }).default(() => defaultSettings(definition));

/** One entry per module of the catalogue: a type added there is configurable, with its defaults, without an edit here. */
const typesWith = (settings: ReturnType<typeof settingsWith>) =>
  z.strictObject(
    Object.fromEntries(notificationCatalogue.map((definition) => [definition.id, settingsOf(settings, definition)])) as Record<
      NotificationType,
      ReturnType<typeof settingsOf>
    >,
  );


const configurationWith = (settings: ReturnType<typeof settingsWith>) =>
  z.strictObject({
    types: typesWith(settings)
      // prefault, not default: `{}` is parsed, so each type's own default fills it in.
      .prefault({}),
    /**
     * How long before a confirmed meeting's start its reminder is sent (SPEC §5.1), in
     * whole hours; 0 sends none. The reminder type's own settings still say whether it
     * is enabled, how and to whom.
     */
    reminderLeadHours: z.int().min(0).max(MAX_REMINDER_LEAD_HOURS).default(DEFAULT_REMINDER_LEAD_HOURS),
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
