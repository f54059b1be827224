import { createHttpHandler } from '#api/http-handler.ts';
import { calendarRoutes } from '#api/routes/calendar.ts';
import { meetingAsCalendar } from '#use-cases/meeting-calendar.ts';
import { dependencies } from '../http-dependencies.ts';

export const handler = createHttpHandler(
  'calendar',
  calendarRoutes,
  {
    getPlanningMeetingCalendar: async (input) => ({
      text: await meetingAsCalendar(input, input.params.meetingId),
      headers: { 'content-type': 'text/calendar; charset=utf-8', 'content-disposition': `attachment; filename="planning-meeting.ics"` },
    }),
  },
  dependencies,
);
