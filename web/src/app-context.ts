import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { PermissionId } from '#domain/roles.ts';
import type { ApiClient } from './api.ts';
import type { WebConfig } from './config.ts';
import type { Session } from './session.ts';

export interface AppContext {
  config: WebConfig;
  api: ApiClient;
  session: Session | undefined;
  permissions: Set<PermissionId>;
  /** The organisation's zone: the API reads dates (`from`, `to`) as days there. */
  organisationZone: string;
  signIn(token?: string): Promise<void>;
  signOut(): void;
}

export const Context = createContext<AppContext | undefined>(undefined);

export const useApp = (): AppContext => {
  const context = useContext(Context);
  if (!context) throw new Error('useApp outside the app');
  return context;
};

/** The signed-in session; screens are only routed to when there is one. */
export const useSession = (): Session => {
  const { session } = useApp();
  if (!session) throw new Error('no session');
  return session;
};
