import type { Meeting } from './api.ts';

/**
 * "Add to calendar" links for the two web calendars most people use; everyone else takes
 * the .ics file. Both take UTC times in the forms below; neither needs an account here.
 */
const compactUtc = (iso: string): string => iso.replace(/[-:]/g, '').replace(/\.\d{3}/, '');

const titleOf = (meeting: Meeting, apprenticeName: string): string =>
  `${meeting.status === 'provisional' ? 'Provisional planning meeting' : 'Planning meeting'}: ${apprenticeName}`;

const detailsOf = (meeting: Meeting): string =>
  [meeting.status === 'provisional' ? 'Provisional until the end-point-assessment organisation approves it.' : '', meeting.notes ?? '']
    .filter(Boolean)
    .join('\n\n');

export const googleCalendarLink = (meeting: Meeting, apprenticeName: string): string => {
  const url = new URL('https://calendar.google.com/calendar/render');
  url.searchParams.set('action', 'TEMPLATE');
  url.searchParams.set('text', titleOf(meeting, apprenticeName));
  url.searchParams.set('dates', `${compactUtc(meeting.start)}/${compactUtc(meeting.end)}`);
  url.searchParams.set('details', detailsOf(meeting));
  if (meeting.location) url.searchParams.set('location', meeting.location);
  return url.toString();
};

export const outlookCalendarLink = (meeting: Meeting, apprenticeName: string): string => {
  const url = new URL('https://outlook.office.com/calendar/0/deeplink/compose');
  url.searchParams.set('path', '/calendar/action/compose');
  url.searchParams.set('rru', 'addevent');
  url.searchParams.set('subject', titleOf(meeting, apprenticeName));
  url.searchParams.set('startdt', meeting.start);
  url.searchParams.set('enddt', meeting.end);
  url.searchParams.set('body', detailsOf(meeting));
  if (meeting.location) url.searchParams.set('location', meeting.location);
  return url.toString();
};
