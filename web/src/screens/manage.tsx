import { useState } from 'preact/hooks';
import type { MeetingStatus } from '#domain/planning-meeting.ts';
import { ApiProblem, type Meeting } from '../api.ts';
import { useApp, useSession } from '../app-context.ts';
import { fromLocalInput, span, toLocalInput } from '../time.ts';
import { attendeeRoleNames, Field, nameOf, ProblemMessage, Status, useAsync } from '../ui.tsx';
import { AddAttendeesDialog } from './add-attendees.tsx';
import { MeetingDetails } from './meeting-details.tsx';

const statuses: MeetingStatus[] = ['provisional', 'confirmed', 'rejected', 'cancelled', 'expired'];

/** Direct (confirmed) booking: staff name the EPA and may place it anywhere (no booking window). */
const DirectBooking = ({ onBooked }: { onBooked: (meeting: Meeting) => void }) => {
  const { api } = useApp();
  const [form, setForm] = useState({ apprenticeId: '', epaId: '', start: '', end: '', location: '', notes: '' });
  const [error, setError] = useState<unknown>();
  const [key, setKey] = useState(() => crypto.randomUUID());
  const set = (field: keyof typeof form) => (event: { currentTarget: { value: string } }) => setForm({ ...form, [field]: event.currentTarget.value });
  const submit = async (event: Event) => {
    event.preventDefault();
    setError(undefined);
    try {
      const end = fromLocalInput(form.end);
      const meeting = await api.book(
        {
          status: 'confirmed',
          apprenticeId: form.apprenticeId.trim(),
          epaId: form.epaId.trim(),
          start: fromLocalInput(form.start) ?? form.start,
          ...(end ? { end } : {}),
          ...(form.location.trim() ? { location: form.location.trim() } : {}),
          ...(form.notes.trim() ? { notes: form.notes.trim() } : {}),
        },
        key,
      );
      setKey(crypto.randomUUID());
      onBooked(meeting);
    } catch (problem) {
      setError(problem);
    }
  };
  const fields = ['apprenticeId', 'epaId', 'start', 'end', 'location', 'notes'];
  return (
    <details class="card">
      <summary>
        <strong>Book directly</strong> (confirmed at once, with the EPA you name)
      </summary>
      <form onSubmit={(event) => void submit(event)} class="grid-2">
        <Field label="Apprentice" hint="User id" error={error} path="apprenticeId">
          {(props) => <input {...props} value={form.apprenticeId} onInput={set('apprenticeId')} required />}
        </Field>
        <Field label="End-point assessor" hint="User id" error={error} path="epaId">
          {(props) => <input {...props} value={form.epaId} onInput={set('epaId')} required />}
        </Field>
        <Field label="Start" hint="Your time zone" error={error} path="start">
          {(props) => <input {...props} type="datetime-local" value={form.start} onInput={set('start')} required />}
        </Field>
        <Field label="End" hint="Optional: the standard's duration otherwise" error={error} path="end">
          {(props) => <input {...props} type="datetime-local" value={form.end} onInput={set('end')} />}
        </Field>
        <Field label="Location" error={error} path="location">
          {(props) => <input {...props} value={form.location} onInput={set('location')} />}
        </Field>
        <Field label="Notes" error={error} path="notes">
          {(props) => <input {...props} value={form.notes} onInput={set('notes')} />}
        </Field>
        <div>
          <ProblemMessage error={error} fields={fields} />
          <button type="submit" class="primary">
            Book confirmed meeting
          </button>
        </div>
      </form>
    </details>
  );
};

/** Update or reschedule with If-Match; a 412 keeps what the user typed and offers a reload. */
const MeetingEditor = ({ meeting, onChanged }: { meeting: Meeting; onChanged: (meeting: Meeting) => void }) => {
  const { api } = useApp();
  const [base, setBase] = useState(meeting);
  const initial = (from: Meeting) => ({ start: toLocalInput(from.start), end: toLocalInput(from.end), location: from.location ?? '', notes: from.notes ?? '', epaId: from.epaId });
  const [draft, setDraft] = useState(() => initial(meeting));
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState('');
  const [reason, setReason] = useState('');
  const [adding, setAdding] = useState(false);
  const stale = error instanceof ApiProblem && error.code === 'VERSION_MISMATCH';
  const active = base.status === 'provisional' || base.status === 'confirmed';
  const set = (field: keyof typeof draft) => (event: { currentTarget: { value: string } }) => setDraft({ ...draft, [field]: event.currentTarget.value });

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
    if (draft.start !== now.start || draft.end !== now.end) {
      change.start = fromLocalInput(draft.start) ?? draft.start;
      change.end = fromLocalInput(draft.end) ?? draft.end;
    }
    if (draft.location !== now.location) change.location = draft.location.trim() || null;
    if (draft.notes !== now.notes) change.notes = draft.notes.trim() || null;
    if (draft.epaId !== now.epaId) change.epaId = draft.epaId.trim();
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
      setError(undefined);
      setSaved('Reloaded: your edits are kept; check them and save again.');
    } catch (problem) {
      setError(problem);
    }
  };

  return (
    <section class="card" aria-labelledby="editor-heading">
      <h2 id="editor-heading">
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
      {!stale && <ProblemMessage error={error} fields={['start', 'end', 'location', 'notes', 'epaId']} />}
      {saved && (
        <p class="saved" role="status">
          {saved}
        </p>
      )}
      {active && (
        <form onSubmit={save} class="grid-2" aria-label="Change the meeting">
          <Field label="Start" hint="Your time zone" error={error} path="start">
            {(props) => <input {...props} type="datetime-local" value={draft.start} onInput={set('start')} />}
          </Field>
          <Field label="End" hint="Your time zone" error={error} path="end">
            {(props) => <input {...props} type="datetime-local" value={draft.end} onInput={set('end')} />}
          </Field>
          <Field label="End-point assessor" hint="User id" error={error} path="epaId">
            {(props) => <input {...props} value={draft.epaId} onInput={set('epaId')} />}
          </Field>
          <Field label="Location" error={error} path="location">
            {(props) => <input {...props} value={draft.location} onInput={set('location')} />}
          </Field>
          <Field label="Notes" error={error} path="notes">
            {(props) => <textarea {...props} value={draft.notes} onInput={set('notes')} />}
          </Field>
          <div>
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
            {attendee.name} <span class="hint">({attendeeRoleNames[attendee.role] ?? attendee.role}, {attendee.email})</span>{' '}
            {active && attendee.role !== 'apprentice' && attendee.role !== 'epa' && (
              <button type="button" class="small danger" onClick={() => void run(() => api.removeAttendee(base.id, attendee.id), `Removed ${attendee.name}.`)} aria-label={`Remove ${attendee.name}`}>
                Remove
              </button>
            )}
          </li>
        ))}
      </ul>
      {active && (
        <button type="button" onClick={() => setAdding(true)}>
          Add other attendees
        </button>
      )}
      <AddAttendeesDialog open={adding} meeting={base} onClose={() => setAdding(false)} onAdded={(next) => (changed(next, 'Attendee added.'), setAdding(false))} />
      {active && (
        <form
          class="inline"
          onSubmit={(event) => {
            event.preventDefault();
            void run(() => api.lifecycle(base.id, 'cancel', base.version, reason.trim() || undefined), 'Cancelled.');
          }}
        >
          <Field label="Reason for cancelling" hint="Optional; sent to the attendees">
            {(props) => <input {...props} value={reason} onInput={(event) => setReason(event.currentTarget.value)} />}
          </Field>
          <button type="submit" class="danger">
            Cancel meeting
          </button>
        </form>
      )}
      <MeetingDetails meeting={base} summary={false} />
    </section>
  );
};

