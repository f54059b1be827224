import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import axe from 'axe-core';
import { chromium, type Browser, type BrowserContext, type Page, type Response as PlaywrightResponse } from 'playwright-core';
import { expect } from 'vitest';
import { contractFetch, servedContract, type Contract } from '../support/contract.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
export const SCREENSHOTS = join(root, 'test-output', 'screenshots');

/** Debian's chromium (`.ci/run` installs it); CHROMIUM names another one. */
const chromiumPath = (): string => {
  const candidates = [process.env.CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((path): path is string => !!path);
  const found = candidates.find((path) => existsSync(path));
  if (!found) throw new Error('No Chromium found: install Debian\'s chromium package (apt-get install chromium) or set CHROMIUM');
  return found;
};

/** `npm test` builds the screens first; a single test file run on a fresh clone builds them here. */
export const ensureBuilt = async (): Promise<void> => {
  if (existsSync(join(root, 'web', 'dist', 'index.html'))) return;
  const { build } = await import('vite');
  await build({ configFile: join(root, 'web', 'vite.config.ts') });
};

export interface Service {
  url: string;
  stop(): Promise<void>;
}

/**
 * The service as a new user starts it (`npm start -- --memory`, without the build step).
 * It binds port 0 itself and prints the address it got: a port found free here and
 * bound later by the child could be taken in between by another test file's server.
 */
export const startService = async (options: { clockStart?: string } = {}): Promise<Service> => {
  await ensureBuilt();
  const child: ChildProcess = spawn(process.execPath, [join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(root, 'bin', 'local.ts'), '--memory'], {
    cwd: root,
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'warn', ...(options.clockStart ? { LOCAL_CLOCK_START: options.clockStart } : {}) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the service did not start:\n${output}`)), 45_000);
    const read = (chunk: Buffer): void => {
      output += chunk.toString();
      const found = /(http:\/\/localhost:\d+)\//.exec(output);
      if (found?.[1]) {
        clearTimeout(timer);
        resolve(found[1]);
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`the service exited (${code}):\n${output}`)));
  });
  contracts.set(new URL(url).origin, servedContract(url));
  return {
    url,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
};

export interface Screens {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** One headless Chromium per test file (Playwright gives it a fresh profile), in the zone the assertions name. */
export const openBrowser = async (timezoneId = 'Europe/London', options: { now?: string; viewport?: { width: number; height: number } } = {}): Promise<Screens> => {
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    // Date inputs follow the process locale, not the page's.
    env: { ...process.env, LANG: 'en_GB.UTF-8', LANGUAGE: 'en_GB' },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--lang=en-GB'],
  });
  const context = await browser.newContext({ timezoneId, locale: 'en-GB', viewport: options.viewport ?? { width: 1280, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  // The page's clock starts where the service's does (LOCAL_CLOCK_START) and runs on, so "this week" is the same on both sides.
  if (options.now) await page.clock.install({ time: new Date(options.now) });
  const problems: string[] = [];
  // A Content-Security-Policy violation or an uncaught error fails the file at its end.
  page.on('console', (message) => {
    if (message.type() === 'error' && !/Failed to load resource/.test(message.text())) problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  // The screens' own calls are held to the served OpenAPI document too: a screen is a client of it.
  const contractFailures: string[] = [];
  const checks: Promise<void>[] = [];
  page.on('response', (response) => checks.push(checkAnswer(response, contractFailures)));
  return {
    browser,
    context,
    page,
    close: async () => {
      await Promise.all(checks);
      await browser.close();
      expect(problems, 'errors in the browser console').toEqual([]);
      expect(contractFailures, 'answers to the screens that do not follow the served OpenAPI document').toEqual([]);
    },
  };
};

/** The document each service started here serves, by origin; a test's stand-ins (an OIDC issuer, a fake API) have none. */
const contracts = new Map<string, Promise<Contract>>();
const contractOf = (origin: string): Promise<Contract> | undefined => contracts.get(origin);

/** Checks one answer the page received, if it is the API's (not a page, a script or /local/…). */
const checkAnswer = async (response: PlaywrightResponse, failures: string[]): Promise<void> => {
  const url = new URL(response.url());
  if (!url.protocol.startsWith('http')) return;
  const contract = await contractOf(url.origin);
  if (!contract?.pathTemplateOf(url.pathname)) return;
  let text: string;
  try {
    text = (await response.body()).toString('utf8');
  } catch {
    // The page moved on before the body was read: nothing left to check.
    return;
  }
  const headers = new Headers(await response.allHeaders());
  failures.push(...contract.check({ method: response.request().method(), path: `${url.pathname}${url.search}` }, { status: response.status(), headers, text }));
};

export const signInAs = async (page: Page, url: string, userId: string): Promise<void> => {
  await page.goto(`${url}/#/sign-in`);
  const signOut = page.getByRole('button', { name: 'Sign out' });
  if (await signOut.isVisible()) await signOut.click();
  await page.getByRole('button', { name: new RegExp(`\\b${userId}\\b`) }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
};

/** Saves what the screen looks like, for a person to look at (test-output/, not committed). */
export const screenshot = async (page: Page, name: string): Promise<void> => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
};

/** axe-core in the page: the serious and critical violations, as "rule: target" lines. */
export const accessibilityViolations = async (page: Page): Promise<string[]> => {
  // Evaluated through the DevTools protocol: an injected <script> would be refused by the site's CSP.
  await page.evaluate(axe.source);
  const results = await page.evaluate(async () => {
    const page = globalThis as unknown as { axe: typeof axe; document: Parameters<typeof axe.run>[0] };
    const found = await page.axe.run(page.document, { resultTypes: ['violations'] });
    return found.violations.map((violation) => ({ id: violation.id, impact: violation.impact, help: violation.help, targets: violation.nodes.map((node) => node.target.join(' ')) }));
  });
  return results.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical').map((violation) => `${violation.id} (${violation.help}): ${violation.targets.join(', ')}`);
};

/** The API as any frontend calls it, for what a test sets up before it opens a screen; each answer is held to the served document. */
export const apiAs = async (url: string, userId: string) => {
  const { token } = (await (await fetch(`${url}/local/token`, { method: 'POST', body: JSON.stringify({ userId }) })).json()) as { token: string };
  const contract = await (contractOf(new URL(url).origin) ?? servedContract(url));
  const checkedFetch = contractFetch(contract);
  return async <T = Record<string, unknown>>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> => {
    const response = await checkedFetch(`${url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const answer = (await response.json()) as T;
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(answer)}`);
    return answer;
  };
};
