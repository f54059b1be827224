// npm start: the service on this machine, with the embedded store and demo data.
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { roleIds } from '#domain/roles.ts';
import { demoUserOfRole } from '#local/demo-data.ts';
import { LOCAL_TOKEN_LIFETIME_SECONDS } from '#local/local-auth.ts';
import { startLocalHost } from '#local/local-host.ts';
import { terminalLogger } from '#local/terminal-logger.ts';

// The runtime in AWS is Node.js 22; a laptop on Node.js 20 needs no SDK nag at every start.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const { values } = parseArgs({ options: { memory: { type: 'boolean', default: false } } });
const port = Number(process.env.PORT ?? 3000);
const dataDirectory = values.memory ? undefined : resolve(process.env.DATA_DIR ?? '.data');

const cannotStart = (error: unknown): never => {
  const code = (error as { code?: unknown }).code;
  const reason =
    code === 'EADDRINUSE'
      ? `port ${port} is in use; set PORT to another one (PORT=3001 npm start)`
      : error instanceof Error
        ? error.message
        : String(error);
  process.stderr.write(`The service did not start: ${reason}\n`);
  process.exit(1);
};
/**
 * LOCAL_CLOCK_START (an instant, e.g. 2027-01-06T10:00:00Z) starts the service's clock there
 * and lets it run on: the screens' tests and demos then see the same days whatever the date.
 */
const clockStart = process.env.LOCAL_CLOCK_START ? Date.parse(process.env.LOCAL_CLOCK_START) : undefined;
if (clockStart !== undefined && Number.isNaN(clockStart)) cannotStart(new Error(`LOCAL_CLOCK_START is not an instant: ${process.env.LOCAL_CLOCK_START}`));
const startedAt = Date.now();
const clock = clockStart === undefined ? undefined : () => clockStart + (Date.now() - startedAt);
const requestLog = dataDirectory ? join(dataDirectory, 'requests.jsonl') : undefined;
const logger = terminalLogger({ jsonFile: requestLog });
const host = await startLocalHost({ port, logger, ...(clock ? { clock } : {}), ...(dataDirectory ? { dataDirectory } : {}) }).catch(cannotStart);
const tokens = await Promise.all(roleIds.map(async (role) => [role, demoUserOfRole[role], await host.tokenFor(demoUserOfRole[role])] as const));

process.stdout.write(
  [
    '',
    // The screens come first: a new user opens this and needs nothing else.
    `Open the screens: ${host.url}/  (sign in as apprentice-1 to book, as demo-owner to approve)`,
    '',
    `Planning meeting booking service on ${host.url}`,
    `  data:    ${dataDirectory ?? 'in memory (--memory)'}`,
    ...(requestLog ? [`  logs:    ${requestLog} (one JSON line per event; the terminal shows one short line per request)`] : []),
    ...(clockStart !== undefined ? [`  clock:   started at ${new Date(clockStart).toISOString()} (LOCAL_CLOCK_START)`] : []),
    `  OpenAPI: ${host.url}/openapi.json`,
    `  health:  ${host.url}/health`,
    '',
    `Sign-in tokens (Authorization: Bearer <token>), valid ${LOCAL_TOKEN_LIFETIME_SECONDS / 3600} hours; POST /local/token {"userId": "…"} issues more:`,
    ...tokens.map(([role, userId, token]) => `  ${role.padEnd(21)} ${userId.padEnd(14)} ${token}`),
    '',
    'Try:',
    `  curl -H "Authorization: Bearer ${tokens.find(([role]) => role === 'owner')?.[2] ?? ''}" ${host.url}/users/apprentice-1`,
    '',
    dataDirectory ? 'Ctrl-C stops the service; the data stays for the next start.' : 'Ctrl-C stops the service; in-memory data goes with it.',
    '',
  ].join('\n'),
);

let stopping = false;
const stop = async (): Promise<void> => {
  if (stopping) return;
  stopping = true;
  process.stdout.write('\nstopping…\n');
  await host.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
