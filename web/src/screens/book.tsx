import { useEffect, useState } from 'preact/hooks';
import type { AvailabilityReason } from '#domain/availability-reason.ts';
import type { Meeting, Slots } from '../api.ts';
import { useApp, useSession } from '../app-context.ts';
import { SYSTEM_GROUP } from '../permissions.ts';
import { addDays, calendarDay, clock, dateInWords, dayIn, mondayOf, span, todayIn, viewerZone, when, zoneAbbreviation } from '../time.ts';
import { Field, ProblemMessage, useAsync } from '../ui.tsx';
import { MeetingDetails } from './meeting-details.tsx';

/** Why there is nothing to book, and what to do about it (SPEC §3.1), in plain words. */
const reasons: Record<AvailabilityReason, { what: string; todo: string }> = {
  NO_EPA_ASSIGNED: {
    what: 'No end-point assessor is assigned to this apprentice, and their standard takes its times from the apprentice’s own assessor.',
    todo: 'Ask your end-point-assessment organisation to assign an assessor, or to change the standard’s source of availability.',
  },
  EPA_HAS_NO_AVAILABILITY: {
    what: 'The apprentice’s end-point assessor has no working hours set.',
    todo: 'Ask your end-point-assessment organisation to set the assessor’s weekly hours.',
  },
  GROUP_NOT_CONFIGURED: {
    what: 'Nobody in the group that offers these planning meetings has working hours.',
    todo: 'Ask your end-point-assessment organisation to add assessors with working hours to the group.',
  },
  OUTSIDE_BOOKING_WINDOW: {
    what: 'This week is outside the booking window.',
    todo: 'Choose a week inside the dates shown above.',
  },
  NO_WORKING_HOURS: { what: 'Nobody who takes planning meetings works this week.', todo: 'Try another week.' },
  FULLY_BOOKED: { what: 'Every time this week is already taken.', todo: 'Try the next week.' },
};

const sourceInWords = (source: Slots['source']): string =>
  !source
    ? 'nobody yet (see below)'
    : source.type === 'group'
      ? `the group “${source.groupId === SYSTEM_GROUP.id ? SYSTEM_GROUP.name : source.groupId}”`
      : `the apprentice’s end-point assessor (${source.epaId})`;

/**
 * Where the window comes from, in plain words (SPEC §3.4): the stage, its date, and the
 * dates it gives, e.g. "Your gateway was submitted on 11 January 2027; meetings can be
 * booked from … to …".
 */
export const windowInWords = (window: Slots['window'], forSelf: boolean): string => {
  const whose = forSelf ? 'Your' : 'Their';
  const date = window.anchorDate ? dateInWords(window.anchorDate) : undefined;
  const stage = {
    notSubmitted: date
      ? `${whose} gateway is not submitted yet; the estimated EPA date is ${date}`
      : `${whose} gateway is not submitted yet and no estimated EPA date is recorded, so the window counts from today`,
    submitted: date ? `${whose} gateway was submitted on ${date}` : `${whose} gateway was submitted (no date recorded, so the window counts from today)`,
    approved: date ? `${whose} gateway was approved; the audit was submitted on ${date}` : `${whose} gateway is approved`,
  }[window.gatewayStatus];
  if (Date.parse(window.earliest) > Date.parse(window.latest)) return `${stage}. No meetings can be booked at the moment.`;
  return `${stage}. Meetings can be booked from ${when(window.earliest)} to ${when(window.latest)}.`;
};

