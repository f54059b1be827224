import { useEffect, useState } from 'preact/hooks';
import type { ApprenticeListItem } from '../api.ts';
import { useApp } from '../app-context.ts';
import { when } from '../time.ts';
import { Field, ProblemMessage, useAsync } from '../ui.tsx';

export const stageNames: Record<ApprenticeListItem['gateway']['status'], string> = {
  notSubmitted: 'Gateway not submitted',
  submitted: 'Gateway submitted',
  approved: 'Gateway approved',
};
const meetingStatusNames: Record<string, string> = { provisional: 'Provisional', confirmed: 'Confirmed' };

/** The planning meeting listing (SPEC §3.5): find an apprentice by name, stage and meeting, then book or look. */
export const ApprenticeFinder = ({
  onPick,
  actionOf,
}: {
  onPick: (apprentice: ApprenticeListItem) => void;
  /** The button's words for each apprentice ("Book", "Edit"). */
  actionOf: (apprentice: ApprenticeListItem) => string;
}) => {
  const { api } = useApp();
  const [typed, setTyped] = useState('');
  const [query, setQuery] = useState({ q: '', gatewayStatus: '', meeting: '' });
  const [pages, setPages] = useState<{ cursor?: string | undefined; round: number }>({ round: 0 });
  const [items, setItems] = useState<ApprenticeListItem[]>([]);
  useEffect(() => {
    const pause = window.setTimeout(() => setQuery((current) => ({ ...current, q: typed.trim() })), 250);
    return () => window.clearTimeout(pause);
  }, [typed]);
  const page = useAsync(
    () => api.apprentices({ q: query.q || undefined, gatewayStatus: query.gatewayStatus || undefined, meeting: query.meeting || undefined, limit: 20, cursor: pages.cursor }),
    [query.q, query.gatewayStatus, query.meeting, pages.round],
  );
  useEffect(() => {
    if (page.data) setItems((current) => (pages.cursor ? [...current, ...page.data!.items] : page.data!.items));
  }, [page.data]);
  useEffect(() => setPages({ round: pages.round + 1 }), [query.q, query.gatewayStatus, query.meeting]);
  return (
    <section aria-labelledby="find-heading">
      <h2 id="find-heading">Find the apprentice</h2>
      <form class="finder" role="search" onSubmit={(event) => event.preventDefault()}>
        <Field label="Name" hint="Any part of a name, e.g. “ami” or “Alan Tur”">
          {(props) => <input {...props} type="search" value={typed} onInput={(event) => setTyped(event.currentTarget.value)} autocomplete="off" />}
        </Field>
        <Field label="Gateway stage">
          {(props) => (
            <select {...props} value={query.gatewayStatus} onChange={(event) => setQuery({ ...query, gatewayStatus: event.currentTarget.value })}>
              <option value="">Any stage</option>
              <option value="notSubmitted">Not submitted</option>
              <option value="submitted">Submitted</option>
              <option value="approved">Approved</option>
            </select>
          )}
        </Field>
        <Field label="Planning meeting">
          {(props) => (
            <select {...props} value={query.meeting} onChange={(event) => setQuery({ ...query, meeting: event.currentTarget.value })}>
              <option value="">Any</option>
              <option value="none">None booked</option>
              <option value="provisional">Provisional</option>
              <option value="confirmed">Confirmed</option>
            </select>
          )}
        </Field>
      </form>
      <ProblemMessage error={page.error} />
      {!page.loading && items.length === 0 && !page.error && <p class="hint">No apprentice matches. Try fewer letters or another filter.</p>}
      <ul class="apprentice-list" aria-label="Apprentices" aria-busy={page.loading}>
        {items.map((apprentice) => (
          <li key={apprentice.id}>
            <div>
              <strong>{apprentice.name}</strong>
              <span class="hint">
                {' '}
                {apprentice.standardName ?? ''}
                {apprentice.epaName ? ` · assessor ${apprentice.epaName}` : ''}
              </span>
              <div class="tags">
                <span class={`tag stage-${apprentice.gateway.status}`}>{stageNames[apprentice.gateway.status]}</span>{' '}
                {apprentice.planningMeeting ? (
                  <span class={`status status-${apprentice.planningMeeting.status}`}>
                    {meetingStatusNames[apprentice.planningMeeting.status] ?? apprentice.planningMeeting.status} · {when(apprentice.planningMeeting.start)}
                  </span>
                ) : (
                  <span class="hint">No planning meeting</span>
                )}
              </div>
            </div>
            <button type="button" onClick={() => onPick(apprentice)}>
              {actionOf(apprentice)}
              <span class="visually-hidden"> for {apprentice.name}</span>
            </button>
          </li>
        ))}
      </ul>
      {page.data?.cursor && (
        <button type="button" onClick={() => setPages({ cursor: page.data!.cursor ?? undefined, round: pages.round + 1 })}>
          Show more
        </button>
      )}
    </section>
  );
};

