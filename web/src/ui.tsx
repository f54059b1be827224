import type { ComponentChildren, JSX } from 'preact';
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { ApiProblem, type ApiClient, type Meeting } from './api.ts';

/**
 * A field path the API names (`guest.phone`, `query.epaId`, `weekly.mon`) in words, for a
 * problem shown away from its field: "Guest phone", "End-point assessor". A screen that knows
 * its own labels passes them to ProblemMessage instead.
 */
export const fieldInWords = (path: string): string => {
  const known: Record<string, string> = { epaId: 'end-point assessor', apprenticeId: 'apprentice', userId: 'directory user', groupId: 'group', standardId: 'standard', memberIds: 'members', workplaceMentor: 'workplace mentor', onProgrammeAssessor: 'on-programme assessor', 'If-Match': 'version' };
  const words = path
    .split('.')
    .filter((part) => part !== 'query' && part !== 'body' && !/^\d+$/.test(part))
    .map((part) => known[part] ?? part.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase())
    .join(' ');
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : 'Request';
};

/** A problem from the API, in words; field errors go next to their fields (see Field). */
export const ProblemMessage = ({ error, fields = [], labels = {} }: { error: unknown; fields?: readonly string[]; labels?: Readonly<Record<string, string>> }) => {
  if (!error) return null;
  if (error instanceof ApiProblem) {
    const elsewhere = (error.problem.errors ?? []).filter((item) => !fields.includes(item.path));
    return (
      <div class="problem" role="alert">
        <strong>{error.problem.title}.</strong> {error.problem.detail}
        {elsewhere.length > 0 && (
          <ul>
            {elsewhere.map((item) => (
              <li key={item.path}>
                {item.path ? <strong>{labels[item.path] ?? fieldInWords(item.path)}:</strong> : null} {item.message}
              </li>
            ))}
          </ul>
        )}
      </div>
    );
  }
  return (
    <div class="problem" role="alert">
      {error instanceof Error ? error.message : String(error)}
    </div>
  );
};

/** A labelled control with its hint and the API's message for this field, linked for screen readers. */
export const Field = ({
  label,
  hint,
  error,
  path,
  children,
}: {
  label: string;
  hint?: string | undefined;
  error?: unknown;
  path?: string;
  children: (props: { id: string; 'aria-describedby'?: string; 'aria-invalid'?: boolean }) => JSX.Element;
}) => {
  const id = useId();
  const message = error instanceof ApiProblem && path ? error.fieldError(path) : typeof error === 'string' ? error : undefined;
  const described = [hint ? `${id}-hint` : '', message ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div class={`field${message ? ' invalid' : ''}`}>
      <label for={id}>{label}</label>
      {hint && (
        <span class="hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      {children({ id, ...(described ? { 'aria-describedby': described } : {}), ...(message ? { 'aria-invalid': true } : {}) })}
      {message && (
        <span class="field-error" id={`${id}-error`}>
          {message}
        </span>
      )}
    </div>
  );
};

export const Status = ({ status }: { status: string }) => <span class={`status status-${status}`}>{status}</span>;

/** Runs an API call, keeping what it answered, the problem it raised and whether it is running. */
export const useAsync = <T,>(load: () => Promise<T>, deps: readonly unknown[]) => {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let current = true;
    setState((previous) => ({ ...previous, loading: true }));
    load().then(
      (data) => current && setState({ data, loading: false }),
      (error: unknown) => current && setState({ error, loading: false }),
    );
    return () => {
      current = false;
    };
  }, [...deps, round]);
  return { ...state, reload: () => setRound((value) => value + 1), set: (data: T) => setState({ data, loading: false }) };
};

/** A modal dialog (the browser's own: focus moves in, Escape closes, the page behind is inert). */
export const Dialog = ({ title, open, onClose, children }: { title: string; open: boolean; onClose: () => void; children: ComponentChildren }) => {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog ref={ref} aria-labelledby={titleId} onClose={onClose}>
      <div class="dialog-head">
        <h2 id={titleId}>{title}</h2>
        <button type="button" class="quiet" onClick={onClose} aria-label="Close">
          ✕
        </button>
      </div>
      {open && children}
    </dialog>
  );
};

/** Saves a text as a file: the API's calendar needs the bearer token, so a plain link cannot fetch it. */
export const download = (name: string, type: string, text: string): void => {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
};

export const attendeeRoleNames: Record<string, string> = {
  apprentice: 'Apprentice',
  epa: 'End-point assessor',
  awardingorganisation: 'Awarding organisation',
  workplaceMentor: 'Workplace mentor',
  onProgrammeAssessor: 'On-programme assessor',
  other: 'Other',
};

