import { MeetingIdParams } from '../meeting-schemas.ts';
import type { GroupRoute } from '../route.ts';

/**
 * A planning meeting as an invite. A group of its own because the iCalendar writer is a
 * tenth of a function's bundle, and only this route (and the email notifier) needs it:
 * every other meeting route starts faster without it.
 */
export const calendarRoutes = [
  {
    operationId: 'getPlanningMeetingCalendar',
    method: 'GET',
    path: '/planning-meetings/{meetingId}/calendar.ics',
    group: 'calendar',
    access: { kind: 'authenticated' },
    summary: 'The meeting as it now is, as iCalendar (same UID and SEQUENCE as its last email)',
    params: MeetingIdParams,
    produces: 'text/calendar',
    successStatus: 200,
  },
] as const satisfies readonly GroupRoute<'calendar'>[];
