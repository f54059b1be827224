import { useEffect, useState } from 'preact/hooks';
import type { NotificationChannel, NotificationType } from '#domain/notification-types.ts';
import type { PermissionId, RoleId } from '#domain/roles.ts';
import { ApiProblem, type ApiClient, type AvailabilitySettings, type Communication, type Permissions, type Schedule, type Standard } from '../api.ts';
import { useApp } from '../app-context.ts';
import { roleNames, SYSTEM_GROUP } from '../permissions.ts';
import { placeholderMeanings, templateProblem } from '../templates.ts';
import { attendeeRoleNames, Field, ProblemMessage } from '../ui.tsx';
import { GroupPicker, StandardPicker, UserPicker, type Choice } from '../pickers.tsx';

/** Ids of new standards and groups are chosen by whoever creates them (SPEC Appendix A): asked for once, as a short code. */
const SHORT_CODE_PATTERN = '[A-Za-z0-9][A-Za-z0-9._:@\\-]*';
const SHORT_CODE_HINT = (what: string, example: string) =>
  `How the service knows this ${what}, for example ${example}: letters, digits and . _ : @ -, starting with a letter or digit. People see its name; the short code cannot be changed later.`;

/**
 * A new record is sent as version 0, so a short code already in use answers 412 rather
 * than overwriting that record: said beside the short code, in words.
 */
const codeInUse = (problem: unknown, what: 'standard' | 'group', code: string, path: string): unknown =>
  problem instanceof ApiProblem && problem.code === 'VERSION_MISMATCH'
    ? new ApiProblem({
        ...problem.problem,
        title: 'That short code is taken',
        detail: `Choose another short code, or find the existing ${what} by name above to change it.`,
        errors: [{ path, message: `${code} is already the short code of a ${what}` }],
      })
    : problem;

/** Names for records the screen holds by id, said in words when the directory will not give one. */
const userName = (api: ApiClient, id: string): Promise<string> => api.user(id).then(({ name }) => name, () => 'Someone not in the directory');
const groupName = (api: ApiClient, id: string): Promise<string> => api.group(id).then(({ data }) => data.name, () => 'A group that no longer exists');

/** What a save answered, for the line under the form. */
const useSave = () => {
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState(false);
  const save = async (action: () => Promise<unknown>) => {
    setError(undefined);
    setSaved(false);
    try {
      await action();
      setSaved(true);
    } catch (problem) {
      setError(problem);
    }
  };
  return { error, saved, save, setError };
};

const Saved = ({ saved }: { saved: boolean }) => (saved ? <p class="saved" role="status">Saved.</p> : null);

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

const AvailabilityTab = () => {
  const { api } = useApp();
  const [loaded, setLoaded] = useState<{ data: AvailabilitySettings; version: number | undefined }>();
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
  const { error, saved, save, setError } = useSave();
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
    api.availabilitySettings().then((answer) => (setLoaded(answer), fill(answer.data)), setError);
  }, []);
  const set = (field: 'additionalInfo' | 'epaDateDays' | 'maxAttendees' | 'hold' | 'dates' | 'timeZone') => (event: { currentTarget: { value: string } }) =>
    setForm({ ...form, [field]: event.currentTarget.value });
  const setPeriod = (field: 'notice' | 'processing' | 'bookingPeriod' | 'advance') => (value: { amount: string; unit: string }) => setForm({ ...form, [field]: value });
  const submit = (event: Event) => {
    event.preventDefault();
    void save(async () => {
      const answer = await api.saveAvailabilitySettings(
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
        loaded?.version,
      );
      setLoaded(answer);
      fill(answer.data);
    });
  };
  if (!loaded) return <ProblemMessage error={error} />;
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

// ── Notification management → Planning tab ──
const typeNames: Record<NotificationType, string> = {
  provisionalBookingInvite: 'Provisional booking invite',
  meetingInvite: 'Meeting invite',
  meetingUpdated: 'Meeting updated',
  meetingRescheduled: 'Meeting rescheduled',
  meetingCancelled: 'Meeting cancelled',
  meetingRejected: 'Meeting rejected',
};
const channelNames: Record<NotificationChannel, string> = { email: 'Email', inApp: 'In-app', sms: 'SMS' };
const recipientRoles = Object.keys(attendeeRoleNames);
type Settings = Communication['types'][NotificationType];
type TextField = 'subject' | 'body' | 'sms';

