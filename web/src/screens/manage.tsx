import { useState } from 'preact/hooks';
import type { MeetingStatus } from '#domain/planning-meeting.ts';
import { ApiProblem, type Meeting } from '../api.ts';
import { useApp, useSession } from '../app-context.ts';
import { ApprenticePicker, UserPicker, type Choice } from '../pickers.tsx';
import { addDays, calendarDay, fromLocalInput, span, todayIn } from '../time.ts';
import { Field, nameOf, ProblemMessage, Status, useAsync } from '../ui.tsx';
import { MeetingEditor } from './meeting-editor.tsx';

const statuses: MeetingStatus[] = ['provisional', 'confirmed', 'rejected', 'cancelled', 'expired'];
const statusNames: Record<MeetingStatus, string> = {
  provisional: 'Provisional (waiting for approval)',
  confirmed: 'Confirmed',
  rejected: 'Rejected',
  cancelled: 'Cancelled',
  expired: 'Expired',
};
/** What the status filter offers: the active meetings by default, one status, or every one. */
type StatusFilter = 'active' | 'any' | MeetingStatus;

/** How far ahead the screen looks when it opens: the coming four weeks. */
const COMING_DAYS = 27;

const bookingLabels = { apprenticeId: 'Apprentice', epaId: 'End-point assessor', start: 'Start', end: 'End', location: 'Location', notes: 'Notes' };

