import { useEffect, useRef, useState } from 'preact/hooks';
import type { AvailabilityReason } from '#domain/availability-reason.ts';
import { HOUR_MS, MINUTE_MS } from '#domain/calendar-arithmetic.ts';
import type { Meeting, Slots } from '../api.ts';
import { googleCalendarLink, outlookCalendarLink } from '../calendar-links.ts';
import { useApp, useSession } from '../app-context.ts';
import { SYSTEM_GROUP } from '../permissions.ts';
import { addDays, calendarDay, clock, dateInWords, dayIn, mondayOf, span, todayIn, viewerZone, when, zoneAbbreviation } from '../time.ts';
import { download, Field, ProblemMessage, useAsync } from '../ui.tsx';
import { ApprenticeFinder } from './apprentice-finder.tsx';
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
      ? source.groupId === SYSTEM_GROUP.id
        ? `the group “${SYSTEM_GROUP.name}”`
        : 'a group of end-point assessors'
      : 'the apprentice’s own end-point assessor';

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

/**
 * Arrow keys move within the week grid: left and right to the same row of the next day
 * with times, up and down within a day (a roving focus over the slot buttons).
 */
const moveInGrid = (event: KeyboardEvent): void => {
  const keys = ['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown'];
  const target = event.target as HTMLElement;
  if (!keys.includes(event.key) || !target.matches('button.slot')) return;
  const grid = event.currentTarget as HTMLElement;
  const columns = [...grid.querySelectorAll('.slot-day')].map((day) => [...day.querySelectorAll<HTMLButtonElement>('button.slot:not(:disabled)')]);
  const column = columns.findIndex((buttons) => buttons.includes(target as HTMLButtonElement));
  if (column < 0) return;
  const row = columns[column]!.indexOf(target as HTMLButtonElement);
  let next: HTMLButtonElement | undefined;
  if (event.key === 'ArrowUp') next = columns[column]![row - 1];
  if (event.key === 'ArrowDown') next = columns[column]![row + 1];
  const step = event.key === 'ArrowLeft' ? -1 : event.key === 'ArrowRight' ? 1 : 0;
  for (let other = column + step; step !== 0 && other >= 0 && other < columns.length && !next; other += step) {
    const buttons = columns[other]!;
    next = buttons[Math.min(row, buttons.length - 1)];
  }
  if (next) {
    event.preventDefault();
    next.focus();
  }
};

const minutesBetween = (start: string, end: string): number => Math.round((Date.parse(end) - Date.parse(start)) / MINUTE_MS);

const SlotPicker = ({ apprenticeId, forSelf, onBooked }: { apprenticeId: string; forSelf: boolean; onBooked: (meeting: Meeting, holdHours: number) => void }) => {
  const { api, organisationZone } = useApp();
  const confirmRef = useRef<HTMLDivElement>(null);
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
  // After a time is chosen, the confirmation comes into view and takes focus: on a phone it is below the fold.
  useEffect(() => {
    if (!chosen || !confirmRef.current) return;
    confirmRef.current.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
    confirmRef.current.focus({ preventScroll: true });
  }, [chosen?.start]);
  const firstWeek = slots.data ? mondayOf(dayIn(slots.data.window.earliest, organisationZone)) : undefined;
  const lastWeek = slots.data ? mondayOf(dayIn(slots.data.window.latest, organisationZone)) : undefined;
  const duration = slots.data?.slots[0] ? minutesBetween(slots.data.slots[0].start, slots.data.slots[0].end) : undefined;

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
      onBooked(await api.book({ status: 'provisional', apprenticeId, start: chosen.start }, attempt), slots.data?.provisionalHoldHours ?? 72);
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
            {duration !== undefined && (
              <>
                <dt>Each meeting lasts</dt>
                <dd>{duration} minutes</dd>
              </>
            )}
          </dl>
        </>
      )}
      <div class="week-nav">
        <button type="button" onClick={() => browse(addDays(week, -7))} disabled={firstWeek !== undefined && week <= firstWeek}>
          ← Previous week
        </button>
        <h3 aria-live="polite">
          Week of {calendarDay(week)} <span class="hint">(days in {organisationZone})</span>
        </h3>
        <button type="button" onClick={() => browse(addDays(week, 7))} disabled={lastWeek !== undefined && week >= lastWeek}>
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
        <div
          class="slot-grid"
          role="group"
          aria-label={`Times in ${viewerZone()}; arrow keys move between times`}
          style={{ '--days': String(days.length) }}
          onKeyDown={moveInGrid}
        >
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
        <div class="confirm" role="region" aria-label="Your choice" tabIndex={-1} ref={confirmRef}>
          <p>
            <strong>{span(chosen.start, chosen.end)}</strong>
          </p>
          <p class="hint">
            A provisional booking holds the time until the end-point-assessment organisation approves it
            {forSelf ? '; you will get an invitation by email.' : '; the apprentice and the assessor get an invitation by email.'}
          </p>
          <ProblemMessage error={error} />
          <button type="button" class="primary" disabled={busy} onClick={() => void book()}>
            Book provisionally
          </button>{' '}
          <button type="button" class="quiet" onClick={() => setChosen(undefined)}>
            Choose another time
          </button>
        </div>
      )}
    </section>
  );
};