const PlanningTab = () => {
  const { api } = useApp();
  const [loaded, setLoaded] = useState<{ data: Communication; version: number | undefined }>();
  const [types, setTypes] = useState<Communication['types']>();
  const [open, setOpen] = useState<NotificationType>('provisionalBookingInvite');
  const { error, saved, save, setError } = useSave();
  useEffect(() => {
    api.communication().then((answer) => (setLoaded(answer), setTypes(answer.data.types)), setError);
  }, []);
  if (!types) return <ProblemMessage error={error} />;
  const update = (type: NotificationType, change: Partial<Settings>) => setTypes({ ...types, [type]: { ...types[type], ...change } });
  const toggle = <T,>(list: readonly T[], value: T, on: boolean): T[] => (on ? [...list.filter((item) => item !== value), value] : list.filter((item) => item !== value));
  const local: string[] = [];
  for (const [type, settings] of Object.entries(types) as [NotificationType, Settings][])
    for (const field of ['subject', 'body', 'sms'] as const) if (field in settings && templateProblem(String(settings[field as keyof Settings] ?? ''), field)) local.push(`${type}.${field}`);
  const submit = (event: Event) => {
    event.preventDefault();
    if (local.length > 0) return;
    void save(async () => {
      const answer = await api.saveCommunication({ types }, loaded?.version);
      setLoaded(answer);
      setTypes(answer.data.types);
    });
  };
  const texts: Array<{ field: TextField; label: string; rows?: number; hint?: string }> = [
    { field: 'subject', label: 'Subject' },
    { field: 'body', label: 'Body (email and in-app)', rows: 8 },
    { field: 'sms', label: 'SMS text', rows: 3, hint: 'At most two text messages as written. One holds 160 characters of the GSM alphabet (€ [ ] { } | ^ ~ \\ count 2), or only 70 once one character is outside it, such as an emoji or a curly quote. The text sent takes as many messages as this template (one for the default texts): names, places and reasons are written in the GSM alphabet (Zoë as Zoe, an emoji as ?) and shortened to fit.' },
  ];
  return (
    <form onSubmit={submit} aria-label="Planning notifications">
      <details class="placeholders">
        <summary>
          Placeholders:{' '}
          {Object.keys(placeholderMeanings).map((name) => (
            <code key={name}>{`{{${name}}}`}</code>
          ))}
        </summary>
        <dl class="facts">
          {Object.entries(placeholderMeanings).map(([name, meaning]) => [<dt key={`${name}-name`}>{`{{${name}}}`}</dt>, <dd key={`${name}-meaning`}>{meaning}</dd>])}
        </dl>
      </details>
      {(Object.entries(types) as [NotificationType, Settings][]).map(([type, settings]) => (
        // One type open at a time keeps the tab short; the summary says how each is set.
        <details class="type-settings" key={type} open={open === type} onToggle={(event) => event.currentTarget.open && setOpen(type)}>
          <summary>
            <span class="type-name">{typeNames[type] ?? type}</span>{' '}
            <span class="hint">
              {settings.enabled ? settings.channels.map((channel) => channelNames[channel]).join(', ') : 'off'} · {settings.recipientRoles.length} recipient roles
            </span>
          </summary>
          <section aria-label={typeNames[type] ?? type}>
          <label class="check">
            <input type="checkbox" checked={settings.enabled} onChange={(event) => update(type, { enabled: event.currentTarget.checked })} /> Enabled
          </label>
          <fieldset class="checks">
            <legend>Channels</legend>
            {(Object.keys(channelNames) as NotificationChannel[]).map((channel) => (
              <label key={channel}>
                <input type="checkbox" checked={settings.channels.includes(channel)} onChange={(event) => update(type, { channels: toggle(settings.channels, channel, event.currentTarget.checked) })} />
                {channelNames[channel]}
              </label>
            ))}
          </fieldset>
          <fieldset class="checks">
            <legend>Sent to</legend>
            {recipientRoles.map((role) => (
              <label key={role}>
                <input
                  type="checkbox"
                  checked={settings.recipientRoles.includes(role as Settings['recipientRoles'][number])}
                  onChange={(event) => update(type, { recipientRoles: toggle(settings.recipientRoles, role as Settings['recipientRoles'][number], event.currentTarget.checked) })}
                />
                {attendeeRoleNames[role]}
              </label>
            ))}
          </fieldset>
          {texts
            .filter(({ field }) => field in settings)
            .map(({ field, label, rows, hint }) => {
              const value = String((settings as Record<string, unknown>)[field] ?? '');
              const problem = templateProblem(value, field);
              return (
                <Field key={field} label={`${typeNames[type]}: ${label}`} hint={hint} error={problem ?? error} path={`types.${type}.${field}`}>
                  {(props) =>
                    rows ? (
                      <textarea {...props} rows={rows} value={value} onInput={(event) => update(type, { [field]: event.currentTarget.value } as Partial<Settings>)} />
                    ) : (
                      <input {...props} value={value} onInput={(event) => update(type, { [field]: event.currentTarget.value } as Partial<Settings>)} />
                    )
                  }
                </Field>
              );
            })}
          </section>
        </details>
      ))}
      <ProblemMessage error={error} fields={Object.keys(types).flatMap((type) => texts.map(({ field }) => `types.${type}.${field}`))} />
      {local.length > 0 && <p class="field-error">Fix the templates marked above before saving.</p>}
      <Saved saved={saved} />
      <button type="submit" class="primary">
        Save planning notifications
      </button>
    </form>
  );
};

