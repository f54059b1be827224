import type { RoleId } from '#domain/roles.ts';

export interface DemoUser {
  id: string;
  name: string;
  roles: RoleId[];
}

/**
 * The small file the host writes beside the app (`/config.json`): where the API is and
 * how people sign in. Local mode lists its demo users; a customer stack names its
 * OIDC issuer and client.
 */
export type WebConfig = {
  /** The API's base URL; empty when the API shares the site's origin (local mode). */
  apiUrl: string;
  auth:
    | { kind: 'local'; demoUsers: DemoUser[] }
    | { kind: 'oidc'; authority: string; clientId: string; scope: string; rolesClaim: string };
};

export const loadConfig = async (): Promise<WebConfig> => {
  const response = await fetch('/config.json', { cache: 'no-store' });
  if (!response.ok) throw new Error(`config.json: ${response.status}`);
  return (await response.json()) as WebConfig;
};
