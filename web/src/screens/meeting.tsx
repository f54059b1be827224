import { ApiProblem } from '../api.ts';
import { useApp } from '../app-context.ts';
import { ProblemMessage, useAsync } from '../ui.tsx';
import { MeetingDetails } from './meeting-details.tsx';

/** One planning meeting, as the emails link to it (`#/meeting/<id>`): for anyone who may read it. */
export const MeetingScreen = ({ meetingId }: { meetingId: string }) => {
  const { api } = useApp();
  const meeting = useAsync(() => api.meeting(meetingId), [meetingId]);
  const unseen = meeting.error instanceof ApiProblem && meeting.error.code === 'NOT_FOUND';
  return (
    <section>
      <h1>Planning meeting</h1>
      {meeting.loading && <p class="hint">Loading…</p>}
      {unseen ? (
        <p class="notice" role="status">
          This planning meeting is not one you can see: it may have been removed, or you may be signed in as someone else.
        </p>
      ) : (
        <ProblemMessage error={meeting.error} />
      )}
      {meeting.data && (
        <section class="card" aria-label="The meeting">
          <MeetingDetails meeting={meeting.data} />
        </section>
      )}
    </section>
  );
};