// ── Standards: duration, grid and the source-of-availability dropdown ──
const standardLabels = { name: 'Name', meetingDurationMinutes: 'Meeting duration', slotIntervalMinutes: 'Slot interval', availabilitySource: 'Source of availability', 'availabilitySource.groupId': 'Group', standardId: 'Short code' };
const emptyStandard = { name: '', duration: '60', interval: '', source: 'default' };

const StandardsTab = () => {
  const { api } = useApp();
  const [chosen, setChosen] = useState<Choice>();
  const [creating, setCreating] = useState(false);
  const [code, setCode] = useState('');
  const [loaded, setLoaded] = useState<{ data: Standard; version: number | undefined }>();
  const [form, setForm] = useState<Record<'name' | 'duration' | 'interval' | 'source', string>>(emptyStandard);
  const [group, setGroup] = useState<Choice | undefined>({ ...SYSTEM_GROUP });
  const [noGroup, setNoGroup] = useState(false);
  const { error, saved, save, setError } = useSave();
  const open = async (choice: Choice) => {
    setError(undefined);
    setCreating(false);
    setChosen(choice);
    try {
      const answer = await api.standard(choice.id);
      const source = answer.data.availabilitySource;
      setLoaded(answer);
      setForm({ name: answer.data.name, duration: String(answer.data.meetingDurationMinutes), interval: answer.data.slotIntervalMinutes ? String(answer.data.slotIntervalMinutes) : '', source: source.type });
      if (source.type === 'group') setGroup({ id: source.groupId, name: await groupName(api, source.groupId) });
      else setGroup({ ...SYSTEM_GROUP });
    } catch (problem) {
      setLoaded(undefined);
      setError(problem);
    }
  };
  const startNew = () => {
    setError(undefined);
    setChosen(undefined);
    setLoaded(undefined);
    setCreating(true);
    setCode('');
    setForm(emptyStandard);
    setGroup({ ...SYSTEM_GROUP });
  };
  const set = (field: keyof typeof form) => (event: { currentTarget: { value: string } }) => setForm({ ...form, [field]: event.currentTarget.value });
  const submit = (event: Event) => {
    event.preventDefault();
    const id = creating ? code.trim() : chosen?.id;
    setNoGroup(form.source === 'group' && !group);
    if (!id || (form.source === 'group' && !group)) return;
    void save(async () => {
      const availabilitySource = form.source === 'group' ? { type: 'group' as const, groupId: group!.id } : { type: form.source as 'default' | 'apprenticeEpa' };
      const input = { name: form.name, meetingDurationMinutes: Number(form.duration), ...(form.interval ? { slotIntervalMinutes: Number(form.interval) } : {}), availabilitySource };
      // A new standard is sent as version 0: a short code already in use is refused, not overwritten.
      const answer = await api.saveStandard(id, input, creating ? 0 : loaded?.version).catch((problem: unknown) => {
        throw creating ? codeInUse(problem, 'standard', id, 'standardId') : problem;
      });
      setLoaded(answer);
      setCreating(false);
      setChosen({ id, name: answer.data.name });
    });
  };
  const editing = creating || loaded;
  return (
    <>
      <div class="record-chooser">
        <StandardPicker label="Standard" hint="Type its name and pick it to open it" value={chosen} onChange={(choice) => choice && void open(choice)} />
        <button type="button" onClick={startNew} aria-pressed={creating}>
          New standard
        </button>
      </div>
      {!editing && <ProblemMessage error={error} />}
      {!editing && !error && <p class="hint">Pick a standard by name to change it, or start a new one.</p>}
      {editing && (
        <form onSubmit={submit} aria-label={creating ? 'New standard' : `Standard ${chosen?.name ?? ''}`} class="grid-2">
          {creating && (
            <Field label="Short code" hint={SHORT_CODE_HINT('standard', 'ST0116')} error={error} path="standardId">
              {(props) => <input {...props} value={code} onInput={(event) => setCode(event.currentTarget.value)} required maxLength={128} pattern={SHORT_CODE_PATTERN} />}
            </Field>
          )}
          <Field label="Name" error={error} path="name">
            {(props) => <input {...props} value={form.name} onInput={set('name')} required />}
          </Field>
          <Field label="Meeting duration (minutes)" error={error} path="meetingDurationMinutes">
            {(props) => <input {...props} type="number" value={form.duration} onInput={set('duration')} />}
          </Field>
          <Field label="Slot interval (minutes)" hint="Empty: the duration" error={error} path="slotIntervalMinutes">
            {(props) => <input {...props} type="number" value={form.interval} onInput={set('interval')} />}
          </Field>
          <Field label="Source of availability" hint={`Default: the group “${SYSTEM_GROUP.name}”, or the apprentice’s EPA while the group has nobody with hours`} error={error} path="availabilitySource">
            {(props) => (
              <select {...props} value={form.source} onChange={set('source')}>
                <option value="default">Default</option>
                <option value="apprenticeEpa">Apprentice’s EPA</option>
                <option value="group">Group</option>
              </select>
            )}
          </Field>
          {form.source === 'group' && (
            <GroupPicker
              label="Group"
              hint="Whose hours are offered"
              value={group}
              onChange={(choice) => (setGroup(choice), choice && setNoGroup(false))}
              error={noGroup ? 'Pick the group by name.' : error instanceof ApiProblem ? error.fieldError('availabilitySource.groupId') : undefined}
            />
          )}
          <div>
            <ProblemMessage error={error} fields={['name', 'meetingDurationMinutes', 'slotIntervalMinutes', 'availabilitySource', 'availabilitySource.groupId', 'standardId']} labels={standardLabels} />
            <Saved saved={saved} />
            <button type="submit" class="primary">
              {creating ? 'Create standard' : 'Save standard'}
            </button>
          </div>
        </form>
      )}
    </>
  );
};