/** Who a meeting's apprentice and EPA are, from its attendees (no extra reads). */
export const nameOf = (meeting: Meeting, role: 'apprentice' | 'epa'): string =>
  meeting.attendees.find((attendee) => attendee.role === role)?.name ?? (role === 'epa' ? meeting.epaId : meeting.apprenticeId);

/**
 * Asks before an action that cannot be undone (cancel, reject), in a modal dialog. With
 * `reason`, it asks why too: `required` refuses an empty reason before anything is sent.
 * The dialog stays open with the API's problem if the action fails.
 */
export const ConfirmDialog = ({
  open,
  title,
  children,
  confirmLabel,
  reason,
  reasonLabel = 'Reason',
  reasonHint,
  onConfirm,
  onClose,
}: {
  open: boolean;
  title: string;
  children?: ComponentChildren;
  confirmLabel: string;
  reason?: 'required' | 'optional';
  reasonLabel?: string;
  reasonHint?: string;
  onConfirm: (reason: string | undefined) => Promise<void>;
  onClose: () => void;
}) => {
  const [text, setText] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (open) (setText(''), setError(undefined));
  }, [open]);
  const submit = async (event: Event) => {
    event.preventDefault();
    const given = text.trim();
    if (reason === 'required' && !given) return setError('Say why, in a few words: the attendees are told.');
    setBusy(true);
    setError(undefined);
    try {
      await onConfirm(given || undefined);
    } catch (problem) {
      setError(problem);
    } finally {
      setBusy(false);
    }
  };
  const reasonError = typeof error === 'string' ? error : error instanceof ApiProblem ? error.fieldError('reason') : undefined;
  return (
    <Dialog title={title} open={open} onClose={onClose}>
      {/* noValidate: the missing reason is said in words beside the field, not in the browser's bubble. */}
      <form onSubmit={(event) => void submit(event)} class="confirm-form" noValidate>
        {children}
        {reason && (
          <Field label={reason === 'required' ? reasonLabel : `${reasonLabel} (optional)`} hint={reasonHint} error={reasonError}>
            {(props) => <textarea {...props} rows={3} maxLength={1000} value={text} required={reason === 'required'} onInput={(event) => setText(event.currentTarget.value)} />}
          </Field>
        )}
        {typeof error !== 'string' && <ProblemMessage error={error} fields={['reason']} />}
        <div class="dialog-actions">
          <button type="submit" class="danger-solid" disabled={busy}>
            {confirmLabel}
          </button>
          <button type="button" onClick={onClose}>
            Go back
          </button>
        </div>
      </form>
    </Dialog>
  );
};

/** Names already known on this screen, and the directory's answer for each other id (one read per id per sign-in). */
const nameReads = new WeakMap<object, Map<string, Promise<string | undefined>>>();

/**
 * Resolves user ids to names: first from `known` (a meeting's attendees, say), then one
 * GET /users/{id} per other id, kept for the session's client. An id whose name cannot
 * be read (not found, or the caller may not read that user) stays out of the map: the
 * screen says "someone".
 */
export const useUserNames = (
  api: ApiClient,
  ids: readonly string[],
  known: ReadonlyMap<string, string> = new Map(),
): { names: ReadonlyMap<string, string>; settled: boolean } => {
  const wanted = [...new Set(ids)].filter((id) => id && !id.startsWith('system:')).sort();
  const [read, setRead] = useState<{ key: string; names: ReadonlyMap<string, string> }>({ key: '', names: new Map() });
  useEffect(() => {
    let current = true;
    let reads = nameReads.get(api);
    if (!reads) nameReads.set(api, (reads = new Map()));
    const cache = reads;
    const unknown = wanted.filter((id) => !known.has(id));
    void Promise.all(
      unknown.map(async (id) => {
        if (!cache.has(id)) cache.set(id, api.user(id).then((user) => user.name, () => undefined));
        return [id, await cache.get(id)] as const;
      }),
    ).then((found) => {
      if (current) setRead({ key: wanted.join(' '), names: new Map(found.filter((entry): entry is readonly [string, string] => entry[1] !== undefined)) });
    });
    return () => {
      current = false;
    };
  }, [api, wanted.join(' ')]);
  // Settled: every id asked for has been looked up (a name may still be missing: not readable).
  return { names: new Map([...read.names, ...known]), settled: read.key === wanted.join(' ') };
};
