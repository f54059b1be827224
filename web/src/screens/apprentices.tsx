import { useEffect, useState } from 'preact/hooks';
import type { Apprentice } from '../api.ts';
import { useApp } from '../app-context.ts';
import { StandardPicker, UserPicker, type Choice } from '../pickers.tsx';
import { phoneToSend } from '../phone.ts';
import { Field, ProblemMessage } from '../ui.tsx';
import { ApprenticeFinder } from './apprentice-finder.tsx';

type GatewayStatus = 'notSubmitted' | 'submitted' | 'approved';

interface ContactForm {
  name: string;
  email: string;
  phone: string;
}
const noContact: ContactForm = { name: '', email: '', phone: '' };

interface RecordForm {
  standard: Choice | undefined;
  epa: Choice | undefined;
  ao: Choice | undefined;
  status: GatewayStatus;
  estimatedEpaDate: string;
  submittedDate: string;
  auditSubmittedDate: string;
  mentor: ContactForm;
  assessor: ContactForm;
}

/** Which date each stage counts the booking window from, in the words the Availability tab uses. */
const stageHelp: Record<GatewayStatus, string> = {
  notSubmitted: 'The booking window counts from the estimated EPA date.',
  submitted: 'The booking window counts from the gateway submitted date, plus the processing period.',
  approved: 'The booking window counts from now; the booking period maximum from the audit submitted date.',
};

const contactOf = (form: ContactForm) => {
  if (!form.name.trim() && !form.email.trim()) return undefined;
  const phone = phoneToSend(form.phone);
  return { name: form.name.trim(), email: form.email.trim(), ...(phone ? { phone } : {}) };
};

/**
 * An apprentice's record (ManageDirectory): the standard, the assigned EPA and AO contact
 * picked by name, the gateway stage and its dates (SPEC §3.4), and the two contacts the
 * attendee shortcuts use. Links to provider and employer staff are kept as they are.
 */
