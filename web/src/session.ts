import type { RoleId } from '#domain/roles.ts';
import type { WebConfig } from './config.ts';

/** Who is signed in, as the API will see them: the token's `sub` and roles claim. */
export interface Session {
  userId: string;
  name: string;
  roles: RoleId[];
  token(): Promise<string>;
}

const STORAGE_KEY = 'planning-meetings.local-token';

const claimsOf = (token: string): Record<string, unknown> => {
  const payload = token.split('.')[1] ?? '';
  const json = atob(payload.replaceAll('-', '+').replaceAll('_', '/'));
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (char) => char.charCodeAt(0)))) as Record<string, unknown>;
};

const rolesOf = (claims: Record<string, unknown>, rolesClaim: string): RoleId[] => {
  const value = claims[rolesClaim];
  // API Gateway flattens array claims to "[a b]"; a token itself carries an array or a string.
  if (Array.isArray(value)) return value.map(String) as RoleId[];
  if (typeof value === 'string') return value.replace(/^\[|\]$/g, '').split(/[\s,]+/).filter(Boolean) as RoleId[];
  return [];
};

/** Local mode: a token from `POST /local/token`, kept for this browser tab only. */
export const localSession = (names: ReadonlyMap<string, string>): Session | undefined => {
  const token = sessionStorage.getItem(STORAGE_KEY);
  if (!token) return undefined;
  const claims = claimsOf(token);
  if (typeof claims.exp === 'number' && claims.exp * 1000 < Date.now()) return undefined;
  const userId = String(claims.sub);
  return { userId, name: names.get(userId) ?? userId, roles: rolesOf(claims, 'roles'), token: async () => token };
};
export const keepLocalToken = (token: string): void => sessionStorage.setItem(STORAGE_KEY, token);
export const forgetLocalToken = (): void => sessionStorage.removeItem(STORAGE_KEY);

type OidcAuth = Extract<WebConfig['auth'], { kind: 'oidc' }>;

/**
 * A customer stack: the customer's OIDC issuer, authorization-code flow with PKCE,
 * done by oidc-client-ts (loaded only there). The access token goes to the API.
 */
export const oidcSessions = async (auth: OidcAuth) => {
  const { UserManager, WebStorageStateStore } = await import('oidc-client-ts');
  const manager = new UserManager({
    authority: auth.authority,
    client_id: auth.clientId,
    redirect_uri: `${window.location.origin}/`,
    post_logout_redirect_uri: `${window.location.origin}/`,
    response_type: 'code',
    scope: auth.scope,
    userStore: new WebStorageStateStore({ store: window.sessionStorage }),
    // No hidden iframes (the site's CSP allows no frames): an expired session signs in again.
    automaticSilentRenew: false,
    monitorSession: false,
  });
  const current = async (): Promise<Session | undefined> => {
    const search = new URLSearchParams(window.location.search);
    if (search.has('code') && search.has('state')) {
      await manager.signinRedirectCallback();
      window.history.replaceState({}, '', '/');
    }
    const user = await manager.getUser();
    if (!user || user.expired) return undefined;
    const claims = { ...claimsOf(user.access_token), ...user.profile } as Record<string, unknown>;
    return {
      userId: String(user.profile.sub),
      name: String(user.profile.name ?? user.profile.email ?? user.profile.sub),
      roles: rolesOf(claims, auth.rolesClaim),
      token: async () => {
        const fresh = await manager.getUser();
        if (!fresh || fresh.expired) {
          await manager.signinRedirect();
          return '';
        }
        return fresh.access_token;
      },
    };
  };
  return {
    current,
    signIn: () => manager.signinRedirect(),
    // Not every issuer offers an end-session endpoint: then forgetting the tokens here is signing out.
    signOut: async () => {
      const metadata = await manager.metadataService.getMetadata().catch(() => undefined);
      if (metadata?.end_session_endpoint) await manager.signoutRedirect();
      else {
        await manager.removeUser();
        window.location.assign('/');
      }
    },
  };
};
