import { useEffect, useRef, useState } from 'preact/hooks';
import { MINUTE_MS } from '#domain/calendar-arithmetic.ts';
import { ApiProblem, type Meeting } from '../api.ts';
import { useApp } from '../app-context.ts';
import { UserPicker, type Choice } from '../pickers.tsx';
import { fromLocalInput, span, toLocalInput } from '../time.ts';
import { attendeeRoleNames, ConfirmDialog, Field, nameOf, ProblemMessage, Status } from '../ui.tsx';
import { AddAttendeesDialog } from './add-attendees.tsx';
import { MeetingDetails } from './meeting-details.tsx';

const fieldLabels = { start: 'Start', end: 'End', location: 'Location', notes: 'Notes', epaId: 'End-point assessor', reason: 'Reason' };

/** `start` moved to `value` (datetime-local): the end moves with it, keeping the meeting's length. */
export const moveStart = (draft: { start: string; end: string }, value: string, fallbackMinutes: number): { start: string; end: string } => {
  const before = fromLocalInput(draft.start);
  const after = fromLocalInput(value);
  const end = fromLocalInput(draft.end);
  const length = before && end && Date.parse(end) > Date.parse(before) ? Date.parse(end) - Date.parse(before) : fallbackMinutes * MINUTE_MS;
  return { start: value, end: after ? toLocalInput(new Date(Date.parse(after) + length).toISOString()) : draft.end };
};

type Confirming = 'cancel' | 'reject' | undefined;

/**
 * One meeting: update or reschedule with If-Match (a 412 keeps what the user typed and
 * offers a reload), attendees, approve, reject and cancel (each of the last two asked
 * again, in a dialog), and its history.
 */
