import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import type { UserInput } from '#domain/directory.ts';
import type { RoleId } from '#domain/roles.ts';
import type { RecordRepository } from '#store/record-repository.ts';
import { demoUsers } from './demo-data.ts';
import type { LocalAnswer } from './http-server.ts';
import { WEB_APP_DIRECTORY } from '../../web/build-folder.ts';
import { contentSecurityPolicy } from '../../web/content-security-policy.ts';

export interface DemoUserSummary {
  id: string;
  name: string;
  roles: RoleId[];
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** The headers CloudFront adds in AWS (lib/aws/static-site.ts), so a CSP mistake shows on the laptop first. */
const securityHeaders: Record<string, string> = {
  'content-security-policy': contentSecurityPolicy(),
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'x-frame-options': 'DENY',
};

const notBuilt = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Planning meetings</title></head>
<body><h1>The screens are not built yet</h1><p>Run <code>npm run build:web</code> (or <code>npm start</code>, which builds them first) and reload.</p></body></html>`;

/**
 * The screens in local mode: the built web app at `/`, its `/config.json` (same origin
 * as the API, local sign-in with the demo users), and index.html for any other page a
 * browser asks for. Only paths the route table does not know reach it: the API keeps its paths.
 */
export const webAppFallback = (options: { directory?: string; demoUsers: () => Promise<DemoUserSummary[]> }) => {
  const root = options.directory ?? WEB_APP_DIRECTORY;
  const file = (path: string): LocalAnswer | undefined => {
    let relative: string;
    try {
      relative = normalize(decodeURIComponent(path)).replace(/^[/\\]+/, '');
    } catch {
      return undefined;
    }
    const full = join(root, relative);
    if (!full.startsWith(root.endsWith(sep) ? root : root + sep) || !existsSync(full) || !statSync(full).isFile()) return undefined;
    // Vite names built assets by their hash: they never change under the same name.
    const cache = relative.startsWith(`assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache';
    return { status: 200, body: readFileSync(full), contentType: contentTypes[extname(full)] ?? 'application/octet-stream', headers: { ...securityHeaders, 'cache-control': cache } };
  };

  return async ({ path, headers }: { path: string; headers: Record<string, string> }): Promise<LocalAnswer | undefined> => {
    if (path === '/config.json') {
      return { status: 200, body: { apiUrl: '', auth: { kind: 'local', demoUsers: await options.demoUsers() } }, headers: { 'cache-control': 'no-store' } };
    }
    const found = path === '/' ? undefined : file(path);
    if (found) return found;
    // A page (the root, or a link someone kept): the app, which routes by the URL's hash.
    if (path === '/' || (headers.accept ?? '').includes('text/html')) {
      return file('/index.html') ?? { status: 503, body: notBuilt, contentType: 'text/html; charset=utf-8' };
    }
    return undefined;
  };
};

/** The demo users as the directory now has them (a persisted directory may have changed since the seed). */
export const demoUserSummaries = async (records: Pick<RecordRepository, 'getMany'>): Promise<DemoUserSummary[]> => {
  const users = await records.getMany<UserInput>('user', Object.keys(demoUsers));
  return Object.keys(demoUsers).flatMap((id) => {
    const user = users.get(id);
    return user ? [{ id, name: user.data.name, roles: user.data.roles }] : [];
  });
};