/** Direct (confirmed) booking: staff name the EPA and may place it anywhere (no booking window). */
const DirectBooking = ({ onBooked }: { onBooked: (meeting: Meeting) => void }) => {
  const { api } = useApp();
  const [apprentice, setApprentice] = useState<Choice>();
  const [epa, setEpa] = useState<Choice>();
  const [form, setForm] = useState({ start: '', end: '', location: '', notes: '' });
  const [error, setError] = useState<unknown>();
  const [missing, setMissing] = useState<{ apprentice?: boolean; epa?: boolean }>({});
  const [key, setKey] = useState(() => crypto.randomUUID());
  const set = (field: keyof typeof form) => (event: { currentTarget: { value: string } }) => setForm({ ...form, [field]: event.currentTarget.value });
  const submit = async (event: Event) => {
    event.preventDefault();
    setError(undefined);
    setMissing({ apprentice: !apprentice, epa: !epa });
    if (!apprentice || !epa) return;
    try {
      const end = fromLocalInput(form.end);
      const meeting = await api.book(
        {
          status: 'confirmed',
          apprenticeId: apprentice.id,
          epaId: epa.id,
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
  const fieldError = (path: string) => (error instanceof ApiProblem ? error.fieldError(path) : undefined);
  return (
    <details class="card">
      <summary>
        <strong>Book directly</strong> (confirmed at once, with the assessor you name)
      </summary>
      <form onSubmit={(event) => void submit(event)} class="grid-2" aria-label="Book directly">
        <ApprenticePicker
          label="Apprentice"
          value={apprentice}
          onChange={(choice) => (setApprentice(choice), choice && setMissing({ ...missing, apprentice: false }))}
          error={missing.apprentice ? 'Pick the apprentice by name.' : fieldError('apprenticeId')}
          required
        />
        <UserPicker
          label="End-point assessor"
          role="epa"
          value={epa}
          onChange={(choice) => (setEpa(choice), choice && setMissing({ ...missing, epa: false }))}
          error={missing.epa ? 'Pick the end-point assessor by name.' : fieldError('epaId')}
          required
        />
        <Field label="Start" hint="Your time zone" error={error} path="start">
          {(props) => <input {...props} type="datetime-local" value={form.start} onInput={set('start')} required />}
        </Field>
        <Field label="End" hint="Optional: the standard's meeting length otherwise" error={error} path="end">
          {(props) => <input {...props} type="datetime-local" value={form.end} onInput={set('end')} />}
        </Field>
        <Field label="Location" error={error} path="location">
          {(props) => <input {...props} value={form.location} onInput={set('location')} />}
        </Field>
        <Field label="Notes" error={error} path="notes">
          {(props) => <input {...props} value={form.notes} onInput={set('notes')} />}
        </Field>
        <div class="form-actions">
          <ProblemMessage error={error} fields={Object.keys(bookingLabels)} labels={bookingLabels} />
          <button type="submit" class="primary">
            Book confirmed meeting
          </button>
        </div>
      </form>
    </details>
  );
};

interface Filters {
  apprentice: Choice | undefined;
  epa: Choice | undefined;
  status: StatusFilter;
  from: string;
  to: string;
}
/** One listing call of the filter: the status it asks for (none: every status) and where its pages stand. */
interface Stream {
  status: MeetingStatus | undefined;
  cursor: string | null;
}
interface Listing {
  items: Meeting[];
  streams: Stream[];
}

/**
 * The listing takes one status at a time, and without an apprentice or an EPA it needs
 * one (it reads one index partition per call); so "active" is the provisional and the
 * confirmed listings, read side by side and merged in order of start.
 */
const streamsOf = (filters: Filters): Stream[] => {
  const wanted: Array<MeetingStatus | undefined> =
    filters.status === 'active' ? ['provisional', 'confirmed'] : filters.status === 'any' ? (filters.apprentice || filters.epa ? [undefined] : statuses) : [filters.status];
  return wanted.map((status) => ({ status, cursor: null }));
};

const filtersInWords = (filters: Filters, zone: string): string => {
  const what = filters.status === 'active' ? 'Provisional and confirmed meetings' : filters.status === 'any' ? 'Meetings of every status' : `${statusNames[filters.status].replace(/ \(.*\)$/, '')} meetings`;
  const who = [filters.apprentice && `of ${filters.apprentice.name}`, filters.epa && `with ${filters.epa.name}`].filter(Boolean).join(' ');
  const when = filters.from && filters.to ? `from ${calendarDay(filters.from)} to ${calendarDay(filters.to)}` : filters.from ? `from ${calendarDay(filters.from)}` : filters.to ? `until ${calendarDay(filters.to)}` : '';
  return `${[what, who, when].filter(Boolean).join(' ')} (days in ${zone})`;
};

export const ManageScreen = () => {
  const { api, organisationZone } = useApp();
  const session = useSession();
  // An EPA manages the meetings it attends: its own list, without an EPA filter.
  const ownOnly = session.roles.length === 1 && session.roles[0] === 'epa';
  const today = todayIn(organisationZone);
  const [filters, setFilters] = useState<Filters>({
    apprentice: undefined,
    epa: ownOnly ? { id: session.userId, name: session.name } : undefined,
    status: 'active',
    from: today,
    to: addDays(today, COMING_DAYS),
  });
  const [query, setQuery] = useState(filters);
  const [more, setMore] = useState<Listing>();
  const [open, setOpen] = useState<Meeting>();

  const read = async (wanted: Filters, streams: Stream[], first: boolean): Promise<Listing> => {
    const pages = await Promise.all(
      streams.map(async (stream) => {
        if (!first && !stream.cursor) return { stream, items: [] as Meeting[] };
        const page = await api.meetings({
          apprenticeId: wanted.apprentice?.id,
          epaId: wanted.epa?.id,
          status: stream.status,
          from: wanted.from || undefined,
          to: wanted.to || undefined,
          limit: 50,
          cursor: stream.cursor ?? undefined,
        });
        return { stream: { ...stream, cursor: page.cursor ?? null }, items: page.items };
      }),
    );
    return { items: pages.flatMap((page) => page.items), streams: pages.map((page) => page.stream) };
  };
  const list = useAsync(() => (setMore(undefined), read(query, streamsOf(query), true)), [query]);
  const shown = more ?? list.data;
  const items = [...new Map((shown?.items ?? []).map((meeting) => [meeting.id, meeting])).values()].sort((a, b) => a.start.localeCompare(b.start));
  const hasMore = shown?.streams.some((stream) => stream.cursor) ?? false;
  const [moreError, setMoreError] = useState<unknown>();
  const showMore = async () => {
    if (!shown) return;
    setMoreError(undefined);
    try {
      const next = await read(query, shown.streams, false);
      setMore({ items: [...shown.items, ...next.items], streams: next.streams });
    } catch (problem) {
      setMoreError(problem);
    }
  };
  const reload = () => list.reload();
  // A listing's problems name query parameters as `query.<name>`.
  const labels = { 'query.apprenticeId': 'Apprentice', 'query.epaId': 'End-point assessor', 'query.status': 'Status', 'query.from': 'From', 'query.to': 'To' };

  return (
    <section>
      <h1>Manage planning meetings</h1>
      <DirectBooking onBooked={(meeting) => (setOpen(meeting), reload())} />
      <form
        class="filters meeting-filters"
        aria-label="Filter planning meetings"
        onSubmit={(event) => {
          event.preventDefault();
          setQuery({ ...filters });
        }}
      >
        <ApprenticePicker label="Apprentice" placeholder="Any apprentice" value={filters.apprentice} onChange={(apprentice) => setFilters({ ...filters, apprentice })} />
        {!ownOnly && <UserPicker label="End-point assessor" placeholder="Any assessor" role="epa" value={filters.epa} onChange={(epa) => setFilters({ ...filters, epa })} />}
        <Field label="Status" error={list.error} path="query.status">
          {(props) => (
            <select {...props} value={filters.status} onChange={(event) => setFilters({ ...filters, status: event.currentTarget.value as StatusFilter })}>
              <option value="active">Provisional and confirmed</option>
              {statuses.map((status) => (
                <option key={status} value={status}>
                  {statusNames[status]}
                </option>
              ))}
              <option value="any">Any status</option>
            </select>
          )}
        </Field>
        {/* Days in the organisation's zone: the heading under the form says so. */}
        <Field label="From" error={list.error} path="query.from">
          {(props) => <input {...props} type="date" value={filters.from} onInput={(event) => setFilters({ ...filters, from: event.currentTarget.value })} />}
        </Field>
        <Field label="To" error={list.error} path="query.to">
          {(props) => <input {...props} type="date" value={filters.to} onInput={(event) => setFilters({ ...filters, to: event.currentTarget.value })} />}
        </Field>
        <button type="submit">Filter</button>
      </form>
      <ProblemMessage error={list.error} fields={Object.keys(labels)} labels={labels} />
      <h2 id="meetings-heading">{filtersInWords(query, organisationZone)}</h2>
      {list.loading && !shown && <p class="hint">Loading…</p>}
      {shown && items.length === 0 && <p>No planning meetings match. Widen the dates or choose another status.</p>}
      {items.length > 0 && (
        <table class="list meetings" aria-labelledby="meetings-heading">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Apprentice</th>
              <th scope="col">End-point assessor</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span class="visually-hidden">Open</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((meeting) => (
              <tr key={meeting.id} class={open?.id === meeting.id ? 'chosen' : undefined}>
                <td data-label="When">{span(meeting.start, meeting.end)}</td>
                <td data-label="Apprentice">{nameOf(meeting, 'apprentice')}</td>
                <td data-label="Assessor">{nameOf(meeting, 'epa')}</td>
                <td data-label="Status">
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
      {hasMore && (
        <div class="pages">
          <button type="button" onClick={() => void showMore()}>
            Show more meetings
          </button>
        </div>
      )}
      <ProblemMessage error={moreError} />
      {open && <MeetingEditor key={open.id} meeting={open} onChanged={reload} />}
    </section>
  );
};
