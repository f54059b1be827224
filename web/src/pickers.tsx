import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { useApp } from './app-context.ts';
import { roleNames } from './permissions.ts';
import type { RoleId } from '#domain/roles.ts';

/** One thing a picker offers: what is stored (`id`) and what a person reads (`name`, and a line under it). */
export interface Choice {
  id: string;
  name: string;
  detail?: string;
}

const SEARCH_PAUSE_MS = 200;

/**
 * A type-ahead field (WAI-ARIA combobox with a listbox popup): people type a name, see
 * names, and pick one; the id stays behind the scenes. Arrow keys move through the
 * options, Enter picks, Escape closes. `search` is asked after a short pause in typing.
 */
export const TypeAhead = ({
  label,
  hint,
  value,
  onChange,
  search,
  error,
  required,
  disabled,
  placeholder = 'Type a name',
}: {
  label: string;
  hint?: string | undefined;
  /** The chosen item, shown by name; undefined: nothing chosen. */
  value: Choice | undefined;
  onChange: (choice: Choice | undefined) => void;
  search: (text: string) => Promise<Choice[]>;
  error?: string | undefined;
  required?: boolean;
  disabled?: boolean;
  placeholder?: string;
}) => {
  const id = useId();
  const [text, setText] = useState(value?.name ?? '');
  const [options, setOptions] = useState<Choice[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [state, setState] = useState<'idle' | 'searching' | 'failed'>('idle');
  const latest = useRef(0);

  useEffect(() => setText(value?.name ?? ''), [value?.id, value?.name]);

  const look = (typed: string) => {
    const round = ++latest.current;
    setState('searching');
    window.setTimeout(() => {
      if (round !== latest.current) return;
      search(typed.trim()).then(
        (found) => {
          if (round !== latest.current) return;
          setOptions(found);
          setActive(found.length > 0 ? 0 : -1);
          setState('idle');
        },
        () => round === latest.current && setState('failed'),
      );
    }, SEARCH_PAUSE_MS);
  };

  const pick = (choice: Choice) => {
    onChange(choice);
    setText(choice.name);
    setOpen(false);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      if (!open) (setOpen(true), look(text));
      else setActive(Math.min(active + 1, options.length - 1));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActive(Math.max(active - 1, 0));
    } else if (event.key === 'Enter' && open && active >= 0 && options[active]) {
      event.preventDefault();
      pick(options[active]);
    } else if (event.key === 'Escape' && open) {
      event.preventDefault();
      setOpen(false);
    }
  };

  const listId = `${id}-options`;
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div class={`field type-ahead${error ? ' invalid' : ''}`}>
      <label for={id}>{label}</label>
      {hint && (
        <span class="hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      <input
        id={id}
        type="text"
        role="combobox"
        autocomplete="off"
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={listId}
        aria-activedescendant={open && active >= 0 ? `${id}-option-${active}` : undefined}
        {...(described ? { 'aria-describedby': described } : {})}
        {...(error ? { 'aria-invalid': true } : {})}
        value={text}
        placeholder={placeholder}
        required={required}
        disabled={disabled}
        onInput={(event) => {
          const typed = event.currentTarget.value;
          setText(typed);
          setOpen(true);
          if (value) onChange(undefined);
          look(typed);
        }}
        onFocus={() => {
          if (!value) (setOpen(true), look(text));
        }}
        onBlur={() => window.setTimeout(() => setOpen(false), 150)}
        onKeyDown={onKeyDown}
      />
      {open && (
        <ul id={listId} role="listbox" class="type-ahead-options" aria-label={`${label}: matches`}>
          {state === 'searching' && options.length === 0 && <li class="hint">Searching…</li>}
          {state === 'failed' && <li class="hint">The search failed; try again.</li>}
          {state === 'idle' && options.length === 0 && <li class="hint">No one matches “{text.trim()}”.</li>}
          {options.map((option, index) => (
            <li
              key={option.id}
              id={`${id}-option-${index}`}
              role="option"
              aria-selected={index === active}
              class={index === active ? 'active' : ''}
              onMouseDown={(event) => (event.preventDefault(), pick(option))}
            >
              <span>{option.name}</span>
              {option.detail && <span class="hint"> {option.detail}</span>}
            </li>
          ))}
        </ul>
      )}
      {error && (
        <span class="field-error" id={`${id}-error`}>
          {error}
        </span>
      )}
    </div>
  );
};

type PickerProps = Omit<Parameters<typeof TypeAhead>[0], 'search'>;

const rolesInWords = (roles: readonly RoleId[]): string => roles.map((role) => roleNames[role]).join(', ');

/** Directory users by name, optionally of one role (GET /users). */
export const UserPicker = ({ role, exclude = [], ...props }: PickerProps & { role?: RoleId; exclude?: readonly string[] }) => {
  const { api } = useApp();
  const search = async (text: string) =>
    (await api.users({ q: text || undefined, role, limit: 20 })).items
      .filter((user) => !exclude.includes(user.id))
      .map((user) => ({ id: user.id, name: user.name, detail: rolesInWords(user.roles) }));
  return <TypeAhead {...props} search={search} />;
};

/** Apprentices the caller may book for or manage, by name (GET /apprentices). */
export const ApprenticePicker = (props: PickerProps) => {
  const { api } = useApp();
  const search = async (text: string) =>
    (await api.apprentices({ q: text || undefined, limit: 20 })).items.map((apprentice) => ({
      id: apprentice.id,
      name: apprentice.name,
      detail: apprentice.standardName ?? apprentice.standardId,
    }));
  return <TypeAhead {...props} search={search} />;
};

/** Standards by name (GET /standards). */
export const StandardPicker = (props: PickerProps) => {
  const { api } = useApp();
  const search = async (text: string) => (await api.standards({ q: text || undefined, limit: 20 })).items.map((standard) => ({ id: standard.id, name: standard.name }));
  return <TypeAhead {...props} search={search} />;
};

/** Groups by name (GET /groups). */
export const GroupPicker = (props: PickerProps) => {
  const { api } = useApp();
  const search = async (text: string) =>
    (await api.groups({ q: text || undefined, limit: 20 })).items.map((group) => ({ id: group.id, name: group.name, detail: `${group.memberIds.length} members` }));
  return <TypeAhead {...props} search={search} />;
};
