import { useEffect, useState } from 'preact/hooks';
import type { Apprentice, Meeting } from '../api.ts';
import { useApp } from '../app-context.ts';
import { UserPicker, type Choice } from '../pickers.tsx';
import { phoneToSend } from '../phone.ts';
import { attendeeRoleNames, Dialog, Field, nameOf, ProblemMessage } from '../ui.tsx';

/** The roles a guest may attend as (SPEC §4.2); directory users attend with their own. */
const guestRoles = ['other', 'workplaceMentor', 'onProgrammeAssessor'] as const;
type GuestRole = (typeof guestRoles)[number];

const fieldLabels: Record<string, string> = {
  userId: 'Directory user',
  shortcut: 'From the apprentice’s record',
  'guest.name': 'Name',
  'guest.email': 'Email',
  'guest.phone': 'Phone',
  'guest.role': 'Attends as',
};

/**
 * One shortcut of the apprentice's record: enabled with the person's name when the record
 * names one who does not attend yet, otherwise disabled with the reason beside it.
 */
const Shortcut = ({
  label,
  what,
  person,
  record,
  apprentice,
  meeting,
  onAdd,
}: {
  label: string;
  /** The person in words, as the reason names them: "workplace mentor". */
  what: string;
  person: { name: string; email: string } | null | undefined;
  record: 'loading' | 'unread' | 'read';
  apprentice: string;
  meeting: Meeting;
  onAdd: () => void;
}) => {
  const attending = person && meeting.attendees.some((attendee) => attendee.email.toLowerCase() === person.email.toLowerCase());
  const reason =
    record === 'loading'
      ? 'Reading the apprentice’s record…'
      : record === 'read' && !person
        ? `${apprentice}’s record names no ${what}.`
        : attending
          ? `${person!.name} already attends.`
          : undefined;
  const id = `shortcut-${label.replace(/\W+/g, '-').toLowerCase()}`;
  return (
    <div class="shortcut">
      <button type="button" disabled={!!reason} onClick={onAdd} {...(reason ? { 'aria-describedby': id } : {})}>
        {label}
        {person && !attending ? `: ${person.name}` : ''}
      </button>
      {reason && (
        <span class="hint" id={id}>
          {reason}
        </span>
      )}
    </div>
  );
};

/**
 * The "Add Other Attendees" popup of the Schedule Planning Meeting screen: the
 * apprentice's workplace mentor or on-programme assessor in one click (from the
 * apprentice's record), a directory user picked by name, or a guest.
 */
export const AddAttendeesDialog = ({ open, meeting, onClose, onAdded }: { open: boolean; meeting: Meeting; onClose: () => void; onAdded: (meeting: Meeting) => void }) => {
  const { api } = useApp();
  const [error, setError] = useState<unknown>();
  const [user, setUser] = useState<Choice>();
  const [noUser, setNoUser] = useState(false);
  const [guest, setGuest] = useState({ name: '', email: '', phone: '', role: 'other' as GuestRole });
  // The record says whether the shortcuts have anyone to add. A caller who may not read
  // it (an EPA not assigned to the apprentice) keeps them: the API answers for them.
  const [record, setRecord] = useState<{ state: 'loading' | 'unread' | 'read'; data?: Apprentice }>({ state: 'loading' });
  useEffect(() => {
    if (!open) return;
    let current = true;
    setRecord({ state: 'loading' });
    api.apprentice(meeting.apprenticeId).then(
      ({ data }) => current && setRecord({ state: 'read', data }),
      () => current && setRecord({ state: 'unread' }),
    );
    return () => {
      current = false;
    };
  }, [open, meeting.apprenticeId]);

  const add = async (input: Parameters<typeof api.addAttendee>[1]) => {
    setError(undefined);
    try {
      onAdded(await api.addAttendee(meeting.id, input));
      setUser(undefined);
      setGuest({ name: '', email: '', phone: '', role: 'other' });
    } catch (problem) {
      setError(problem);
    }
  };
  const close = () => (setError(undefined), setNoUser(false), onClose());
  const apprentice = nameOf(meeting, 'apprentice');
  const attendingUsers = meeting.attendees.flatMap((attendee) => (attendee.kind === 'user' ? [attendee.userId] : []));
  return (
    <Dialog title="Add other attendees" open={open} onClose={close}>
      <ProblemMessage error={error} fields={['userId', 'guest.name', 'guest.email', 'guest.phone', 'guest.role']} labels={fieldLabels} />
      <h3>From {apprentice}’s record</h3>
      <div class="shortcuts">
        <Shortcut
          label="Workplace Mentor"
          what="workplace mentor"
          person={record.data?.workplaceMentor}
          record={record.state}
          apprentice={apprentice}
          meeting={meeting}
          onAdd={() => void add({ shortcut: 'workplaceMentor' })}
        />
        <Shortcut
          label="On Programme Assessor"
          what="on-programme assessor"
          person={record.data?.onProgrammeAssessor}
          record={record.state}
          apprentice={apprentice}
          meeting={meeting}
          onAdd={() => void add({ shortcut: 'onProgrammeAssessor' })}
        />
      </div>
      <h3>Someone in the directory</h3>
      <form
        class="inline"
        aria-label="Add someone from the directory"
        onSubmit={(event) => {
          event.preventDefault();
          setNoUser(!user);
          if (user) void add({ userId: user.id });
        }}
      >
        <UserPicker
          label="Directory user"
          hint="Type a name"
          exclude={attendingUsers}
          value={user}
          onChange={(choice) => (setUser(choice), choice && setNoUser(false))}
          error={noUser ? 'Pick someone by name first.' : undefined}
        />
        <button type="submit">Add user</button>
      </form>
      <h3>A guest</h3>
      <form
        aria-label="Add a guest"
        onSubmit={(event) => {
          event.preventDefault();
          void add({ guest: { name: guest.name.trim(), email: guest.email.trim(), ...(phoneToSend(guest.phone) ? { phone: phoneToSend(guest.phone) } : {}), role: guest.role } });
        }}
      >
        <Field label="Name" error={error} path="guest.name">
          {(props) => <input {...props} value={guest.name} onInput={(event) => setGuest({ ...guest, name: event.currentTarget.value })} required />}
        </Field>
        <Field label="Email" error={error} path="guest.email">
          {(props) => <input {...props} type="email" value={guest.email} onInput={(event) => setGuest({ ...guest, email: event.currentTarget.value })} required />}
        </Field>
        <Field label="Phone" hint="Optional; a UK number such as 07700 900456, or another country’s with its + code" error={error} path="guest.phone">
          {(props) => <input {...props} type="tel" value={guest.phone} onInput={(event) => setGuest({ ...guest, phone: event.currentTarget.value })} />}
        </Field>
        <Field label="Attends as" error={error} path="guest.role">
          {(props) => (
            <select {...props} value={guest.role} onChange={(event) => setGuest({ ...guest, role: event.currentTarget.value as GuestRole })}>
              {guestRoles.map((role) => (
                <option key={role} value={role}>
                  {attendeeRoleNames[role]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <button type="submit" class="primary">
          Add guest
        </button>
      </form>
    </Dialog>
  );
};
