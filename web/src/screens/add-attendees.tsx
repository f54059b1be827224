import { useState } from 'preact/hooks';
import type { Meeting } from '../api.ts';
import { useApp } from '../app-context.ts';
import { attendeeRoleNames, Dialog, Field, ProblemMessage } from '../ui.tsx';

const guestRoles = ['other', 'workplaceMentor', 'onProgrammeAssessor', 'awardingorganisation'] as const;

/**
 * The "Add Other Attendees" popup of the Schedule Planning Meeting screen: the
 * apprentice's workplace mentor or on-programme assessor in one click (from the
 * apprentice's record), a directory user, or a guest.
 */
export const AddAttendeesDialog = ({ open, meeting, onClose, onAdded }: { open: boolean; meeting: Meeting; onClose: () => void; onAdded: (meeting: Meeting) => void }) => {
  const { api } = useApp();
  const [error, setError] = useState<unknown>();
  const [userId, setUserId] = useState('');
  const [guest, setGuest] = useState({ name: '', email: '', phone: '', role: 'other' as (typeof guestRoles)[number] });
  const add = async (input: Parameters<typeof api.addAttendee>[1]) => {
    setError(undefined);
    try {
      onAdded(await api.addAttendee(meeting.id, input));
    } catch (problem) {
      setError(problem);
    }
  };
  const close = () => (setError(undefined), onClose());
  return (
    <Dialog title="Add other attendees" open={open} onClose={close}>
      <ProblemMessage error={error} fields={['userId', 'guest.name', 'guest.email', 'guest.phone', 'guest.role']} />
      <h3>From the apprentice's record</h3>
      <div class="shortcuts">
        <button type="button" onClick={() => void add({ shortcut: 'workplaceMentor' })}>
          Workplace Mentor
        </button>
        <button type="button" onClick={() => void add({ shortcut: 'onProgrammeAssessor' })}>
          On Programme Assessor
        </button>
      </div>
      <form
        class="inline"
        onSubmit={(event) => {
          event.preventDefault();
          void add({ userId: userId.trim() });
        }}
      >
        <Field label="Directory user" hint="User id" error={error} path="userId">
          {(props) => <input {...props} value={userId} onInput={(event) => setUserId(event.currentTarget.value)} required />}
        </Field>
        <button type="submit">Add user</button>
      </form>
      <h3>A guest</h3>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void add({ guest: { name: guest.name.trim(), email: guest.email.trim(), ...(guest.phone.trim() ? { phone: guest.phone.trim() } : {}), role: guest.role } });
        }}
      >
        <Field label="Name" error={error} path="guest.name">
          {(props) => <input {...props} value={guest.name} onInput={(event) => setGuest({ ...guest, name: event.currentTarget.value })} required />}
        </Field>
        <Field label="Email" error={error} path="guest.email">
          {(props) => <input {...props} type="email" value={guest.email} onInput={(event) => setGuest({ ...guest, email: event.currentTarget.value })} required />}
        </Field>
        <Field label="Phone" hint="Optional, international form: +447700900123" error={error} path="guest.phone">
          {(props) => <input {...props} type="tel" value={guest.phone} onInput={(event) => setGuest({ ...guest, phone: event.currentTarget.value })} />}
        </Field>
        <Field label="Attends as" error={error} path="guest.role">
          {(props) => (
            <select {...props} value={guest.role} onChange={(event) => setGuest({ ...guest, role: event.currentTarget.value as (typeof guestRoles)[number] })}>
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
