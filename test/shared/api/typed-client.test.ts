import { execFile } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import openapiTS, { astToString } from 'openapi-typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestApi } from '../../support/api-client.ts';
import { contractFetch } from '../../support/contract.ts';

/**
 * A frontend team's client, generated from the document the service serves: types by
 * openapi-typescript, calls by openapi-fetch. A small flow (slots, book, approve, history)
 * must type-check against them with the compiler's strict settings, and a flow that misreads
 * the document must not; the flow then runs against the service with every answer held to
 * the same document. Generated into test-output/ (ignored), inside the project so that the
 * flow resolves openapi-fetch from its node_modules.
 */
const run = promisify(execFile);
const root = fileURLToPath(new URL('../../../', import.meta.url));
const folder = join(root, 'test-output', 'typed-client');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');

/** Wednesday 6 January 2027, 10:00 GMT: the demo window's two working days' notice ends on Friday. */
const NOW = Date.parse('2027-01-06T10:00:00Z');

const flow = `import createClient from 'openapi-fetch';
import type { components, paths } from './api.ts';

type PlanningMeeting = components['schemas']['PlanningMeeting'];
type HistoryEntry = components['schemas']['PlanningMeetingHistory']['entries'][number];

/** A refusal is the service's problem, or in AWS a message of API Gateway's own: the types say which to read. */
const why = (error: components['schemas']['Problem'] | components['schemas']['GatewayMessage']): string =>
  'code' in error ? \`\${error.code}: \${error.detail}\` : error.message;

export interface Tokens {
  booker: string;
  approver: string;
}

/** An apprentice books the first offered slot, a capacity manager approves it, the apprentice reads its history. */
export const bookApproveAndReadHistory = async (baseUrl: string, tokens: Tokens, fetchOf: typeof fetch) => {
  const client = createClient<paths>({ baseUrl, fetch: fetchOf });
  const as = (token: string) => ({ authorization: \`Bearer \${token}\` });

  const offered = await client.GET('/apprentices/{apprenticeId}/planning-meeting-slots', {
    params: { path: { apprenticeId: 'apprentice-1' }, query: { from: '2027-01-11', to: '2027-01-15' } },
    headers: as(tokens.booker),
  });
  if (!offered.data) throw new Error(\`slots: \${why(offered.error)}\`);
  const slot = offered.data.slots[0];
  if (!slot) throw new Error(\`no slot: \${offered.data.reason}\`);

  const booked = await client.POST('/planning-meetings', {
    body: { status: 'provisional', apprenticeId: 'apprentice-1', start: slot.start },
    params: { header: { 'Idempotency-Key': 'typed-client-flow' } },
    headers: as(tokens.booker),
  });
  if (!booked.data) throw new Error(\`book: \${why(booked.error)}\`);
  const meeting: PlanningMeeting = booked.data;
  const location: string | null = booked.response.headers.get('location');

  // No body: approve takes an optional reason.
  const approved = await client.POST('/planning-meetings/{meetingId}/approve', {
    params: { path: { meetingId: meeting.id }, header: { 'If-Match': \`"\${meeting.version}"\` } },
    headers: as(tokens.approver),
  });
  if (!approved.data) throw new Error(\`approve: \${why(approved.error)}\`);

  const history = await client.GET('/planning-meetings/{meetingId}/history', {
    params: { path: { meetingId: meeting.id } },
    headers: as(tokens.booker),
  });
  if (!history.data) throw new Error(\`history: \${why(history.error)}\`);
  const entries: HistoryEntry[] = history.data.entries;
  return { location, booked: meeting.status, approved: approved.data.status, version: approved.data.version, history: entries.map((entry) => entry.type) };
};
`;

