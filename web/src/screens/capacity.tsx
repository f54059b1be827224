import { useState } from 'preact/hooks';
import type { MeetingStatus } from '#domain/planning-meeting.ts';
import type { Capacity, CapacityResults, Meeting } from '../api.ts';
import { useApp } from '../app-context.ts';
import { SYSTEM_GROUP } from '../permissions.ts';
import { GroupPicker, UserPicker, type Choice } from '../pickers.tsx';
import { addDays, calendarDay, fromLocalInput, mondayOf, span, toLocalInput, todayIn } from '../time.ts';
import { ConfirmDialog, Field, nameOf, ProblemMessage, Status, useAsync, useUserNames } from '../ui.tsx';

type Action = 'approve' | 'reject' | 'reassign' | 'reschedule';
type Result = CapacityResults['results'][number];

const resultInWords = (result: Result): string =>
  result.problem
    ? `Not saved: ${result.problem.detail}`
    : ({ approve: 'Approved', reject: 'Rejected', reassign: 'Reassigned', reschedule: 'Rescheduled' } as Record<string, string>)[result.action] ?? 'Saved';

/** Green for free time, through amber to red when an EPA's day is full; the number is always written too. */
const heat = (utilisation: number | null): string =>
  utilisation === null ? '#f1f3f5' : `hsl(${Math.round(120 - 120 * Math.min(utilisation, 1))} 65% ${Math.round(88 - 10 * Math.min(utilisation, 1))}%)`;

/** An EPA whose name the directory would not give: said so, never as an id. */
const UNNAMED = 'Assessor (name not available)';

