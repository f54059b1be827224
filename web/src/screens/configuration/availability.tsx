import { useEffect, useState } from 'preact/hooks';
import type { AvailabilitySettings } from '../../api.ts';
import { useApp } from '../../app-context.ts';
import { Field, ProblemMessage } from '../../ui.tsx';
import { Saved } from './shared.tsx';
import { useRecordEditor } from './use-record-editor.ts';

// ── Availability tab: booking windows, provisional hold, non-working dates, organisation zone ──
type PeriodUnit = 'hours' | 'days' | 'workingDays' | 'weeks' | 'months';
const unitNames: Record<PeriodUnit, string> = { hours: 'hours', days: 'calendar days', workingDays: 'working days', weeks: 'weeks', months: 'months' };
const WORKING_DAYS = 'Working days are Monday to Friday, except the non-working dates below.';

/** An amount and its unit, or nothing: one fieldset per window setting, the units in words. */
const PeriodField = ({
  legend,
  hint,
  path,
  units,
  value,
  onChange,
  error,
  min = 0,
}: {
  legend: string;
  hint: string;
  path: string;
  units: readonly PeriodUnit[];
  value: { amount: string; unit: string };
  onChange: (value: { amount: string; unit: string }) => void;
  error: unknown;
  min?: number;
}) => (
  <fieldset class="checks">
    <legend>{legend}</legend>
    <Field label="Amount" hint={hint} error={error} path={`${path}.amount`}>
      {(props) => <input {...props} type="number" min={min} value={value.amount} onInput={(event) => onChange({ ...value, amount: event.currentTarget.value })} />}
    </Field>
    <Field label="Unit" error={error} path={`${path}.unit`}>
      {(props) => (
        <select {...props} value={value.unit} onChange={(event) => onChange({ ...value, unit: event.currentTarget.value })}>
          {units.map((unit) => (
            <option key={unit} value={unit}>
              {unitNames[unit]}
            </option>
          ))}
        </select>
      )}
    </Field>
  </fieldset>
);

const periodForm = (period: { amount: number; unit: string } | null, fallbackUnit: string) => ({ amount: period ? String(period.amount) : '', unit: period?.unit ?? fallbackUnit });
const periodOf = <U extends string,>(form: { amount: string; unit: string }) => (form.amount === '' ? null : { amount: Number(form.amount), unit: form.unit as U });

const availabilityFields = [
  'minimumNotice.amount',
  'minimumNotice.unit',
  'estimatedGatewayProcessingPeriod.amount',
  'estimatedGatewayProcessingPeriod.unit',
  'bookingPeriodMaximum.amount',
  'bookingPeriodMaximum.unit',
  'maximumAdvance.amount',
  'maximumAdvance.unit',
  'bookingNoticeAdditionalInfo',
  'epaDateBookingPeriodDays',
  'maxAttendeesPerMeeting',
  'provisionalHoldHours',
  'timeZone',
  'nonWorkingDates',
];

