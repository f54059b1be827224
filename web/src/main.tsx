import { render } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { bookingPermissionIds, type PermissionId } from '#domain/roles.ts';
import { ApiClient } from './api.ts';
import { Context, type AppContext } from './app-context.ts';
import { loadConfig, type WebConfig } from './config.ts';
import { permissionsOfRoles, roleNames } from './permissions.ts';
import { forgetLocalToken, keepLocalToken, localSession, oidcSessions, type Session } from './session.ts';
import { viewerZone } from './time.ts';
import { ApprenticesScreen } from './screens/apprentices.tsx';
import { BookScreen } from './screens/book.tsx';
import { CapacityScreen } from './screens/capacity.tsx';
import { ConfigurationScreen } from './screens/configuration.tsx';
import { ManageScreen } from './screens/manage.tsx';
import { MeetingScreen } from './screens/meeting.tsx';
import { NotificationsScreen } from './screens/notifications.tsx';
import { OutboxScreen } from './screens/outbox.tsx';
import { SignInScreen } from './screens/sign-in.tsx';
import './styles.css';

interface Screen {
  path: string;
  title: string;
  /** Shown to roles whose permissions include one of these; undefined: to everyone signed in. */
  permission?: readonly PermissionId[];
  localOnly?: boolean;
  signedOut?: boolean;
  render: () => preact.JSX.Element;
}

const screens: Screen[] = [
  { path: 'book', title: 'Book a planning meeting', permission: bookingPermissionIds, render: () => <BookScreen /> },
  { path: 'meetings', title: 'Manage planning meetings', permission: ['ManagePlanningMeetings'], render: () => <ManageScreen /> },
  { path: 'capacity', title: 'Booking capacity', permission: ['ManagePlanningCapacity'], render: () => <CapacityScreen /> },
  { path: 'apprentices', title: 'Apprentices', permission: ['ManageDirectory'], render: () => <ApprenticesScreen /> },
  { path: 'configuration', title: 'Configuration', permission: ['ConfigureSystem'], render: () => <ConfigurationScreen /> },
  { path: 'notifications', title: 'Notifications', render: () => <NotificationsScreen /> },
  { path: 'outbox', title: 'Outbox', localOnly: true, signedOut: true, render: () => <OutboxScreen /> },
];

const useHashPath = (): [string, (path: string) => void] => {
  const read = () => window.location.hash.replace(/^#\/?/, '').split('?')[0] ?? '';
  const [path, setPath] = useState(read);
  useEffect(() => {
    const changed = () => setPath(read());
    window.addEventListener('hashchange', changed);
    return () => window.removeEventListener('hashchange', changed);
  }, []);
  return [path, (next: string) => (window.location.hash = `#/${next}`)];
};

const App = ({ config, initial, oidc }: { config: WebConfig; initial: Session | undefined; oidc: Awaited<ReturnType<typeof oidcSessions>> | undefined }) => {
  const [session, setSession] = useState(initial);
  const [organisationZone, setOrganisationZone] = useState('Europe/London');
  const [path, go] = useHashPath();
  const names = useMemo(() => new Map(config.auth.kind === 'local' ? config.auth.demoUsers.map((user) => [user.id, user.name]) : []), [config]);
  const api = useMemo(() => new ApiClient(config.apiUrl, async () => session?.token()), [config, session]);
  const permissions = useMemo(() => permissionsOfRoles(session?.roles ?? []), [session]);
  const local = config.auth.kind === 'local';
  const visible = screens.filter(
    (screen) => (!screen.localOnly || local) && (session ? !screen.permission || screen.permission.some((one) => permissions.has(one)) : screen.signedOut),
  );

  useEffect(() => {
    if (!session) return;
    api.availabilitySettings().then(
      ({ data }) => setOrganisationZone(data.timeZone),
      () => undefined,
    );
  }, [api, session]);

  const context: AppContext = {
    config,
    api,
    session,
    permissions,
    organisationZone,
    signIn: async (token) => {
      if (token) {
        keepLocalToken(token);
        const next = localSession(names);
        setSession(next);
        const first = screens.find((screen) => !screen.localOnly && screen.permission?.some((one) => permissionsOfRoles(next?.roles ?? []).has(one)));
        go(first?.path ?? 'notifications');
      } else await oidc?.signIn();
    },
    signOut: () => {
      setSession(undefined);
      if (local) {
        forgetLocalToken();
        go('sign-in');
      } else void oidc?.signOut();
    },
  };

  // The emails link to one meeting: #/meeting/<id>.
  const meetingId = session && path.startsWith('meeting/') ? decodeURIComponent(path.slice('meeting/'.length)) : undefined;
  const screen = visible.find((candidate) => candidate.path === path) ?? (session ? visible[0] : undefined);
  useEffect(() => {
    document.title = `${screen?.title ?? 'Sign in'} · Planning meetings`;
  }, [screen]);

  return (
    <Context.Provider value={context}>
      <a class="skip-link" href="#main" onClick={(event) => (event.preventDefault(), document.getElementById('main')?.focus())}>
        Skip to content
      </a>
      <header class="top">
        <div class="brand">Planning meetings</div>
        <nav aria-label="Screens">
          <ul>
            {visible.map((item) => (
              <li key={item.path}>
                <a href={`#/${item.path}`} aria-current={item === screen ? 'page' : undefined}>
                  {item.title}
                </a>
              </li>
            ))}
            {!session && (
              <li>
                <a href="#/sign-in" aria-current={!screen ? 'page' : undefined}>
                  Sign in
                </a>
              </li>
            )}
          </ul>
        </nav>
        {session && (
          <div class="who">
            <span>
              {session.name} · {session.roles.map((role) => roleNames[role] ?? role).join(', ')}
            </span>
            <button type="button" class="quiet" onClick={context.signOut}>
              Sign out
            </button>
          </div>
        )}
      </header>
      <main id="main" tabIndex={-1}>
        {meetingId ? <MeetingScreen meetingId={meetingId} /> : screen ? screen.render() : <SignInScreen />}
      </main>
      <footer class="bottom">Times are shown in your time zone, {viewerZone()}.</footer>
    </Context.Provider>
  );
};

const start = async (): Promise<void> => {
  const root = document.getElementById('app')!;
  try {
    const config = await loadConfig();
    const oidc = config.auth.kind === 'oidc' ? await oidcSessions(config.auth) : undefined;
    const names = new Map(config.auth.kind === 'local' ? config.auth.demoUsers.map((user) => [user.id, user.name]) : []);
    const initial = oidc ? await oidc.current() : localSession(names);
    render(<App config={config} initial={initial} oidc={oidc} />, root);
  } catch (error) {
    root.textContent = `The screens could not start: ${error instanceof Error ? error.message : String(error)}`;
  }
};

void start();