const Board = ({ capacity, names }: { capacity: Capacity; names: ReadonlyMap<string, string> }) => {
  // Rows in the order of the names a person reads, not of the ids behind them.
  const epas = [...new Set(capacity.days.map((day) => day.epaId))].sort((a, b) => (names.get(a) ?? UNNAMED).localeCompare(names.get(b) ?? UNNAMED) || a.localeCompare(b));
  const dates = [...new Set(capacity.days.map((day) => day.date))].sort();
  const cell = new Map(capacity.days.map((day) => [`${day.epaId} ${day.date}`, day]));
  return (
    // Focusable, so a keyboard can scroll a wide board.
    <div class="board-wrap" tabIndex={0} role="region" aria-label="Capacity board">
      <table class="board">
        <caption>
          Available and booked minutes per EPA and day (days in {capacity.timeZone})<span class="scroll-hint"> · scroll sideways for more days</span>
        </caption>
        <thead>
          <tr>
            <th scope="col">EPA</th>
            {dates.map((date) => (
              <th scope="col" key={date}>
                {calendarDay(date).replace(/ \d{4}$/, '')}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {epas.map((epa) => (
            <tr key={epa}>
              <th scope="row">{names.get(epa) ?? UNNAMED}</th>
              {dates.map((date) => {
                const day = cell.get(`${epa} ${date}`);
                if (!day || day.availableMinutes === 0) return <td key={date} class="off">—</td>;
                return (
                  <td key={date} style={{ background: heat(day.utilisation) }}>
                    <span class="cell-main">{day.utilisation === null ? '–' : `${Math.round(day.utilisation * 100)}%`}</span>
                    <span class="cell-sub">
                      {day.bookedMinutes}/{day.availableMinutes} min
                    </span>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
};

interface Filters {
  from: string;
  to: string;
  group: Choice | undefined;
  epa: Choice | undefined;
  status: '' | 'provisional' | 'confirmed';
}

const filterLabels = { 'query.from': 'From', 'query.to': 'To', 'query.groupId': 'Group', 'query.epaId': 'End-point assessor', 'query.status': 'Status' };

export const CapacityScreen = () => {
  const { api, organisationZone } = useApp();
  const today = todayIn(organisationZone);
  const [filters, setFilters] = useState<Filters>({ from: mondayOf(today), to: addDays(mondayOf(today), 27), group: { ...SYSTEM_GROUP }, epa: undefined, status: '' });
  const [query, setQuery] = useState(filters);
  const capacity = useAsync(
    () =>
      api.capacity({
        from: query.from,
        to: query.to,
        groupId: query.epa ? undefined : query.group?.id,
        epaId: query.epa?.id,
        status: (query.status || undefined) as MeetingStatus | undefined,
      }),
    [query],
  );
  // Rows stay on screen after they are saved, with their result, until the next search.
  const [rows, setRows] = useState<Map<string, { meeting: Meeting; result?: Result }>>(new Map());
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [drafts, setDrafts] = useState<Record<string, { epaId?: string; start?: string }>>({});
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  // The bookings a reject dialog is open for, with a sentence saying which.
  const [rejecting, setRejecting] = useState<{ ids: string[]; what: string }>();

  const waiting = new Map(rows);
  for (const day of capacity.data?.days ?? [])
    for (const meeting of day.meetings) if (meeting.status === 'provisional' && !waiting.has(meeting.id)) waiting.set(meeting.id, { meeting });
  const list = [...waiting.values()].sort((a, b) => a.meeting.start.localeCompare(b.meeting.start));
  const epas = [...new Set((capacity.data?.days ?? []).map((day) => day.epaId))].sort();
  // The board's rows by name: the meetings name their EPAs; one directory read for each other EPA shown (a group has a handful).
  const known = new Map<string, string>();
  for (const day of capacity.data?.days ?? [])
    for (const meeting of day.meetings) for (const attendee of meeting.attendees) if (attendee.kind === 'user' && attendee.role === 'epa') known.set(attendee.userId, attendee.name);
  const { names: epaNames, settled } = useUserNames(api, epas, known);
  const pendingIds = list.filter(({ meeting }) => meeting.status === 'provisional').map(({ meeting }) => meeting.id);

  /** Sends one batch; each item is answered on its own row. A batch the API refuses as a whole throws. */
  const send = async (ids: string[], action: Action, reason?: string) => {
    const items = ids.map((id) => {
      const { meeting } = waiting.get(id)!;
      const base = { meetingId: id, ifVersion: meeting.version };
      if (action === 'reassign') return { ...base, action, epaId: drafts[id]?.epaId ?? meeting.epaId };
      if (action === 'reschedule') return { ...base, action, start: fromLocalInput(drafts[id]?.start ?? '') ?? meeting.start };
      return { ...base, action, ...(reason ? { reason } : {}) };
    });
    const { results } = await api.saveCapacityChanges(items);
    const next = new Map(waiting);
    for (const result of results) {
      const row = next.get(result.meetingId);
      if (row) next.set(result.meetingId, { meeting: result.meeting ?? row.meeting, result });
    }
    setRows(next);
    setSelected(new Set());
    capacity.reload();
  };
  const save = async (ids: string[], action: Action) => {
    setBusy(true);
    setError(undefined);
    try {
      await send(ids, action);
    } catch (problem) {
      setError(problem);
    } finally {
      setBusy(false);
    }
  };
  const reject = async (reason: string | undefined) => {
    if (!rejecting) return;
    await send(rejecting.ids, 'reject', reason);
    setRejecting(undefined);
  };

  const toggle = (id: string, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(id);
    else next.delete(id);
    setSelected(next);
  };

  return (
    <section>
      <h1>Booking capacity</h1>
      <form
        class="filters"
        aria-label="Show capacity"
        onSubmit={(event) => {
          event.preventDefault();
          setRows(new Map());
          setQuery(filters);
        }}
      >
        <Field label="From" hint={`Day in ${organisationZone}`} error={capacity.error} path="query.from">
          {(props) => <input {...props} type="date" value={filters.from} onInput={(event) => setFilters({ ...filters, from: event.currentTarget.value })} />}
        </Field>
        <Field label="To" hint={`Day in ${organisationZone}`} error={capacity.error} path="query.to">
          {(props) => <input {...props} type="date" value={filters.to} onInput={(event) => setFilters({ ...filters, to: event.currentTarget.value })} />}
        </Field>
        <GroupPicker
          label="Group"
          hint={filters.epa ? 'Not used while one assessor is chosen' : 'Its members’ days'}
          placeholder="Type a group’s name"
          value={filters.group}
          onChange={(group) => setFilters({ ...filters, group })}
          disabled={!!filters.epa}
        />
        <UserPicker
          label="End-point assessor"
          hint="One assessor instead of the group"
          placeholder="Any in the group"
          role="epa"
          value={filters.epa}
          onChange={(epa) => setFilters({ ...filters, epa })}
        />
        <Field label="Status" error={capacity.error} path="query.status">
          {(props) => (
            <select {...props} value={filters.status} onChange={(event) => setFilters({ ...filters, status: event.currentTarget.value as Filters['status'] })}>
              <option value="">Provisional and confirmed</option>
              <option value="provisional">Provisional</option>
              <option value="confirmed">Confirmed</option>
            </select>
          )}
        </Field>
        <button type="submit">Show</button>
      </form>
      <ProblemMessage error={capacity.error} fields={['query.from', 'query.to', 'query.status']} labels={filterLabels} />
      {capacity.data && settled && <Board capacity={capacity.data} names={epaNames} />}
      {capacity.data && !settled && <p class="hint">Loading…</p>}

      <h2>Waiting for approval</h2>
      <ProblemMessage error={error} />
      {list.length === 0 ? (
        <p class="hint">No provisional bookings in these dates.</p>
      ) : (
        <>
          <div class="batch" role="group" aria-label="Selected bookings">
            <span>{selected.size} selected</span>
            <button type="button" class="primary" disabled={busy || selected.size === 0} onClick={() => void save([...selected], 'approve')}>
              Approve selected
            </button>
            <button
              type="button"
              disabled={busy || selected.size === 0}
              onClick={() => setRejecting({ ids: [...selected], what: selected.size === 1 ? 'The selected booking is' : `The ${selected.size} selected bookings are` })}
            >
              Reject selected…
            </button>
          </div>
          <table class="list waiting">
            <thead>
              <tr>
                <th scope="col">
                  <input
                    type="checkbox"
                    aria-label="Select every booking waiting for approval"
                    checked={pendingIds.length > 0 && pendingIds.every((id) => selected.has(id))}
                    onChange={(event) => setSelected(new Set(event.currentTarget.checked ? pendingIds : []))}
                  />
                </th>
                <th scope="col">When</th>
                <th scope="col">Apprentice</th>
                <th scope="col">End-point assessor</th>
                <th scope="col">Status</th>
                <th scope="col">Change</th>
                <th scope="col">Result</th>
              </tr>
            </thead>
            <tbody>
              {list.map(({ meeting, result }) => {
                const pending = meeting.status === 'provisional';
                const label = `${nameOf(meeting, 'apprentice')}, ${span(meeting.start, meeting.end)}`;
                return (
                  <tr key={meeting.id} data-meeting={meeting.id}>
                    <td>
                      {pending && (
                        <input type="checkbox" aria-label={`Select ${label}`} checked={selected.has(meeting.id)} onChange={(event) => toggle(meeting.id, event.currentTarget.checked)} />
                      )}
                    </td>
                    <td data-label="When">{span(meeting.start, meeting.end)}</td>
                    <td data-label="Apprentice">{nameOf(meeting, 'apprentice')}</td>
                    <td data-label="Assessor">{nameOf(meeting, 'epa')}</td>
                    <td data-label="Status">
                      <Status status={meeting.status} />
                    </td>
                    <td>
                      {pending && (
                        <div class="row-actions">
                          <button type="button" disabled={busy} onClick={() => void save([meeting.id], 'approve')} aria-label={`Approve ${label}`}>
                            Approve
                          </button>
                          <button type="button" disabled={busy} onClick={() => setRejecting({ ids: [meeting.id], what: `${label} is` })} aria-label={`Reject ${label}`}>
                            Reject…
                          </button>
                          <select aria-label={`Reassign ${label} to`} value={drafts[meeting.id]?.epaId ?? meeting.epaId} onChange={(event) => setDrafts({ ...drafts, [meeting.id]: { ...drafts[meeting.id], epaId: event.currentTarget.value } })}>
                            {[...new Set([meeting.epaId, ...epas])].map((epa) => (
                              <option key={epa} value={epa}>
                                {epaNames.get(epa) ?? (epa === meeting.epaId ? nameOf(meeting, 'epa') : UNNAMED)}
                              </option>
                            ))}
                          </select>
                          <button type="button" disabled={busy} onClick={() => void save([meeting.id], 'reassign')}>
                            Reassign
                          </button>
                          <input type="datetime-local" aria-label={`New start of ${label}`} value={drafts[meeting.id]?.start ?? toLocalInput(meeting.start)} onInput={(event) => setDrafts({ ...drafts, [meeting.id]: { ...drafts[meeting.id], start: event.currentTarget.value } })} />
                          <button type="button" disabled={busy} onClick={() => void save([meeting.id], 'reschedule')}>
                            Reschedule
                          </button>
                        </div>
                      )}
                    </td>
                    <td class={result?.problem ? 'result failed' : 'result'} aria-live="polite">
                      {result && resultInWords(result)}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </>
      )}
      <ConfirmDialog
        open={!!rejecting}
        title={rejecting && rejecting.ids.length > 1 ? `Reject ${rejecting.ids.length} provisional bookings?` : 'Reject this provisional booking?'}
        confirmLabel={rejecting && rejecting.ids.length > 1 ? `Reject ${rejecting.ids.length} bookings` : 'Reject the booking'}
        reason="required"
        reasonLabel="Reason for rejecting"
        reasonHint="Sent to the attendees in the rejection email"
        onConfirm={reject}
        onClose={() => setRejecting(undefined)}
      >
        <p>{rejecting?.what} rejected and the time freed; the apprentice can book another time.</p>
      </ConfirmDialog>
    </section>
  );
};
