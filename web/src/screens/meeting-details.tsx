import { useState } from 'preact/hooks';
import type { History, Meeting } from '../api.ts';
import { useApp } from '../app-context.ts';
import { span, when } from '../time.ts';
import { attendeeRoleNames, download, ProblemMessage, Status, useAsync, useUserNames } from '../ui.tsx';

type Entry = History['entries'][number];
interface AttendeeInChange {
  kind?: string;
  userId?: string;
  name?: string;
  role?: string;
}
/** What the history keeps of a change (the change event's `change`, SPEC §8). */
interface Change {
  previousStart?: string;
  previousEnd?: string;
  previousEpaId?: string;
  previousStatus?: string;
  fields?: string[];
  attendee?: AttendeeInChange;
  reason?: string | null;
}

const fieldNames: Record<string, string> = { location: 'the place', notes: 'the notes' };

/** One history entry as a sentence, with the times it moved between and the people by name. */
export interface HistoryLine {
  key: string;
  at: string;
  what: string;
  by?: string;
  reason?: string;
}

/**
 * The history in words. An entry keeps what was before (previousStart, previousEpaId);
 * what it became is the next such entry's "before", or the meeting as it is now. A
 * reassignment is one update with two attendee entries (the EPA off, the EPA on) of the
 * same version: it is said once, "end-point assessor changed from … to …".
 */
export const historyLines = (meeting: Meeting, entries: readonly Entry[], nameOf: (id: string) => string): HistoryLine[] => {
  const ordered = [...entries].sort((a, b) => a.version - b.version);
  const change = (entry: Entry) => entry.change as Change;
  const nextTimes = (index: number) => {
    const later = ordered.slice(index + 1).find((entry) => change(entry).previousStart);
    return later ? { start: change(later).previousStart!, end: change(later).previousEnd ?? meeting.end } : { start: meeting.start, end: meeting.end };
  };
  const nextEpa = (index: number) => {
    const later = ordered.slice(index + 1).find((entry) => change(entry).previousEpaId && entry.type !== 'PlanningMeetingAttendeeRemoved');
    return later ? change(later).previousEpaId! : meeting.epaId;
  };
  const reassigned = new Set(ordered.filter((entry) => change(entry).fields?.includes('epaId')).map((entry) => entry.version));
  const booked = (index: number) => {
    const first = ordered.slice(index + 1).find((entry) => change(entry).previousStart);
    return first ? span(change(first).previousStart!, change(first).previousEnd ?? meeting.end) : span(meeting.start, meeting.end);
  };
  const attendeeName = (attendee: AttendeeInChange | undefined): string => {
    const name = attendee?.name ?? (attendee?.userId ? nameOf(attendee.userId) : 'someone');
    const role = attendee?.role ? attendeeRoleNames[attendee.role] : undefined;
    return role ? `${name} (${role.toLowerCase()})` : name;
  };
  const lines: HistoryLine[] = [];
  ordered.forEach((entry, index) => {
    const { reason, fields = [], previousStart, previousEnd, previousEpaId, attendee } = change(entry);
    const by = entry.by.startsWith('system:') ? undefined : nameOf(entry.by);
    const line = (what: string): void => void lines.push({ key: `${entry.version}-${entry.type}-${lines.length}`, at: entry.at, what, ...(by ? { by } : {}), ...(reason ? { reason } : {}) });
    switch (entry.type) {
      case 'PlanningMeetingProvisionallyBooked':
        return line(`Booked provisionally for ${booked(index)}`);
      case 'PlanningMeetingBooked':
        return line(`Booked and confirmed for ${booked(index)}`);
      case 'PlanningMeetingApproved':
        return line('Approved');
      case 'PlanningMeetingRejected':
        return line('Rejected');
      case 'PlanningMeetingCancelled':
        return line('Cancelled');
      case 'PlanningMeetingExpired':
        return line('Expired: it was not approved in time');
      case 'PlanningMeetingAttendeeAdded':
        if (reassigned.has(entry.version) && attendee?.role === 'epa') return;
        return line(`${attendeeName(attendee)} added`);
      case 'PlanningMeetingAttendeeRemoved':
        if (reassigned.has(entry.version) && attendee?.role === 'epa') return;
        return line(`${attendeeName(attendee)} removed`);
      case 'PlanningMeetingUpdated':
      case 'PlanningMeetingRescheduled': {
        const parts: string[] = [];
        if (previousStart) {
          const next = nextTimes(index);
          parts.push(`Moved from ${span(previousStart, previousEnd ?? previousStart)} to ${span(next.start, next.end)}`);
        }
        if (previousEpaId) parts.push(`End-point assessor changed from ${nameOf(previousEpaId)} to ${nameOf(nextEpa(index))}`);
        const others = fields.filter((field) => field in fieldNames).map((field) => fieldNames[field]!);
        const sentence = `${others.join(' and ')} changed`;
        if (others.length > 0) parts.push(sentence.charAt(0).toUpperCase() + sentence.slice(1));
        // One line for each thing that changed, each saying who changed it.
        return parts.length > 0 ? parts.forEach(line) : line('Updated');
      }
      default:
        return line(entry.type);
    }
  });
  return lines;
};

/** A meeting as its attendees see it: when, status, who, what happened, and the calendar file. */
/** `summary={false}` where the screen shows the time, place and attendees itself (the editor). */
export const MeetingDetails = ({ meeting, summary = true }: { meeting: Meeting; summary?: boolean }) => {
  const { api } = useApp();
  // The history is read, and its people named, once someone opens it.
  const [historyOpen, setHistoryOpen] = useState(false);
  const history = useAsync(async () => (historyOpen ? api.history(meeting.id) : undefined), [meeting.id, meeting.version, historyOpen]);
  const [error, setError] = useState<unknown>();
  const entries = history.data?.entries ?? [];
  // Names from the meeting and from the attendees its history mentions; the directory for anyone else.
  const known = new Map<string, string>();
  for (const attendee of [...entries.map((entry) => (entry.change as Change).attendee), ...(meeting.attendees as AttendeeInChange[])])
    if (attendee?.userId && attendee.name) known.set(attendee.userId, attendee.name);
  const { names } = useUserNames(
    api,
    entries.flatMap((entry) => [entry.by, (entry.change as Change).previousEpaId ?? '']),
    known,
  );
  const nameOf = (id: string): string => names.get(id) ?? 'someone';
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
      <details class="history-details" onToggle={(event) => setHistoryOpen(event.currentTarget.open)}>
        <summary>History</summary>
        {historyOpen && history.loading && !history.data && <p class="hint">Reading the history…</p>}
        <ol class="history">
          {historyLines(meeting, entries, nameOf).map((line) => (
            <li key={line.key}>
              <span class="history-what">
                {line.what}
                {line.by ? ` by ${line.by}` : ''}
              </span>
              {line.reason && <span class="history-reason">Reason: “{line.reason}”</span>}
              <span class="hint history-when">{when(line.at)}</span>
            </li>
          ))}
        </ol>
        {history.data && entries.length === 0 && <p class="hint">Nothing has happened to this meeting yet.</p>}
        <ProblemMessage error={history.error} />
      </details>
    </div>
  );
};
