import { createHttpHandler } from '#api/http-handler.ts';
import { bookingsRoutes } from '#api/routes/bookings.ts';
import { bookPlanningMeeting } from '#use-cases/book-planning-meeting.ts';
import { addAttendeeCommand, changePlanningMeeting, updateCommand } from '#use-cases/change-planning-meeting.ts';
import { listPlanningMeetings, readPlanningMeeting, readPlanningMeetingHistory } from '#use-cases/read-planning-meetings.ts';
import { dependencies } from '../http-dependencies.ts';

export const handler = createHttpHandler(
  'bookings',
  bookingsRoutes,
  {
    bookPlanningMeeting: async (input) => {
      const answer = await bookPlanningMeeting(input, input.body, input.idempotencyKey);
      return { status: answer.status, body: answer.body, headers: { 'idempotent-replayed': String(answer.replayed) } };
    },
    listPlanningMeetings: async (input) => ({ body: await listPlanningMeetings(input, input.query) }),
    getPlanningMeeting: async (input) => ({ body: await readPlanningMeeting(input, input.params.meetingId) }),
    getPlanningMeetingHistory: async (input) => ({ body: await readPlanningMeetingHistory(input, input.params.meetingId) }),
    updatePlanningMeeting: async (input) => ({
      body: await changePlanningMeeting(input, input.params.meetingId, updateCommand(input, input.body), { ifMatch: input.ifMatch }),
    }),
    approvePlanningMeeting: async (input) => ({
      body: await changePlanningMeeting(input, input.params.meetingId, () => ({ kind: 'approve', reason: input.body?.reason }), {
        ifMatch: input.ifMatch,
        capacity: true,
      }),
    }),
    rejectPlanningMeeting: async (input) => ({
      body: await changePlanningMeeting(input, input.params.meetingId, () => ({ kind: 'reject', reason: input.body?.reason }), {
        ifMatch: input.ifMatch,
        capacity: true,
      }),
    }),
    cancelPlanningMeeting: async (input) => ({
      body: await changePlanningMeeting(input, input.params.meetingId, () => ({ kind: 'cancel', reason: input.body?.reason }), {
        ifMatch: input.ifMatch,
      }),
    }),
    addPlanningMeetingAttendee: async (input) => ({
      body: await changePlanningMeeting(input, input.params.meetingId, addAttendeeCommand(input, input.body), { ifMatch: input.ifMatch }),
    }),
    removePlanningMeetingAttendee: async (input) => ({
      body: await changePlanningMeeting(
        input,
        input.params.meetingId,
        () => ({ kind: 'removeAttendee', attendeeId: input.params.attendeeId }),
        { ifMatch: input.ifMatch },
      ),
    }),
  },
  dependencies,
);