/** What happens next, after a provisional booking, with the calendar links. */
const Booked = ({ meeting, holdHours, forSelf, apprenticeName }: { meeting: Meeting; holdHours: number; forSelf: boolean; apprenticeName: string }) => {
  const { api } = useApp();
  const [error, setError] = useState<unknown>();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const ics = async () => {
    try {
      download(`planning-meeting-${meeting.id}.ics`, 'text/calendar', await api.calendar(meeting.id));
    } catch (problem) {
      setError(problem);
    }
  };
  const heldUntil = Math.min(Date.parse(meeting.createdAt) + holdHours * HOUR_MS, Date.parse(meeting.start));
  return (
    <section class="card booked" aria-labelledby="booked-heading">
      <h2 id="booked-heading" tabIndex={-1} ref={heading}>
        Booked provisionally
      </h2>
      <p>
        <strong>{span(meeting.start, meeting.end)}</strong>
      </p>
      <ol class="next-steps">
        <li>
          The time is held for {forSelf ? 'you' : apprenticeName} until {when(new Date(heldUntil).toISOString())} while the end-point-assessment organisation
          approves it. If it is not approved by then, it is released and everyone is told.
        </li>
        <li>{forSelf ? 'You get' : 'The apprentice and the assessor get'} an email now, and another when it is approved, with the calendar invitation updated.</li>
        <li>To move it later, ask the end-point-assessment organisation to reschedule it.</li>
      </ol>
      <p>Add to calendar:</p>
      <p class="calendar-links">
        <a class="button" href={googleCalendarLink(meeting, apprenticeName)} target="_blank" rel="noopener noreferrer">
          Google Calendar
        </a>{' '}
        <a class="button" href={outlookCalendarLink(meeting, apprenticeName)} target="_blank" rel="noopener noreferrer">
          Outlook
        </a>{' '}
        <button type="button" onClick={() => void ics()}>
          Other calendars (.ics)
        </button>
      </p>
      <ProblemMessage error={error} />
    </section>
  );
};

/** The apprentice's planning meeting (the active one, else the latest) and the picker when there is none active. */
export const BookScreen = () => {
  const { api } = useApp();
  const session = useSession();
  const forSelf = session.roles.includes('apprentice');
  const [picked, setPicked] = useState<{ id: string; name: string } | undefined>(forSelf ? { id: session.userId, name: session.name ?? 'you' } : undefined);
  const [booked, setBooked] = useState<{ meeting: Meeting; holdHours: number }>();
  const apprenticeId = picked?.id ?? '';
  const meetings = useAsync(
    async () => (apprenticeId ? (await api.meetings({ apprenticeId, limit: 50 })).items : []),
    [apprenticeId, booked?.meeting.id],
  );
  const active = meetings.data?.find((meeting) => meeting.status === 'provisional' || meeting.status === 'confirmed');
  const latest = active ?? [...(meetings.data ?? [])].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))[0];

  return (
    <section>
      <h1>{forSelf ? 'Book your planning meeting' : picked ? `Planning meeting for ${picked.name}` : 'Book a planning meeting'}</h1>
      {!forSelf && !picked && <ApprenticeFinder actionOf={(apprentice) => (apprentice.planningMeeting ? 'View meeting' : 'Book')} onPick={(apprentice) => (setBooked(undefined), setPicked({ id: apprentice.id, name: apprentice.name }))} />}
      {!forSelf && picked && (
        <p>
          <button type="button" class="quiet" onClick={() => (setPicked(undefined), setBooked(undefined))}>
            ← Another apprentice
          </button>
        </p>
      )}
      {picked && (
        <>
          <ProblemMessage error={meetings.error} />
          {booked && <Booked meeting={booked.meeting} holdHours={booked.holdHours} forSelf={forSelf} apprenticeName={picked.name} />}
          {!booked && latest && (
            <section aria-labelledby="mine-heading" class="card">
              <h2 id="mine-heading">{forSelf ? 'My planning meeting' : 'Their planning meeting'}</h2>
              <MeetingDetails meeting={latest} />
              {active && <p class="hint">To move it, ask your end-point-assessment organisation to reschedule it.</p>}
            </section>
          )}
          {!meetings.loading && !active && !booked && (
            <SlotPicker key={apprenticeId} apprenticeId={apprenticeId} forSelf={forSelf} onBooked={(meeting, holdHours) => setBooked({ meeting, holdHours })} />
          )}
        </>
      )}
    </section>
  );
};
