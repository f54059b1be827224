import { useState } from 'preact/hooks';
import { ApiProblem, type Standard } from '../../api.ts';
import { useApp } from '../../app-context.ts';
import { SYSTEM_GROUP } from '../../permissions.ts';
import { GroupPicker, StandardPicker, type Choice } from '../../pickers.tsx';
import { Field, ProblemMessage } from '../../ui.tsx';
import { codeInUse, groupName, Saved, SHORT_CODE_HINT, SHORT_CODE_PATTERN } from './shared.tsx';
import { useRecordEditor } from './use-record-editor.ts';

// ── Standards: duration, grid and the source-of-availability dropdown ──
const standardLabels = { name: 'Name', meetingDurationMinutes: 'Meeting duration', slotIntervalMinutes: 'Slot interval', availabilitySource: 'Source of availability', 'availabilitySource.groupId': 'Group', standardId: 'Short code' };
const emptyStandard = { name: '', duration: '60', interval: '', source: 'default' };

export const StandardsTab = () => {
  const { api } = useApp();
  const [chosen, setChosen] = useState<Choice>();
  const [creating, setCreating] = useState(false);
  const [code, setCode] = useState('');
  const [form, setForm] = useState<Record<'name' | 'duration' | 'interval' | 'source', string>>(emptyStandard);
  const [group, setGroup] = useState<Choice | undefined>({ ...SYSTEM_GROUP });
  const [noGroup, setNoGroup] = useState(false);
  const { record, error, saved, load, save, clear } = useRecordEditor<Standard>();
  const open = async (choice: Choice) => {
    setCreating(false);
    setChosen(choice);
    await load(
      () => api.standard(choice.id),
      async (standard) => {
        const source = standard.availabilitySource;
        setForm({ name: standard.name, duration: String(standard.meetingDurationMinutes), interval: standard.slotIntervalMinutes ? String(standard.slotIntervalMinutes) : '', source: source.type });
        if (source.type === 'group') setGroup({ id: source.groupId, name: await groupName(api, source.groupId) });
        else setGroup({ ...SYSTEM_GROUP });
      },
    );
  };
  const startNew = () => {
    clear();
    setChosen(undefined);
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
    void save(
      (version) => {
        const availabilitySource = form.source === 'group' ? { type: 'group' as const, groupId: group!.id } : { type: form.source as 'default' | 'apprenticeEpa' };
        const input = { name: form.name, meetingDurationMinutes: Number(form.duration), ...(form.interval ? { slotIntervalMinutes: Number(form.interval) } : {}), availabilitySource };
        // A new standard is sent as version 0: a short code already in use is refused, not overwritten.
        return api.saveStandard(id, input, creating ? 0 : version).catch((problem: unknown) => {
          throw creating ? codeInUse(problem, 'standard', id, 'standardId') : problem;
        });
      },
      (standard) => {
        setCreating(false);
        setChosen({ id, name: standard.name });
      },
    );
  };
  const editing = creating || record;
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