// ── Groups of EPAs ──
const groupLabels = { name: 'Name', memberIds: 'Members', groupId: 'Short code' };

/** A short code from a name, offered while the person has not typed one: "North region" → "north-region". */
const codeOf = (name: string): string =>
  name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);

const GroupsTab = () => {
  const { api } = useApp();
  const [chosen, setChosen] = useState<Choice | undefined>({ ...SYSTEM_GROUP });
  const [creating, setCreating] = useState(false);
  const [code, setCode] = useState<string>();
  const [version, setVersion] = useState<number>();
  const [name, setName] = useState('');
  const [members, setMembers] = useState<Choice[]>([]);
  const [adding, setAdding] = useState<Choice>();
  const { error, saved, save, setError } = useSave();
  const open = async (choice: Choice) => {
    setError(undefined);
    setCreating(false);
    setChosen(choice);
    try {
      const answer = await api.group(choice.id);
      setVersion(answer.version);
      setName(answer.data.name);
      setMembers(await Promise.all(answer.data.memberIds.map(async (id) => ({ id, name: await userName(api, id) }))));
    } catch (problem) {
      setVersion(undefined);
      setError(problem);
    }
  };
  useEffect(() => void open({ ...SYSTEM_GROUP }), []);
  const startNew = () => {
    setError(undefined);
    setChosen(undefined);
    setVersion(undefined);
    setCreating(true);
    setCode(undefined);
    setName('');
    setMembers([]);
  };
  const shortCode = code ?? codeOf(name);
  const submit = (event: Event) => {
    event.preventDefault();
    const id = creating ? shortCode.trim() : chosen?.id;
    if (!id) return;
    void save(async () => {
      const answer = await api.saveGroup(id, { name, memberIds: members.map((member) => member.id) }, creating ? 0 : version).catch((problem: unknown) => {
        throw creating ? codeInUse(problem, 'group', id, 'groupId') : problem;
      });
      setVersion(answer.version);
      setCreating(false);
      setChosen({ id, name: answer.data.name });
    });
  };
  const editing = creating || version !== undefined;
  return (
    <>
      <div class="record-chooser">
        <GroupPicker label="Group" hint="Type its name and pick it to open it" value={chosen} onChange={(choice) => choice && void open(choice)} />
        <button type="button" onClick={startNew} aria-pressed={creating}>
          New group
        </button>
      </div>
      {!editing && <ProblemMessage error={error} />}
      {editing && (
        <form onSubmit={submit} aria-label={creating ? 'New group' : `Group ${chosen?.name ?? ''}`}>
          <Field label="Name" error={error} path="name">
            {(props) => <input {...props} value={name} onInput={(event) => setName(event.currentTarget.value)} required />}
          </Field>
          {creating && (
            <Field label="Short code" hint={SHORT_CODE_HINT('group', 'north-region')} error={error} path="groupId">
              {(props) => <input {...props} value={shortCode} onInput={(event) => setCode(event.currentTarget.value)} required maxLength={128} pattern={SHORT_CODE_PATTERN} />}
            </Field>
          )}
          <fieldset class="checks members">
            <legend>Members</legend>
            {members.length === 0 && <p class="hint">No members yet: add end-point assessors by name below.</p>}
            <ul class="chips" aria-label="Members">
              {members.map((member) => (
                <li key={member.id}>
                  {member.name}
                  <button type="button" class="small quiet" aria-label={`Remove ${member.name} from the group`} onClick={() => setMembers(members.filter((other) => other.id !== member.id))}>
                    ✕
                  </button>
                </li>
              ))}
            </ul>
            <div class="add-member">
              <UserPicker label="Add an end-point assessor" role="epa" exclude={members.map((member) => member.id)} value={adding} onChange={setAdding} />
              <button
                type="button"
                disabled={!adding}
                onClick={() => {
                  if (adding && !members.some((member) => member.id === adding.id)) setMembers([...members, { id: adding.id, name: adding.name }]);
                  setAdding(undefined);
                }}
              >
                Add
              </button>
            </div>
            {error instanceof ApiProblem && error.fieldError('memberIds') && <span class="field-error">{error.fieldError('memberIds')}</span>}
          </fieldset>
          <ProblemMessage error={error} fields={['name', 'memberIds', 'groupId']} labels={groupLabels} />
          <Saved saved={saved} />
          <button type="submit" class="primary">
            {creating ? 'Create group' : 'Save group'}
          </button>
        </form>
      )}
    </>
  );
};

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

