import { useEffect, useState } from 'preact/hooks';
import { notificationChannelLabels as channelNames, type NotificationChannel, type NotificationType } from '#domain/notification-types.ts';
import { notificationLabels } from '#domain/notifications/index.ts';
import { MAX_REMINDER_LEAD_HOURS } from '#domain/notifications/meeting-reminder.ts';
import type { Communication } from '../../api.ts';
import { useApp } from '../../app-context.ts';
import { placeholderMeanings, templateProblem } from '../../templates.ts';
import { attendeeRoleNames, Field, ProblemMessage } from '../../ui.tsx';
import { Saved } from './shared.tsx';
import { useRecordEditor } from './use-record-editor.ts';

// ── Notification management → Planning tab ──
// Every type's name comes from its module of the catalogue, so a new type cannot go unnamed here.
const typeNames = notificationLabels;
const recipientRoles = Object.keys(attendeeRoleNames);
type Settings = Communication['types'][NotificationType];
type TextField = 'subject' | 'body' | 'sms';

export const PlanningTab = () => {
  const { api } = useApp();
  const { error, saved, load, save } = useRecordEditor<Communication>();
  const [types, setTypes] = useState<Communication['types']>();
  const [leadHours, setLeadHours] = useState('');
  const [open, setOpen] = useState<NotificationType>('provisionalBookingInvite');
  const loaded = (data: Communication) => (setTypes(data.types), setLeadHours(String(data.reminderLeadHours)));
  useEffect(() => {
    void load(() => api.communication(), loaded);
  }, []);
  if (!types) return <ProblemMessage error={error} />;
  const update = (type: NotificationType, change: Partial<Settings>) => setTypes({ ...types, [type]: { ...types[type], ...change } });
  const toggle = <T,>(list: readonly T[], value: T, on: boolean): T[] => (on ? [...list.filter((item) => item !== value), value] : list.filter((item) => item !== value));
  const local: string[] = [];
  for (const [type, settings] of Object.entries(types) as [NotificationType, Settings][])
    for (const field of ['subject', 'body', 'sms'] as const) if (field in settings && templateProblem(String(settings[field as keyof Settings] ?? ''), field)) local.push(`${type}.${field}`);
  const lead = Number(leadHours);
  const leadProblem =
    leadHours.trim() === '' || !Number.isInteger(lead) || lead < 0 || lead > MAX_REMINDER_LEAD_HOURS ? `Whole hours from 0 to ${MAX_REMINDER_LEAD_HOURS}` : undefined;
  if (leadProblem) local.push('reminderLeadHours');
  const submit = (event: Event) => {
    event.preventDefault();
    if (local.length > 0) return;
    void save(
      (version) => api.saveCommunication({ types, reminderLeadHours: lead }, version),
      loaded,
    );
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
          {type === 'meetingReminder' && (
            <Field label="Meeting reminder: hours before the start" hint="Sent once to confirmed meetings, this many hours before they start; 0 sends none." error={leadProblem ?? error} path="reminderLeadHours">
              {(props) => <input {...props} type="number" min={0} max={MAX_REMINDER_LEAD_HOURS} step={1} inputMode="numeric" value={leadHours} onInput={(event) => setLeadHours(event.currentTarget.value)} />}
            </Field>
          )}
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
      <ProblemMessage error={error} fields={['reminderLeadHours', ...Object.keys(types).flatMap((type) => texts.map(({ field }) => `types.${type}.${field}`))]} />
      {local.length > 0 && <p class="field-error">Fix the fields marked above before saving.</p>}
      <Saved saved={saved} />
      <button type="submit" class="primary">
        Save planning notifications
      </button>
    </form>
  );
};