export const AvailabilityTab = () => {
  const { api } = useApp();
  const { record, error, saved, load, save } = useRecordEditor<AvailabilitySettings>();
  const [form, setForm] = useState({
    notice: { amount: '', unit: 'workingDays' },
    processing: { amount: '', unit: 'workingDays' },
    bookingPeriod: { amount: '', unit: 'days' },
    advance: { amount: '', unit: 'weeks' },
    additionalInfo: '',
    epaDateDays: '',
    maxAttendees: '20',
    hold: '72',
    dates: '',
    timeZone: '',
  });
  const fill = (data: AvailabilitySettings) =>
    setForm({
      notice: periodForm(data.minimumNotice, 'workingDays'),
      processing: periodForm(data.estimatedGatewayProcessingPeriod, 'workingDays'),
      bookingPeriod: periodForm(data.bookingPeriodMaximum, 'days'),
      advance: periodForm(data.maximumAdvance, 'weeks'),
      additionalInfo: data.bookingNoticeAdditionalInfo ?? '',
      epaDateDays: data.epaDateBookingPeriodDays === null ? '' : String(data.epaDateBookingPeriodDays),
      maxAttendees: String(data.maxAttendeesPerMeeting),
      hold: String(data.provisionalHoldHours),
      dates: data.nonWorkingDates.join('\n'),
      timeZone: data.timeZone,
    });
  useEffect(() => {
    void load(() => api.availabilitySettings(), fill);
  }, []);
  const set = (field: 'additionalInfo' | 'epaDateDays' | 'maxAttendees' | 'hold' | 'dates' | 'timeZone') => (event: { currentTarget: { value: string } }) =>
    setForm({ ...form, [field]: event.currentTarget.value });
  const setPeriod = (field: 'notice' | 'processing' | 'bookingPeriod' | 'advance') => (value: { amount: string; unit: string }) => setForm({ ...form, [field]: value });
  const submit = (event: Event) => {
    event.preventDefault();
    void save(
      (version) =>
        api.saveAvailabilitySettings(
          {
            minimumNotice: periodOf<'hours' | 'days' | 'workingDays'>(form.notice),
            estimatedGatewayProcessingPeriod: periodOf<'days' | 'workingDays'>(form.processing),
            bookingPeriodMaximum: periodOf<'days' | 'weeks' | 'months'>(form.bookingPeriod),
            maximumAdvance: periodOf<'days' | 'weeks' | 'months'>(form.advance),
            bookingNoticeAdditionalInfo: form.additionalInfo.trim() === '' ? null : form.additionalInfo,
            epaDateBookingPeriodDays: form.epaDateDays === '' ? null : Number(form.epaDateDays),
            maxAttendeesPerMeeting: Number(form.maxAttendees),
            provisionalHoldHours: Number(form.hold),
            nonWorkingDates: form.dates.split(/[\s,]+/).filter(Boolean),
            timeZone: form.timeZone.trim(),
          },
          version,
        ),
      fill,
    );
  };
  if (!record) return <ProblemMessage error={error} />;
  return (
    <form onSubmit={submit} aria-label="Availability settings">
      <p class="hint">
        The booking window follows the apprentice’s gateway stage: before submission it counts from the estimated EPA date, once submitted from the submitted date,
        once approved from the audit submitted date. {WORKING_DAYS}
      </p>
      <div class="grid-2">
        <PeriodField
          legend="Booking notice period"
          hint="Empty: no notice. Nobody can book sooner than this from now."
          path="minimumNotice"
          units={['hours', 'days', 'workingDays']}
          value={form.notice}
          onChange={setPeriod('notice')}
          error={error}
        />
        <PeriodField
          legend="Estimated gateway processing period"
          hint="Empty: none. Before approval, meetings start no sooner than the stage’s date plus this and the notice."
          path="estimatedGatewayProcessingPeriod"
          units={['days', 'workingDays']}
          value={form.processing}
          onChange={setPeriod('processing')}
          error={error}
        />
        <PeriodField
          legend="Booking period maximum"
          hint="Empty: one year from now. Meetings can be booked up to this long after the stage’s date, that day included."
          path="bookingPeriodMaximum"
          units={['days', 'weeks', 'months']}
          value={form.bookingPeriod}
          onChange={setPeriod('bookingPeriod')}
          error={error}
        />
        <PeriodField
          legend="Maximum advance"
          hint="Empty: one year. A further cap: never later than this from now."
          path="maximumAdvance"
          units={['days', 'weeks', 'months']}
          value={form.advance}
          onChange={setPeriod('advance')}
          error={error}
          min={1}
        />
        <Field
          label="EPA date booking period (days)"
          hint="Empty: off. Training providers may book a provisional meeting only from this many days before the estimated EPA date, until the gateway is approved."
          error={error}
          path="epaDateBookingPeriodDays"
        >
          {(props) => <input {...props} type="number" min="0" value={form.epaDateDays} onInput={set('epaDateDays')} />}
        </Field>
        <Field label="Attendees per meeting" hint="At most 50; 20 unless changed" error={error} path="maxAttendeesPerMeeting">
          {(props) => <input {...props} type="number" min="1" max="50" value={form.maxAttendees} onInput={set('maxAttendees')} />}
        </Field>
        <Field label="Provisional hold (hours)" hint="A provisional booking not approved by then expires" error={error} path="provisionalHoldHours">
          {(props) => <input {...props} type="number" min="1" value={form.hold} onInput={set('hold')} />}
        </Field>
        <Field label="Organisation time zone" hint="For example Europe/London; dates on every screen are days in this zone" error={error} path="timeZone">
          {(props) => <input {...props} value={form.timeZone} onInput={set('timeZone')} />}
        </Field>
      </div>
      <Field label="Booking notice additional info" hint="Shown to whoever books, beside the slots. Up to 2,000 characters." error={error} path="bookingNoticeAdditionalInfo">
        {(props) => <textarea {...props} value={form.additionalInfo} onInput={set('additionalInfo')} rows={3} maxLength={2000} />}
      </Field>
      <Field
        label="Non-working dates"
        hint="Bank holidays and closures, one date (YYYY-MM-DD) per line, days in the organisation’s zone: no slots are offered on them, and working days skip them"
        error={error}
        path="nonWorkingDates"
      >
        {(props) => <textarea {...props} value={form.dates} onInput={set('dates')} rows={6} />}
      </Field>
      <ProblemMessage error={error} fields={availabilityFields} />
      <Saved saved={saved} />
      <button type="submit" class="primary">
        Save availability settings
      </button>
    </form>
  );
};