const EpaAvailabilityTab = () => {
  const { api } = useApp();
  const [epa, setEpa] = useState<Choice>();
  const [version, setVersion] = useState<number>();
  const [form, setForm] = useState<{ timeZone: string; weekly: Record<string, string>; overrides: string; max: string }>({ timeZone: 'Europe/London', weekly: {}, overrides: '', max: '' });
  const { error, saved, save, setError } = useSave();
  const fill = (schedule: Schedule) =>
    setForm({
      timeZone: schedule.timeZone,
      weekly: Object.fromEntries(weekdays.map((day) => [day, intervalsText(schedule.weekly[day] ?? [])])),
      overrides: schedule.overrides.map((override) => `${override.date}: ${intervalsText(override.intervals) || 'off'}`).join('\n'),
      max: schedule.maxMeetingsPerDay ? String(schedule.maxMeetingsPerDay) : '',
    });
  const open = async (choice: Choice) => {
    setError(undefined);
    setEpa(choice);
    try {
      const answer = await api.schedule(choice.id);
      setVersion(answer.version);
      fill(answer.data);
    } catch (problem) {
      setVersion(undefined);
      setError(problem);
    }
  };
  const submit = (event: Event) => {
    event.preventDefault();
    void save(async () => {
      const overrides = form.overrides
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean)
        .map((line) => {
          const [date = '', rest = ''] = line.split(/:\s*(.*)/s);
          return { date: date.trim(), intervals: rest.trim() === 'off' ? [] : intervalsOf(rest) };
        });
      const answer = await api.saveSchedule(
        epa!.id,
        {
          timeZone: form.timeZone.trim(),
          weekly: Object.fromEntries(weekdays.map((day) => [day, intervalsOf(form.weekly[day] ?? '')])) as Record<(typeof weekdays)[number], Array<{ start: string; end: string }>>,
          overrides,
          maxMeetingsPerDay: form.max ? Number(form.max) : null,
        },
        version,
      );
      setVersion(answer.version);
      fill(answer.data);
    });
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

// ── Permissions per role ──
const permissionNames: Record<PermissionId, string> = {
  BookPlanningMeetingPreGatewaySubmission: 'Book planning meetings at any gateway stage',
  BookPlanningMeetingPostGatewaySubmission: 'Book planning meetings once the gateway is submitted',
  BookPlanningMeetingPostGatewayApproval: 'Book planning meetings once the gateway is approved',
  ManagePlanningMeetings: 'Manage planning meetings',
  ManagePlanningCapacity: 'Manage booking capacity',
  ConfigureSystem: 'Configure the system',
  ManageDirectory: 'Manage the directory',
};

const PermissionsTab = () => {
  const { api } = useApp();
  const [loaded, setLoaded] = useState<{ data: Permissions; version: number | undefined }>();
  const [roles, setRoles] = useState<Permissions['roles']>({});
  const { error, saved, save, setError } = useSave();
  useEffect(() => {
    api.permissions().then((answer) => (setLoaded(answer), setRoles(answer.data.roles)), setError);
  }, []);
  if (!loaded) return <ProblemMessage error={error} />;
  const flip = (role: RoleId, permission: PermissionId, on: boolean) => {
    const current = roles[role] ?? [];
    setRoles({ ...roles, [role]: on ? [...current.filter((item) => item !== permission), permission] : current.filter((item) => item !== permission) });
  };
  return (
    <form
      aria-label="Permissions"
      onSubmit={(event) => {
        event.preventDefault();
        void save(async () => {
          const answer = await api.savePermissions({ roles }, loaded.version);
          setLoaded(answer);
          setRoles(answer.data.roles);
        });
      }}
    >
      <table class="list">
        <thead>
          <tr>
            <th scope="col">Role</th>
            {(Object.keys(permissionNames) as PermissionId[]).map((permission) => (
              <th scope="col" key={permission}>
                {permissionNames[permission]}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {(Object.keys(roleNames) as RoleId[]).map((role) => (
            <tr key={role}>
              <th scope="row">{roleNames[role]}</th>
              {(Object.keys(permissionNames) as PermissionId[]).map((permission) => (
                <td key={permission}>
                  <input type="checkbox" aria-label={`${roleNames[role]}: ${permissionNames[permission]}`} checked={(roles[role] ?? []).includes(permission)} onChange={(event) => flip(role, permission, event.currentTarget.checked)} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <ProblemMessage error={error} />
      <Saved saved={saved} />
      <button type="submit" class="primary">
        Save permissions
      </button>
    </form>
  );
};

const tabs = [
  { id: 'availability', title: 'Availability', render: () => <AvailabilityTab /> },
  { id: 'planning', title: 'Notifications: Planning', render: () => <PlanningTab /> },
  { id: 'standards', title: 'Standards', render: () => <StandardsTab /> },
  { id: 'groups', title: 'Groups', render: () => <GroupsTab /> },
  { id: 'epa', title: 'EPA availability', render: () => <EpaAvailabilityTab /> },
  { id: 'permissions', title: 'Permissions', render: () => <PermissionsTab /> },
] as const;

export const ConfigurationScreen = () => {
  const [tab, setTab] = useState<(typeof tabs)[number]['id']>('availability');
  const current = tabs.find((candidate) => candidate.id === tab)!;
  // Arrow keys move between tabs, as the WAI-ARIA tabs pattern expects.
  const move = (event: KeyboardEvent) => {
    const index = tabs.findIndex((candidate) => candidate.id === tab);
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    const next = tabs[(index + step + tabs.length) % tabs.length]!;
    setTab(next.id);
    document.getElementById(`tab-${next.id}`)?.focus();
  };
  return (
    <section>
      <h1>Configuration</h1>
      <div class="tabs" role="tablist" aria-label="Configuration" onKeyDown={move}>
        {tabs.map((candidate) => (
          <button
            type="button"
            role="tab"
            key={candidate.id}
            id={`tab-${candidate.id}`}
            aria-selected={candidate.id === tab}
            aria-controls="tab-panel"
            tabIndex={candidate.id === tab ? 0 : -1}
            onClick={() => setTab(candidate.id)}
          >
            {candidate.title}
          </button>
        ))}
      </div>
      <div role="tabpanel" id="tab-panel" aria-labelledby={`tab-${tab}`}>
        {current.render()}
      </div>
    </section>
  );
};
