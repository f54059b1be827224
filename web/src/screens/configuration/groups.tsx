import { useEffect, useState } from 'preact/hooks';
import { ApiProblem, type Group } from '../../api.ts';
import { useApp } from '../../app-context.ts';
import { SYSTEM_GROUP } from '../../permissions.ts';
import { GroupPicker, UserPicker, type Choice } from '../../pickers.tsx';
import { Field, ProblemMessage } from '../../ui.tsx';
import { codeInUse, Saved, SHORT_CODE_HINT, SHORT_CODE_PATTERN, userName } from './shared.tsx';
import { useRecordEditor } from './use-record-editor.ts';

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

export const GroupsTab = () => {
  const { api } = useApp();
  const [chosen, setChosen] = useState<Choice | undefined>({ ...SYSTEM_GROUP });
  const [creating, setCreating] = useState(false);
  const [code, setCode] = useState<string>();
  const [name, setName] = useState('');
  const [members, setMembers] = useState<Choice[]>([]);
  const [adding, setAdding] = useState<Choice>();
  const { version, error, saved, load, save, clear } = useRecordEditor<Group>();
  const open = async (choice: Choice) => {
    setCreating(false);
    setChosen(choice);
    await load(
      () => api.group(choice.id),
      async (group) => {
        setName(group.name);
        setMembers(await Promise.all(group.memberIds.map(async (id) => ({ id, name: await userName(api, id) }))));
      },
    );
  };
  useEffect(() => void open({ ...SYSTEM_GROUP }), []);
  const startNew = () => {
    clear();
    setChosen(undefined);
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
    void save(
      (version) =>
        api.saveGroup(id, { name, memberIds: members.map((member) => member.id) }, creating ? 0 : version).catch((problem: unknown) => {
          throw creating ? codeInUse(problem, 'group', id, 'groupId') : problem;
        }),
      (group) => {
        setCreating(false);
        setChosen({ id, name: group.name });
      },
    );
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