const SlotPicker = ({ apprenticeId, forSelf, onBooked }: { apprenticeId: string; forSelf: boolean; onBooked: (meeting: Meeting) => void }) => {
  const { api, organisationZone } = useApp();
  const [week, setWeek] = useState(() => mondayOf(todayIn(organisationZone)));
  const [chosen, setChosen] = useState<{ start: string; end: string }>();
  const [attempt, setAttempt] = useState(() => crypto.randomUUID());
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  // Weeks the picker may still move on by itself, until it shows one with times.
  const [lookAhead, setLookAhead] = useState(8);
  const to = addDays(week, 6);
  const slots = useAsync(() => api.slots(apprenticeId, week, to), [apprenticeId, week]);

  // The first visit lands on the first week with times, rather than an empty one: the
  // booking window's first week, or the next while a week is full or nobody works.
  useEffect(() => {
    const answer = slots.data;
    if (slots.loading || !answer || lookAhead === 0) return;
    const moveOn = answer.reason === 'OUTSIDE_BOOKING_WINDOW' || answer.reason === 'FULLY_BOOKED' || answer.reason === 'NO_WORKING_HOURS';
    const last = mondayOf(dayIn(answer.window.latest, organisationZone));
    if (!moveOn || week >= last) return setLookAhead(0);
    const first = mondayOf(dayIn(answer.window.earliest, organisationZone));
    setLookAhead(lookAhead - 1);
    setWeek(first > week ? first : addDays(week, 7));
  }, [slots.data, slots.loading]);
  const browse = (next: string) => {
    setLookAhead(0);
    setWeek(next);
    setChosen(undefined);
  };

  const byDay = new Map<string, Slots['slots']>();
  for (const slot of slots.data?.slots ?? []) {
    const day = dayIn(slot.start, viewerZone());
    byDay.set(day, [...(byDay.get(day) ?? []), slot]);
  }
  // The week's days in the organisation's zone, plus any day a slot falls on in the viewer's
  // zone (far from the organisation, Sunday evening there can be Monday here).
  const days = [...new Set([...Array.from({ length: 7 }, (_, index) => addDays(week, index)), ...byDay.keys()])].sort();

  const book = async () => {
    if (!chosen) return;
    setBusy(true);
    setError(undefined);
    try {
      onBooked(await api.book({ status: 'provisional', apprenticeId, start: chosen.start }, attempt));
    } catch (problem) {
      setError(problem);
      setAttempt(crypto.randomUUID());
      slots.reload();
    } finally {
      setBusy(false);
    }
  };

  const reason = slots.data?.reason ? reasons[slots.data.reason] : undefined;
  const bookableFrom = slots.data?.window.epaDateBookingFrom ?? undefined;
  const tooEarly = (start: string) => bookableFrom !== undefined && Date.parse(start) < Date.parse(bookableFrom);
  return (
    <section aria-labelledby="pick-heading">
      <h2 id="pick-heading">Choose a time</h2>
      {slots.data && (
        <>
          <p class="window-sentence">{windowInWords(slots.data.window, forSelf)}</p>
          {slots.data.window.additionalInfo && (
            <div class="notice additional-info" role="note" aria-label="From your end-point-assessment organisation">
              {slots.data.window.additionalInfo}
            </div>
          )}
          {bookableFrom && (
            <div class="notice warning" role="note">
              Training providers can book this apprentice’s planning meeting from {when(bookableFrom)}, before the estimated EPA date. Earlier times are shown
              but cannot be chosen by you.
            </div>
          )}
          <dl class="facts">
            <dt>Times offered by</dt>
            <dd>{sourceInWords(slots.data.source)}</dd>
          </dl>
        </>
      )}
      <div class="week-nav">
        <button type="button" onClick={() => browse(addDays(week, -7))}>
          ← Previous week
        </button>
        <h3 aria-live="polite">
          Week of {calendarDay(week)} <span class="hint">(days in {organisationZone})</span>
        </h3>
        <button type="button" onClick={() => browse(addDays(week, 7))}>
          Next week →
        </button>
      </div>
      <ProblemMessage error={slots.error} />
      {slots.loading && <p class="hint">Looking for times…</p>}
      {!slots.loading && reason && (
        <div class="notice" role="status">
          <strong>No times to book.</strong> {reason.what} {reason.todo}
        </div>
      )}
      {!slots.loading && !reason && slots.data && (
        <div class="slot-grid" role="group" aria-label={`Times in ${viewerZone()}`} style={{ gridTemplateColumns: `repeat(${days.length}, minmax(5.5rem, 1fr))` }}>
          {days.map((day) => (
            <div class="slot-day" key={day}>
              <h4>{calendarDay(day).replace(/ \d{4}$/, '')}</h4>
              {(byDay.get(day) ?? []).map((slot) => (
                <button
                  type="button"
                  key={slot.start}
                  class="slot"
                  aria-pressed={chosen?.start === slot.start}
                  aria-label={tooEarly(slot.start) ? `${span(slot.start, slot.end)}, before the EPA date booking period` : span(slot.start, slot.end)}
                  disabled={tooEarly(slot.start)}
                  onClick={() => (setChosen(slot), setError(undefined))}
                >
                  {clock(slot.start)}
                </button>
              ))}
              {(byDay.get(day) ?? []).length === 0 && <span class="hint">—</span>}
            </div>
          ))}
        </div>
      )}
      {slots.data && slots.data.slots.length > 0 && (
        <p class="hint">
          Times in {viewerZone()} ({zoneAbbreviation(slots.data.slots[0]!.start)}).
        </p>
      )}
      {chosen && (
        <div class="confirm" role="region" aria-label="Your choice">
          <p>
            <strong>{span(chosen.start, chosen.end)}</strong>
          </p>
          <p class="hint">A provisional booking holds the time until the organisation approves it; you will get an invitation by email.</p>
          <ProblemMessage error={error} />
          <button type="button" class="primary" disabled={busy} onClick={() => void book()}>
            Book provisionally
          </button>
        </div>
      )}
    </section>
  );
};

/** The apprentice's planning meeting (the active one, else the latest) and the picker when there is none active. */
export const BookScreen = () => {
  const { api } = useApp();
  const session = useSession();
  const forSelf = session.roles.includes('apprentice');
  const [apprenticeId, setApprenticeId] = useState(forSelf ? session.userId : '');
  const [typed, setTyped] = useState(apprenticeId);
  const meetings = useAsync(
    async () => (apprenticeId ? (await api.meetings({ apprenticeId, limit: 50 })).items : []),
    [apprenticeId],
  );
  const active = meetings.data?.find((meeting) => meeting.status === 'provisional' || meeting.status === 'confirmed');
  const latest = active ?? [...(meetings.data ?? [])].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))[0];

  return (
    <section>
      <h1>{forSelf ? 'Book your planning meeting' : 'Book a planning meeting'}</h1>
      {!forSelf && (
        <form
          class="inline"
          onSubmit={(event) => {
            event.preventDefault();
            setApprenticeId(typed.trim());
          }}
        >
          <Field label="Apprentice" hint="The apprentice’s user id, e.g. apprentice-1">
            {(props) => <input {...props} value={typed} onInput={(event) => setTyped(event.currentTarget.value)} autocomplete="off" />}
          </Field>
          <button type="submit">Show times</button>
        </form>
      )}
      {apprenticeId && (
        <>
          <ProblemMessage error={meetings.error} />
          {latest && (
            <section aria-labelledby="mine-heading" class="card">
              <h2 id="mine-heading">{forSelf ? 'My planning meeting' : 'Their planning meeting'}</h2>
              <MeetingDetails meeting={latest} />
              {active && <p class="hint">To move it, ask your end-point-assessment organisation to reschedule it.</p>}
            </section>
          )}
          {!meetings.loading && !active && <SlotPicker key={apprenticeId} apprenticeId={apprenticeId} forSelf={forSelf} onBooked={() => meetings.reload()} />}
        </>
      )}
    </section>
  );
};