const ApprenticeEditor = ({ id, name, onDone }: { id: string; name: string; onDone: () => void }) => {
  const { api } = useApp();
  const [loaded, setLoaded] = useState<{ data: Apprentice; version: number | undefined }>();
  const [form, setForm] = useState<RecordForm>();
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState(false);

  const fill = async (data: Apprentice) => {
    const people = [data.epaId, data.aoContactId].filter((one): one is string => typeof one === 'string');
    const [standard, ...users] = await Promise.all([
      api.standard(data.standardId).then(
        (answer) => answer.data,
        () => undefined,
      ),
      ...people.map((person) =>
        api.user(person).then(
          (user) => user,
          () => undefined,
        ),
      ),
    ]);
    const nameOf = (person: string | null | undefined): Choice | undefined =>
      person ? { id: person, name: users.find((user) => user?.id === person)?.name ?? 'Someone you may not see' } : undefined;
    setForm({
      standard: standard ? { id: data.standardId, name: standard.name } : { id: data.standardId, name: 'A standard that no longer exists' },
      epa: nameOf(data.epaId),
      ao: nameOf(data.aoContactId),
      status: data.gateway?.status ?? 'approved',
      estimatedEpaDate: data.gateway?.estimatedEpaDate ?? '',
      submittedDate: data.gateway?.submittedDate ?? '',
      auditSubmittedDate: data.gateway?.auditSubmittedDate ?? '',
      mentor: { ...noContact, ...data.workplaceMentor },
      assessor: { ...noContact, ...data.onProgrammeAssessor },
    });
  };
  useEffect(() => {
    api.apprentice(id).then(
      (answer) => (setLoaded(answer), void fill(answer.data)),
      setError,
    );
  }, [id]);

  if (!loaded || !form) return <ProblemMessage error={error} />;
  const set = (change: Partial<RecordForm>) => (setSaved(false), setForm({ ...form, ...change }));
  const date = (field: 'estimatedEpaDate' | 'submittedDate' | 'auditSubmittedDate') => (event: { currentTarget: { value: string } }) =>
    set({ [field]: event.currentTarget.value });
  const contact = (which: 'mentor' | 'assessor', field: keyof ContactForm) => (event: { currentTarget: { value: string } }) =>
    set({ [which]: { ...form[which], [field]: event.currentTarget.value } });

  const submit = async (event: Event) => {
    event.preventDefault();
    setError(undefined);
    const { data } = loaded;
    const mentor = contactOf(form.mentor);
    const assessor = contactOf(form.assessor);
    try {
      const answer = await api.saveApprentice(
        id,
        {
          standardId: form.standard?.id ?? '',
          epaId: form.epa?.id ?? null,
          aoContactId: form.ao?.id ?? null,
          ...(mentor ? { workplaceMentor: mentor } : {}),
          ...(assessor ? { onProgrammeAssessor: assessor } : {}),
          ...(data.providerUserIds ? { providerUserIds: data.providerUserIds } : {}),
          ...(data.employerUserIds ? { employerUserIds: data.employerUserIds } : {}),
          gateway: {
            status: form.status,
            estimatedEpaDate: form.estimatedEpaDate || null,
            submittedDate: form.submittedDate || null,
            auditSubmittedDate: form.auditSubmittedDate || null,
          },
        },
        loaded.version,
      );
      setLoaded(answer);
      setSaved(true);
    } catch (problem) {
      setError(problem);
    }
  };

  const fields = [
    'standardId',
    'epaId',
    'aoContactId',
    'gateway.status',
    'gateway.estimatedEpaDate',
    'gateway.submittedDate',
    'gateway.auditSubmittedDate',
    'workplaceMentor.name',
    'workplaceMentor.email',
    'workplaceMentor.phone',
    'onProgrammeAssessor.name',
    'onProgrammeAssessor.email',
    'onProgrammeAssessor.phone',
  ];
  const fieldError = (path: string) => (error && typeof error === 'object' && 'fieldError' in error ? (error as { fieldError(path: string): string | undefined }).fieldError(path) : undefined);
  return (
    <form onSubmit={(event) => void submit(event)} aria-label={`The record of ${name}`} class="card">
      <h2>{name}</h2>
      <div class="grid-2">
        <StandardPicker label="Standard" value={form.standard} onChange={(standard) => set({ standard })} error={fieldError('standardId')} required />
        <UserPicker label="End-point assessor" hint="Optional" role="epa" value={form.epa} onChange={(epa) => set({ epa })} error={fieldError('epaId')} />
        <UserPicker
          label="Awarding organisation contact"
          hint="Optional"
          role="awardingorganisation"
          value={form.ao}
          onChange={(ao) => set({ ao })}
          error={fieldError('aoContactId')}
        />
      </div>
      <fieldset>
        <legend>Journey to end-point assessment</legend>
        <Field label="Gateway stage" hint={stageHelp[form.status]} error={error} path="gateway.status">
          {(props) => (
            <select {...props} value={form.status} onChange={(event) => set({ status: event.currentTarget.value as GatewayStatus })}>
              <option value="notSubmitted">Gateway not yet submitted</option>
              <option value="submitted">Gateway submitted</option>
              <option value="approved">Gateway approved</option>
            </select>
          )}
        </Field>
        <div class="grid-3">
          <Field label="Estimated EPA date" hint="When the apprentice is expected to go into EPA" error={error} path="gateway.estimatedEpaDate">
            {(props) => <input {...props} type="date" value={form.estimatedEpaDate} onInput={date('estimatedEpaDate')} />}
          </Field>
          <Field label="Gateway submitted on" error={error} path="gateway.submittedDate">
            {(props) => <input {...props} type="date" value={form.submittedDate} onInput={date('submittedDate')} />}
          </Field>
          <Field label="Audit submitted on" error={error} path="gateway.auditSubmittedDate">
            {(props) => <input {...props} type="date" value={form.auditSubmittedDate} onInput={date('auditSubmittedDate')} />}
          </Field>
        </div>
      </fieldset>
      <div class="grid-2">
        <fieldset>
          <legend>Workplace mentor</legend>
          <Field label="Name" error={error} path="workplaceMentor.name">
            {(props) => <input {...props} value={form.mentor.name} onInput={contact('mentor', 'name')} />}
          </Field>
          <Field label="Email" error={error} path="workplaceMentor.email">
            {(props) => <input {...props} type="email" value={form.mentor.email} onInput={contact('mentor', 'email')} />}
          </Field>
          <Field label="Phone" hint="Optional, e.g. 07700 900123" error={error} path="workplaceMentor.phone">
            {(props) => <input {...props} type="tel" value={form.mentor.phone} onInput={contact('mentor', 'phone')} />}
          </Field>
        </fieldset>
        <fieldset>
          <legend>On-programme assessor</legend>
          <Field label="Name" error={error} path="onProgrammeAssessor.name">
            {(props) => <input {...props} value={form.assessor.name} onInput={contact('assessor', 'name')} />}
          </Field>
          <Field label="Email" error={error} path="onProgrammeAssessor.email">
            {(props) => <input {...props} type="email" value={form.assessor.email} onInput={contact('assessor', 'email')} />}
          </Field>
          <Field label="Phone" hint="Optional" error={error} path="onProgrammeAssessor.phone">
            {(props) => <input {...props} type="tel" value={form.assessor.phone} onInput={contact('assessor', 'phone')} />}
          </Field>
        </fieldset>
      </div>
      <ProblemMessage error={error} fields={fields} />
      {saved && (
        <p class="saved" role="status">
          Saved.
        </p>
      )}
      <button type="submit" class="primary">
        Save the record
      </button>{' '}
      <button type="button" class="quiet" onClick={onDone}>
        ← Another apprentice
      </button>
    </form>
  );
};

/** Apprentices (ManageDirectory): find one by name, then edit their record and gateway stage. */
export const ApprenticesScreen = () => {
  const [picked, setPicked] = useState<{ id: string; name: string }>();
  return (
    <section>
      <h1>Apprentices</h1>
      {picked ? (
        <ApprenticeEditor key={picked.id} id={picked.id} name={picked.name} onDone={() => setPicked(undefined)} />
      ) : (
        <ApprenticeFinder actionOf={() => 'Edit record'} onPick={(apprentice) => setPicked({ id: apprentice.id, name: apprentice.name })} />
      )}
    </section>
  );
};
