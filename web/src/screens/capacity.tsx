import { useState } from 'preact/hooks';
import type { MeetingStatus } from '#domain/planning-meeting.ts';
import type { Capacity, CapacityResults, Meeting } from '../api.ts';
import { useApp } from '../app-context.ts';
import { SYSTEM_GROUP } from '../permissions.ts';
import { addDays, calendarDay, fromLocalInput, mondayOf, span, toLocalInput, todayIn } from '../time.ts';
import { Field, nameOf, ProblemMessage, Status, useAsync } from '../ui.tsx';

type Action = 'approve' | 'reject' | 'reassign' | 'reschedule';
type Result = CapacityResults['results'][number];

const resultInWords = (result: Result): string =>
  result.problem
    ? `Not saved: ${result.problem.detail}`
    : ({ approve: 'Approved', reject: 'Rejected', reassign: 'Reassigned', reschedule: 'Rescheduled' } as Record<string, string>)[result.action] ?? 'Saved';

/** Green for free time, through amber to red when an EPA's day is full; the number is always written too. */
const heat = (utilisation: number | null): string =>
  utilisation === null ? '#f1f3f5' : `hsl(${Math.round(120 - 120 * Math.min(utilisation, 1))} 65% ${Math.round(88 - 10 * Math.min(utilisation, 1))}%)`;

const Board = ({ capacity, names }: { capacity: Capacity; names: ReadonlyMap<string, string> }) => {
  const epas = [...new Set(capacity.days.map((day) => day.epaId))].sort();
  const dates = [...new Set(capacity.days.map((day) => day.date))].sort();
  const cell = new Map(capacity.days.map((day) => [`${day.epaId} ${day.date}`, day]));
  return (
    // Focusable, so a keyboard can scroll a wide board.
    <div class="board-wrap" tabIndex={0} role="region" aria-label="Capacity board">
      <table class="board">
        <caption>
          Available and booked minutes per EPA and day (days in {capacity.timeZone})
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
              <th scope="row">
                {names.get(epa) ?? epa}
                {names.has(epa) && <span class="cell-sub">{epa}</span>}
              </th>
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

export const CapacityScreen = () => {
  const { api, organisationZone } = useApp();
  const today = todayIn(organisationZone);
  const [filters, setFilters] = useState<Record<'from' | 'to' | 'groupId' | 'epaId' | 'status', string>>({ from: mondayOf(today), to: addDays(mondayOf(today), 27), groupId: SYSTEM_GROUP.id, epaId: '', status: '' });
  const [query, setQuery] = useState(filters);
  const capacity = useAsync(
    () => api.capacity({ from: query.from, to: query.to, groupId: query.epaId ? undefined : query.groupId || undefined, epaId: query.epaId || undefined, status: (query.status || undefined) as MeetingStatus | undefined }),
    [query],
  );
  // Rows stay on screen after they are saved, with their result, until the next search.
  const [rows, setRows] = useState<Map<string, { meeting: Meeting; result?: Result }>>(new Map());
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [drafts, setDrafts] = useState<Record<string, { epaId?: string; start?: string }>>({});
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const waiting = new Map(rows);
  for (const day of capacity.data?.days ?? [])
    for (const meeting of day.meetings) if (meeting.status === 'provisional' && !waiting.has(meeting.id)) waiting.set(meeting.id, { meeting });
  const list = [...waiting.values()].sort((a, b) => a.meeting.start.localeCompare(b.meeting.start));
  const epas = [...new Set((capacity.data?.days ?? []).map((day) => day.epaId))].sort();
  // The board's rows by name: one directory read per EPA shown (a group has a handful).
  const epaNames = useAsync(
    async () => new Map((await Promise.all(epas.map(async (id) => [id, (await api.user(id).catch(() => undefined))?.name] as const))).filter((entry): entry is readonly [string, string] => !!entry[1])),
    [epas.join(' ')],
  );
  const pendingIds = list.filter(({ meeting }) => meeting.status === 'provisional').map(({ meeting }) => meeting.id);

  const save = async (ids: string[], action: Action) => {
    setBusy(true);
    setError(undefined);
    try {
      const items = ids.map((id) => {
        const { meeting } = waiting.get(id)!;
        const base = { meetingId: id, ifVersion: meeting.version };
        if (action === 'reassign') return { ...base, action, epaId: drafts[id]?.epaId ?? meeting.epaId };
        if (action === 'reschedule') return { ...base, action, start: fromLocalInput(drafts[id]?.start ?? '') ?? meeting.start };
        return { ...base, action };
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
    } catch (problem) {
      setError(problem);
    } finally {
      setBusy(false);
    }
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
        <Field label="Group" hint="Group id" error={capacity.error} path="query.groupId">
          {(props) => <input {...props} size={28} value={filters.groupId} onInput={(event) => setFilters({ ...filters, groupId: event.currentTarget.value })} />}
        </Field>
        <Field label="EPA" hint="User id; instead of the group" error={capacity.error} path="query.epaId">
          {(props) => <input {...props} value={filters.epaId} onInput={(event) => setFilters({ ...filters, epaId: event.currentTarget.value })} />}
        </Field>
        <Field label="Status" error={capacity.error} path="query.status">
          {(props) => (
            <select {...props} value={filters.status} onChange={(event) => setFilters({ ...filters, status: event.currentTarget.value })}>
              <option value="">Provisional and confirmed</option>
              <option value="provisional">Provisional</option>
              <option value="confirmed">Confirmed</option>
            </select>
          )}
        </Field>
        <button type="submit">Show</button>
      </form>
      <ProblemMessage error={capacity.error} fields={['query.from', 'query.to', 'query.groupId', 'query.epaId', 'query.status']} />
      {capacity.data && <Board capacity={capacity.data} names={epaNames.data ?? new Map()} />}

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
            <button type="button" disabled={busy || selected.size === 0} onClick={() => void save([...selected], 'reject')}>
              Reject selected
            </button>
          </div>
          <table class="list">
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
                <th scope="col">EPA</th>
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
                    <td>{span(meeting.start, meeting.end)}</td>
                    <td>{nameOf(meeting, 'apprentice')}</td>
                    <td>{nameOf(meeting, 'epa')}</td>
                    <td>
                      <Status status={meeting.status} />
                    </td>
                    <td>
                      {pending && (
                        <div class="row-actions">
                          <button type="button" disabled={busy} onClick={() => void save([meeting.id], 'approve')} aria-label={`Approve ${label}`}>
                            Approve
                          </button>
                          <button type="button" disabled={busy} onClick={() => void save([meeting.id], 'reject')} aria-label={`Reject ${label}`}>
                            Reject
                          </button>
                          <select aria-label={`Reassign ${label} to`} value={drafts[meeting.id]?.epaId ?? meeting.epaId} onChange={(event) => setDrafts({ ...drafts, [meeting.id]: { ...drafts[meeting.id], epaId: event.currentTarget.value } })}>
                            {epas.map((epa) => (
                              <option key={epa} value={epa}>
                                {epaNames.data?.get(epa) ?? epa}
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
    </section>
  );
};
