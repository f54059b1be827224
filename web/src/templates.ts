import type { TemplatePlaceholder } from '#domain/communication-configuration.ts';
import { smsTemplateProblem } from '#domain/sms-encoding.ts';

/**
 * The placeholders a template may use, with what each becomes. A Record over the
 * service's own type, so the list cannot miss one; a test keeps it equal to the service's.
 */
export const placeholderMeanings: Record<TemplatePlaceholder, string> = {
  recipientName: 'the recipient’s name',
  apprenticeName: 'the apprentice’s name',
  epaName: 'the end-point assessor’s name',
  standardName: 'the standard’s name',
  date: '“Monday 4 January 2027”',
  time: '“09:00 to 10:00 GMT”',
  start: '“Monday 4 January 2027, 09:00 GMT”',
  end: 'the end, written like start',
  previousStart: 'where a rescheduled meeting was before',
  location: 'the location, or “To be confirmed”',
  reason: 'why it was cancelled or rejected',
  meetingLink: 'a link to the meeting in these screens (left out for guests)',
  bookingLink: 'a link to book a new planning meeting (left out for guests)',
};

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

/**
 * The same checks the API makes on save (unknown placeholder, unclosed braces, and an SMS
 * text's length in text messages as billed, by the service's own count), shown before sending.
 */
export const templateProblem = (template: string, field?: 'subject' | 'body' | 'sms'): string | undefined => {
  if (template.trim() === '') return 'must not be empty';
  const unknown = [...new Set([...template.matchAll(PLACEHOLDER)].map((match) => match[1] ?? '').filter((name) => !(name in placeholderMeanings)))];
  if (unknown.length > 0) return `unknown placeholder ${unknown.map((name) => `{{${name}}}`).join(', ')}`;
  if (/\{\{|\}\}/.test(template.replace(PLACEHOLDER, ''))) return 'a placeholder is not closed: write {{name}}';
  return field === 'sms' ? smsTemplateProblem(template) : undefined;
};
