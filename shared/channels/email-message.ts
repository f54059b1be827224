import { createHash } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type { CalendarMethod } from '#domain/notification-planner.ts';
import type { Organizer } from './icalendar.ts';

export interface EmailMessageInput {
  from: Organizer;
  to: { name: string; email: string };
  subject: string;
  /** The plain-text body; the HTML part is made from it. */
  text: string;
  /** The iCalendar text (`meetingCalendar`), whose METHOD must be `method`; both null for an email without an invite (a reminder). */
  ics: string | null;
  method: CalendarMethod | null;
  /** The change's time: the Date header, so a retry builds the same message. */
  date: string;
  /** What makes this message unique: a retry of the same delivery gets the same Message-ID. */
  identity: { eventId: string; recipient: string; channel: string };
}

export interface EmailMessage {
  raw: string;
  messageId: string;
}

const escapeHtml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** Paragraphs from blank lines, line breaks within them: the text body is the one source of the words. */
export const htmlOf = (text: string): string =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"></head><body>${text
    .replace(/\r\n?/g, '\n')
    .split(/\n{2,}/)
    .filter((paragraph) => paragraph.trim() !== '')
    .map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\n/g, '<br>')}</p>`)
    .join('\n')}</body></html>`;

const digest = (text: string): string => createHash('sha256').update(text).digest('hex');

export const messageIdOf = (identity: EmailMessageInput['identity'], senderEmail: string): string => {
  const domain = senderEmail.split('@')[1]?.toLowerCase() || 'planning-meetings.invalid';
  return `<${digest(`${identity.eventId}\n${identity.recipient}\n${identity.channel}`).slice(0, 32)}@${domain}>`;
};

const methodOf = (ics: string): string | undefined => /^METHOD:([A-Za-z-]+)\r?$/m.exec(ics)?.[1]?.toUpperCase();

/**
 * The email as sent, built by nodemailer's MailComposer:
 *
 *   multipart/alternative: text/plain, text/html, text/calendar; method=<METHOD>
 *
 * (without the calendar part when there is no invite).
 *
 * One calendar part: the text/calendar alternative with its method is the one mail
 * clients turn into the invite's buttons. MailComposer's `icalEvent` would add the same
 * text a second time, as an `application/ics` attachment named invite.ics even on a
 * cancellation, so a reader is offered two things to add to a calendar, one under a
 * type and name that do not say what it does. The calendar therefore goes in as an
 * alternative of our own. Boundaries derive from the Message-ID, so a retry produces
 * the same bytes.
 */
export const composeEmail = async (input: EmailMessageInput): Promise<EmailMessage> => {
  // A part header saying REQUEST around a CANCEL body is the kind of mismatch clients resolve differently.
  const icsMethod = input.ics === null ? null : methodOf(input.ics);
  if (icsMethod !== input.method) throw new Error(`The invite's METHOD is ${icsMethod ?? 'missing'}, not ${input.method ?? 'none'}`);
  const messageId = messageIdOf(input.identity, input.from.email);
  // baseBoundary and newline are MailComposer options that @types/nodemailer does not list.
  const options: ConstructorParameters<typeof MailComposer>[0] & { baseBoundary: string; newline: string } = {
    from: { name: input.from.name, address: input.from.email },
    to: { name: input.to.name, address: input.to.email },
    subject: input.subject,
    text: input.text,
    html: htmlOf(input.text),
    alternatives: input.ics === null ? [] : [{ contentType: `text/calendar; charset=utf-8; method=${input.method}`, content: input.ics }],
    messageId,
    date: new Date(input.date),
    // RFC 3834: out-of-office replies should not answer a notification.
    headers: { 'Auto-Submitted': 'auto-generated' },
    baseBoundary: digest(messageId).slice(0, 16),
    newline: '\r\n',
    disableFileAccess: true,
    disableUrlAccess: true,
  };
  const composer = new MailComposer(options);
  const raw = await new Promise<Buffer>((resolve, reject) =>
    composer.compile().build((error, message) => (error ? reject(error) : resolve(message))),
  );
  return { raw: raw.toString('utf8'), messageId };
};
