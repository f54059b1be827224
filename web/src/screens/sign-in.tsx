import { useState } from 'preact/hooks';
import { useApp } from '../app-context.ts';
import { roleNames } from '../permissions.ts';
import { Field, ProblemMessage } from '../ui.tsx';

/** Local mode: pick a demo user and get a token from `POST /local/token`; a customer stack signs in with its OIDC issuer. */
export const SignInScreen = () => {
  const { config, api, signIn } = useApp();
  const [error, setError] = useState<unknown>();
  const [other, setOther] = useState('');

  const as = async (userId: string) => {
    setError(undefined);
    try {
      await signIn((await api.localToken(userId)).token);
    } catch (problem) {
      setError(problem);
    }
  };

  if (config.auth.kind === 'oidc') {
    return (
      <section class="narrow">
        <h1>Sign in</h1>
        <p>Sign in with your organisation's account to book and manage planning meetings.</p>
        <button type="button" class="primary" onClick={() => void signIn()}>
          Sign in
        </button>
      </section>
    );
  }

  return (
    <section class="narrow">
      <h1>Sign in</h1>
      <p>
        This is local mode: choose one of the demo users to see the screens as they would. Nothing leaves this machine; the{' '}
        <a href="#/outbox">outbox</a> shows what would have been sent.
      </p>
      <ProblemMessage error={error} fields={['userId']} />
      <ul class="user-list">
        {config.auth.demoUsers.map((user) => (
          <li key={user.id}>
            <button type="button" class="user" onClick={() => void as(user.id)}>
              <span class="user-name">{user.name}</span>
              <span class="user-meta">
                {user.id} · {user.roles.map((role) => roleNames[role]).join(', ')}
              </span>
            </button>
          </li>
        ))}
      </ul>
      <form
        class="inline"
        onSubmit={(event) => {
          event.preventDefault();
          void as(other.trim());
        }}
      >
        <Field label="Another directory user" hint="Their user id" error={error} path="userId">
          {(props) => <input {...props} value={other} onInput={(event) => setOther(event.currentTarget.value)} autocomplete="off" />}
        </Field>
        <button type="submit">Sign in</button>
      </form>
    </section>
  );
};
