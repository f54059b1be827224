import type { ComponentChildren, JSX } from 'preact';
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { ApiProblem, type Meeting } from './api.ts';

/** A problem from the API, in words; field errors go next to their fields (see Field). */
export const ProblemMessage = ({ error, fields = [] }: { error: unknown; fields?: readonly string[] }) => {
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
                {item.path ? <code>{item.path}</code> : null} {item.message}
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