export const MeetingEditor = ({ meeting, onChanged }: { meeting: Meeting; onChanged: (meeting: Meeting) => void }) => {
  const { api, permissions } = useApp();
  const [base, setBase] = useState(meeting);
  const initial = (from: Meeting) => ({ start: toLocalInput(from.start), end: toLocalInput(from.end), location: from.location ?? '', notes: from.notes ?? '', epaId: from.epaId });
  const [draft, setDraft] = useState(() => initial(meeting));
  // The EPA as the picker shows it: the meeting's, by name, until another is picked.
  const [epa, setEpa] = useState<Choice | undefined>({ id: meeting.epaId, name: nameOf(meeting, 'epa') });
  const [error, setError] = useState<unknown>();
  const [noEpa, setNoEpa] = useState(false);
  const [saved, setSaved] = useState('');
  const [adding, setAdding] = useState(false);
  const [confirming, setConfirming] = useState<Confirming>();
  const heading = useRef<HTMLHeadingElement>(null);
  const stale = error instanceof ApiProblem && error.code === 'VERSION_MISMATCH';
  const active = base.status === 'provisional' || base.status === 'confirmed';
  const decides = base.status === 'provisional' && permissions.has('ManagePlanningCapacity');
  const minutes = (Date.parse(base.end) - Date.parse(base.start)) / 60_000;
  const set = (field: 'end' | 'location' | 'notes') => (event: { currentTarget: { value: string } }) => setDraft({ ...draft, [field]: event.currentTarget.value });

  // Opening a meeting from the list takes the reader to it (on a phone it is below the list).
  useEffect(() => {
    heading.current?.scrollIntoView({ block: 'start' });
    heading.current?.focus();
  }, []);

  const changed = (next: Meeting, words: string) => {
    setBase(next);
    setError(undefined);
    setSaved(words);
    onChanged(next);
  };
  const run = async (action: () => Promise<Meeting>, words: string) => {
    setSaved('');
    try {
      changed(await action(), words);
    } catch (problem) {
      setError(problem);
    }
  };
  const save = (event: Event) => {
    event.preventDefault();
    const now = initial(base);
    const change: Record<string, string | null> = {};
    setNoEpa(!draft.epaId);
    if (!draft.epaId) return;
    if (draft.start !== now.start || draft.end !== now.end) {
      change.start = fromLocalInput(draft.start) ?? draft.start;
      change.end = fromLocalInput(draft.end) ?? draft.end;
    }
    if (draft.location !== now.location) change.location = draft.location.trim() || null;
    if (draft.notes !== now.notes) change.notes = draft.notes.trim() || null;
    if (draft.epaId !== now.epaId) change.epaId = draft.epaId;
    if (Object.keys(change).length === 0) return setSaved('Nothing to save.');
    void run(() => api.update(base.id, base.version, change), 'Saved.');
  };
  // Reading again takes the new version and what someone else changed; the fields this
  // user edited keep their edits, so neither person's change is lost.
  const reload = async () => {
    try {
      const fresh = await api.meeting(base.id);
      const before = initial(base);
      const edited = Object.fromEntries(Object.entries(draft).filter(([field, value]) => before[field as keyof typeof before] !== value));
      setBase(fresh);
      setDraft({ ...initial(fresh), ...edited });
      if (!('epaId' in edited)) setEpa({ id: fresh.epaId, name: nameOf(fresh, 'epa') });
      setError(undefined);
      setSaved('Reloaded: your edits are kept; check them and save again.');
    } catch (problem) {
      setError(problem);
    }
  };
  const lifecycle = (action: 'approve' | 'reject' | 'cancel', words: string) => async (reason: string | undefined) => {
    setSaved('');
    const next = await api.lifecycle(base.id, action, base.version, reason);
    setConfirming(undefined);
    changed(next, words);
  };
  const apiError = (path: string) => (error instanceof ApiProblem ? error.fieldError(path) : undefined);

  return (
    <section class="card editor" aria-labelledby="editor-heading">
      <h2 id="editor-heading" ref={heading} tabIndex={-1}>
        {nameOf(base, 'apprentice')} · {span(base.start, base.end)} <Status status={base.status} />
      </h2>
      {stale && (
        <div class="problem" role="alert">
          <strong>Changed by someone else — reload.</strong> This meeting was changed since you opened it.{' '}
          <button type="button" onClick={() => void reload()}>
            Reload
          </button>
        </div>
      )}
      {!stale && <ProblemMessage error={error} fields={['start', 'end', 'location', 'notes', 'epaId']} labels={fieldLabels} />}
      {saved && (
        <p class="saved" role="status">
          {saved}
        </p>
      )}
      {decides && (
        <div class="decide" role="group" aria-label="Decide on this provisional booking">
          <span>Waiting for approval.</span>
          <button type="button" class="primary" onClick={() => void run(() => api.lifecycle(base.id, 'approve', base.version), 'Approved: the attendees are sent the meeting invite.')}>
            Approve
          </button>
          <button type="button" class="danger" onClick={() => setConfirming('reject')}>
            Reject…
          </button>
        </div>
      )}
      {active && (
        <form onSubmit={save} class="grid-2" aria-label="Change the meeting">
          <Field label="Start" hint={`Your time zone. The end moves with it (${minutes} minutes).`} error={error} path="start">
            {(props) => <input {...props} type="datetime-local" value={draft.start} onInput={(event) => setDraft({ ...draft, ...moveStart(draft, event.currentTarget.value, minutes) })} />}
          </Field>
          <Field label="End" hint="Your time zone" error={error} path="end">
            {(props) => <input {...props} type="datetime-local" value={draft.end} onInput={set('end')} />}
          </Field>
          <UserPicker
            label="End-point assessor"
            hint="Type a name to hand the meeting to another assessor"
            role="epa"
            value={epa}
            onChange={(choice) => {
              setEpa(choice);
              if (choice) setNoEpa(false);
              setDraft({ ...draft, epaId: choice?.id ?? '' });
            }}
            error={noEpa ? 'Pick the end-point assessor by name.' : apiError('epaId')}
          />
          <Field label="Location" error={error} path="location">
            {(props) => <input {...props} value={draft.location} onInput={set('location')} />}
          </Field>
          <Field label="Notes" error={error} path="notes">
            {(props) => <textarea {...props} value={draft.notes} onInput={set('notes')} />}
          </Field>
          <div class="form-actions">
            <button type="submit" class="primary">
              Save changes
            </button>
          </div>
        </form>
      )}
      <h3>Attendees</h3>
      <ul class="attendee-list">
        {base.attendees.map((attendee) => (
          <li key={attendee.id}>
            <span>
              {attendee.name} <span class="hint">({attendeeRoleNames[attendee.role] ?? attendee.role}, {attendee.email})</span>
            </span>{' '}
            {active && attendee.role !== 'apprentice' && attendee.role !== 'epa' && (
              <button type="button" class="small danger" onClick={() => void run(() => api.removeAttendee(base.id, attendee.id), `Removed ${attendee.name}.`)} aria-label={`Remove ${attendee.name}`}>
                Remove
              </button>
            )}
          </li>
        ))}
      </ul>
      {active && (
        <div class="editor-actions">
          <button type="button" onClick={() => setAdding(true)}>
            Add other attendees
          </button>
          <button type="button" class="danger" onClick={() => setConfirming('cancel')}>
            Cancel meeting…
          </button>
        </div>
      )}
      <AddAttendeesDialog open={adding} meeting={base} onClose={() => setAdding(false)} onAdded={(next) => (changed(next, 'Attendee added.'), setAdding(false))} />
      <ConfirmDialog
        open={confirming === 'cancel'}
        title="Cancel this planning meeting?"
        confirmLabel="Cancel the meeting"
        reason="optional"
        reasonLabel="Reason for cancelling"
        reasonHint="Sent to the attendees with the cancellation"
        onConfirm={lifecycle('cancel', 'Cancelled: the attendees are told.')}
        onClose={() => setConfirming(undefined)}
      >
        <p>
          {nameOf(base, 'apprentice')}’s meeting on {span(base.start, base.end)} is cancelled for everyone, and its time is freed. This cannot be undone: a new meeting
          would have to be booked.
        </p>
      </ConfirmDialog>
      <ConfirmDialog
        open={confirming === 'reject'}
        title="Reject this provisional booking?"
        confirmLabel="Reject the booking"
        reason="required"
        reasonLabel="Reason for rejecting"
        reasonHint="Sent to the attendees in the rejection email"
        onConfirm={lifecycle('reject', 'Rejected: the attendees are told why.')}
        onClose={() => setConfirming(undefined)}
      >
        <p>
          {nameOf(base, 'apprentice')}’s provisional booking on {span(base.start, base.end)} is rejected and its time is freed; they can book another time.
        </p>
      </ConfirmDialog>
      <MeetingDetails meeting={base} summary={false} />
    </section>
  );
};
