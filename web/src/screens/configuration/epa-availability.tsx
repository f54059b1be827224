import { useState } from 'preact/hooks';
import type { Schedule } from '../../api.ts';
import { useApp } from '../../app-context.ts';
import { UserPicker, type Choice } from '../../pickers.tsx';
import { Field, ProblemMessage } from '../../ui.tsx';
import { Saved } from './shared.tsx';
import { useRecordEditor } from './use-record-editor.ts';

// ── An EPA's weekly hours, date overrides and daily maximum ──
const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const weekdayNames: Record<(typeof weekdays)[number], string> = { mon: 'Monday', tue: 'Tuesday', wed: 'Wednesday', thu: 'Thursday', fri: 'Friday', sat: 'Saturday', sun: 'Sunday' };
const intervalsText = (intervals: Array<{ start: string; end: string }>): string => intervals.map((interval) => `${interval.start}-${interval.end}`).join(', ');
const intervalsOf = (text: string) =>
  text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const [start = '', end = ''] = part.split('-').map((value) => value.trim());
      return { start, end };
    });

export const EpaAvailabilityTab = () => {
  const { api } = useApp();
  const [epa, setEpa] = useState<Choice>();
  const [form, setForm] = useState<{ timeZone: string; weekly: Record<string, string>; overrides: string; max: string }>({ timeZone: 'Europe/London', weekly: {}, overrides: '', max: '' });
  const { version, error, saved, load, save } = useRecordEditor<Schedule>();
  const fill = (schedule: Schedule) =>
    setForm({
      timeZone: schedule.timeZone,
      weekly: Object.fromEntries(weekdays.map((day) => [day, intervalsText(schedule.weekly[day] ?? [])])),
      overrides: schedule.overrides.map((override) => `${override.date}: ${intervalsText(override.intervals) || 'off'}`).join('\n'),
      max: schedule.maxMeetingsPerDay ? String(schedule.maxMeetingsPerDay) : '',
    });
  const open = async (choice: Choice) => {
    setEpa(choice);
    await load(() => api.schedule(choice.id), fill);
  };
  const submit = (event: Event) => {
    event.preventDefault();
    void save((version) => {
      const overrides = form.overrides
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean)
        .map((line) => {
          const [date = '', rest = ''] = line.split(/:\s*(.*)/s);
          return { date: date.trim(), intervals: rest.trim() === 'off' ? [] : intervalsOf(rest) };
        });
      return api.saveSchedule(
        epa!.id,
        {
          timeZone: form.timeZone.trim(),
          weekly: Object.fromEntries(weekdays.map((day) => [day, intervalsOf(form.weekly[day] ?? '')])) as Record<(typeof weekdays)[number], Array<{ start: string; end: string }>>,
          overrides,
          maxMeetingsPerDay: form.max ? Number(form.max) : null,
        },
        version,
      );
    }, fill);
  };
  return (
    <>
      <div class="record-chooser">
        <UserPicker label="End-point assessor" hint="Type their name and pick them to see their hours" role="epa" value={epa} onChange={(choice) => choice && void open(choice)} />
      </div>
      {version === undefined && <ProblemMessage error={error} />}
      {version === undefined && !error && <p class="hint">Pick an end-point assessor by name to see and change their hours.</p>}
      {version !== undefined && epa && (
        <form onSubmit={submit} aria-label={`Availability of ${epa.name}`}>
          <p class="hint" id="weekly-hint">
            Working hours per day, e.g. <code>09:00-12:30, 13:30-17:00</code>; empty: not working that day.
          </p>
          <div class="grid-2">
            {weekdays.map((day) => (
              <Field key={day} label={weekdayNames[day]} error={error} path={`weekly.${day}`}>
                {(props) => <input {...props} value={form.weekly[day] ?? ''} onInput={(event) => setForm({ ...form, weekly: { ...form.weekly, [day]: event.currentTarget.value } })} />}
              </Field>
            ))}
            <Field label="Time zone" hint="The zone these hours are in" error={error} path="timeZone">
              {(props) => <input {...props} value={form.timeZone} onInput={(event) => setForm({ ...form, timeZone: event.currentTarget.value })} />}
            </Field>
            <Field label="Daily maximum" hint="Planning meetings a day; empty: no maximum" error={error} path="maxMeetingsPerDay">
              {(props) => <input {...props} type="number" min="1" value={form.max} onInput={(event) => setForm({ ...form, max: event.currentTarget.value })} />}
            </Field>
          </div>
          <Field label="Date overrides" hint="One a line, days in the time zone above: 2027-01-04: off, or 2027-01-05: 10:00-12:00" error={error} path="overrides">
            {(props) => <textarea {...props} rows={4} value={form.overrides} onInput={(event) => setForm({ ...form, overrides: event.currentTarget.value })} />}
          </Field>
          <ProblemMessage error={error} fields={[...weekdays.map((day) => `weekly.${day}`), 'timeZone', 'maxMeetingsPerDay', 'overrides']} />
          <Saved saved={saved} />
          <button type="submit" class="primary">
            Save availability
          </button>
        </form>
      )}
    </>
  );
};