export const ManageScreen = () => {
  const { api, organisationZone } = useApp();
  const session = useSession();
  const ownOnly = session.roles.length === 1 && session.roles[0] === 'epa';
  const [filters, setFilters] = useState({ apprenticeId: '', epaId: ownOnly ? session.userId : '', status: '', from: '', to: '' });
  const [query, setQuery] = useState<typeof filters & { cursor?: string }>(filters);
  const [open, setOpen] = useState<Meeting>();
  const list = useAsync(
    () => api.meetings({ ...query, status: (query.status || undefined) as MeetingStatus | undefined, limit: 50 }),
    [query],
  );
  const set = (field: keyof typeof filters) => (event: { currentTarget: { value: string } }) => setFilters({ ...filters, [field]: event.currentTarget.value });
  // A listing's problems name query parameters as `query.<name>`.
  const fields = ['apprenticeId', 'epaId', 'status', 'from', 'to'].map((name) => `query.${name}`);

  return (
    <section>
      <h1>Manage planning meetings</h1>
      <DirectBooking onBooked={(meeting) => (setOpen(meeting), list.reload())} />
      <form
        class="filters"
        aria-label="Filter planning meetings"
        onSubmit={(event) => {
          event.preventDefault();
          setQuery({ ...filters });
        }}
      >
        <Field label="Apprentice" hint="User id" error={list.error} path="query.apprenticeId">
          {(props) => <input {...props} value={filters.apprenticeId} onInput={set('apprenticeId')} />}
        </Field>
        <Field label="EPA" hint="User id" error={list.error} path="query.epaId">
          {(props) => <input {...props} value={filters.epaId} onInput={set('epaId')} />}
        </Field>
        <Field label="Status" error={list.error} path="query.status">
          {(props) => (
            <select {...props} value={filters.status} onChange={set('status')}>
              <option value="">Any</option>
              {statuses.map((status) => (
                <option key={status} value={status}>
                  {status}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="From" hint={`Day in ${organisationZone}`} error={list.error} path="query.from">
          {(props) => <input {...props} type="date" value={filters.from} onInput={set('from')} />}
        </Field>
        <Field label="To" hint={`Day in ${organisationZone}`} error={list.error} path="query.to">
          {(props) => <input {...props} type="date" value={filters.to} onInput={set('to')} />}
        </Field>
        <button type="submit">Filter</button>
      </form>
      <ProblemMessage error={list.error} fields={fields} />
      {list.data && list.data.items.length === 0 && <p>No planning meetings match.</p>}
      {list.data && list.data.items.length > 0 && (
        <table class="list">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Apprentice</th>
              <th scope="col">EPA</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span class="visually-hidden">Open</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.data.items.map((meeting) => (
              <tr key={meeting.id} class={open?.id === meeting.id ? 'chosen' : undefined}>
                <td>{span(meeting.start, meeting.end)}</td>
                <td>{nameOf(meeting, 'apprentice')}</td>
                <td>{nameOf(meeting, 'epa')}</td>
                <td>
                  <Status status={meeting.status} />
                </td>
                <td>
                  <button type="button" onClick={() => setOpen(meeting)} aria-label={`Open ${nameOf(meeting, 'apprentice')}, ${span(meeting.start, meeting.end)}`}>
                    Open
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {(list.data?.cursor || query.cursor) && (
        <div class="pages">
          {query.cursor && (
            <button type="button" onClick={() => setQuery({ ...filters })}>
              First page
            </button>
          )}
          {list.data?.cursor && (
            <button type="button" onClick={() => setQuery({ ...query, cursor: list.data!.cursor! })}>
              Next page
            </button>
          )}
        </div>
      )}
      {open && <MeetingEditor key={open.id} meeting={open} onChanged={() => list.reload()} />}
    </section>
  );
};