/** Each line misreads the document in one way the compiler must catch. */
const misreadingFlow = `import createClient from 'openapi-fetch';
import type { paths } from './api.ts';

export const misread = async () => {
  const client = createClient<paths>({ baseUrl: 'http://localhost' });
  const booked = await client.POST('/planning-meetings', { body: { status: 'provisional', apprenticeId: 'a', start: 'x', room: 'B' } });
  const meeting = await client.GET('/planning-meetings/{meetingId}', { params: { path: { meetingId: 'm' } } });
  const colour: string = meeting.data!.colour;
  const version: string = meeting.data!.version;
  await client.POST('/planning-meetings/{meetingId}/approve', { params: { path: {} } });
  await client.GET('/planning-meeting/{meetingId}', {});
  return { booked, colour, version };
};
`;

const compilerOptions = {
  target: 'ES2022',
  module: 'NodeNext',
  moduleResolution: 'NodeNext',
  lib: ['ES2023', 'DOM'],
  strict: true,
  noUncheckedIndexedAccess: true,
  exactOptionalPropertyTypes: true,
  allowImportingTsExtensions: true,
  verbatimModuleSyntax: true,
  skipLibCheck: true,
  noEmit: true,
  types: [],
};

/** The compiler's error lines for one file; none when it type-checks. */
const compile = async (file: string): Promise<string[]> => {
  writeFileSync(join(folder, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: [file] }, null, 2));
  try {
    await run(process.execPath, [tsc, '-p', join(folder, 'tsconfig.json')], { cwd: folder, timeout: 120_000 });
    return [];
  } catch (error) {
    const output = (error as { stdout?: string }).stdout ?? String(error);
    return output.split('\n').filter((line) => line.includes('error TS'));
  }
};

let api: TestApi;

beforeAll(async () => {
  api = await TestApi.start({ clock: () => NOW });
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  // Generated from what the host serves, as a frontend team would from its address.
  writeFileSync(join(folder, 'api.ts'), astToString(await openapiTS(api.contract.document as never)));
  writeFileSync(join(folder, 'flow.ts'), flow);
  writeFileSync(join(folder, 'misreading-flow.ts'), misreadingFlow);
}, 120_000);
afterAll(() => api?.close());

describe('a client generated from the served document (openapi-typescript, openapi-fetch)', () => {
  it('type-checks a booking flow: slots, book, approve without a body, history', async () => {
    expect(await compile('flow.ts')).toEqual([]);
  }, 120_000);

  it('refuses a flow that misreads the document: an unknown body field, an unknown or mistyped answer field, a missing path parameter, an unknown path', async () => {
    const errors = await compile('misreading-flow.ts');
    const lineOf = (text: string) => misreadingFlow.split('\n').findIndex((line) => line.includes(text)) + 1;
    const linesWithErrors = new Set(errors.map((error) => Number(/\((\d+),\d+\)/.exec(error)?.[1])));
    for (const text of ["room: 'B'", 'colour: string', 'version: string', 'path: {} }', "'/planning-meeting/{meetingId}'"]) {
      expect(linesWithErrors.has(lineOf(text)), `${text}: ${errors.join('\n')}`).toBe(true);
    }
  }, 120_000);

  it('runs the flow against the service, every answer following the document', async () => {
    const { bookApproveAndReadHistory } = (await import(pathToFileURL(join(folder, 'flow.ts')).href)) as {
      bookApproveAndReadHistory: (baseUrl: string, tokens: { booker: string; approver: string }, fetchOf: typeof fetch) => Promise<Record<string, unknown>>;
    };
    const outcome = await bookApproveAndReadHistory(
      api.host.url,
      { booker: await api.token('apprentice-1'), approver: await api.token('demo-owner') },
      contractFetch(api.contract),
    );
    expect(outcome).toMatchObject({ booked: 'provisional', approved: 'confirmed', version: 2 });
    expect(outcome.location).toMatch(/^\/planning-meetings\/[^/]+$/);
    expect(outcome.history).toEqual(expect.arrayContaining(['PlanningMeetingProvisionallyBooked', 'PlanningMeetingApproved']));
  }, 60_000);
});
