import type { Meeting } from '../api.ts';
import { useApp } from '../app-context.ts';
import { span, when } from '../time.ts';
import { attendeeRoleNames, download, ProblemMessage, Status, useAsync } from '../ui.tsx';
import { useState } from 'preact/hooks';

const historyNames: Record<string, string> = {
  PlanningMeetingProvisionallyBooked: 'Booked provisionally',
  PlanningMeetingBooked: 'Booked',
  PlanningMeetingUpdated: 'Updated',
  PlanningMeetingRescheduled: 'Rescheduled',
  PlanningMeetingApproved: 'Approved',
  PlanningMeetingRejected: 'Rejected',
  PlanningMeetingCancelled: 'Cancelled',
  PlanningMeetingExpired: 'Expired',
  PlanningMeetingAttendeeAdded: 'Attendee added',
  PlanningMeetingAttendeeRemoved: 'Attendee removed',
};

/** A meeting as its attendees see it: when, status, who, what happened, and the calendar file. */
/** `summary={false}` where the screen shows the time, place and attendees itself (the editor). */
export const MeetingDetails = ({ meeting, summary = true }: { meeting: Meeting; summary?: boolean }) => {
  const { api } = useApp();
  const history = useAsync(() => api.history(meeting.id), [meeting.id, meeting.version]);
  const [error, setError] = useState<unknown>();
  const calendar = async () => {
    setError(undefined);
    try {
      download(`planning-meeting-${meeting.id}.ics`, 'text/calendar', await api.calendar(meeting.id));
    } catch (problem) {
      setError(problem);
    }
  };
  return (
    <div class="meeting">
      {summary && (
        <>
          <p class="meeting-when">
            <strong>{span(meeting.start, meeting.end)}</strong> <Status status={meeting.status} />
          </p>
          {meeting.status === 'provisional' && <p>Awaiting approval by the end-point-assessment organisation.</p>}
          <p>Where: {meeting.location ?? 'to be confirmed'}</p>
          {meeting.reason && <p>Reason: {meeting.reason}</p>}
          <h3>Attendees</h3>
          <ul class="attendees">
            {meeting.attendees.map((attendee) => (
              <li key={attendee.id}>
                {attendee.name} <span class="hint">({attendeeRoleNames[attendee.role] ?? attendee.role})</span>
              </li>
            ))}
          </ul>
        </>
      )}
      <button type="button" onClick={() => void calendar()}>
        Add to calendar (.ics)
      </button>
      <ProblemMessage error={error} />
      <details>
        <summary>History</summary>
        <ol class="history">
          {(history.data?.entries ?? []).map((entry) => (
            <li key={`${entry.version}-${entry.type}-${entry.at}`}>
              {when(entry.at)}: {historyNames[entry.type] ?? entry.type} by {entry.by}
            </li>
          ))}
        </ol>
        <ProblemMessage error={history.error} />
      </details>
    </div>
  );
};
