import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiDocumentOfService } from '#local/service-openapi.ts';
import { BadRequestGenerator, operationsOf, type BadRequest, type Operation } from '../support/bad-requests.ts';
import { TestApi } from '../support/api-client.ts';

/**
 * SPEC §6: a malformed request is a 4xx, never a 5xx, and changes nothing. For every
 * operation of the OpenAPI document the service serves, a few hundred generated bad
 * requests go to a local host in memory; the table is read whole before and after.
 * Seeded: FUZZ_SEED=<n> reproduces a run, FUZZ_RUNS=<n> sets the requests per operation.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_202);
const RUNS_PER_OPERATION = Number(process.env.FUZZ_RUNS ?? 200);
const IN_FLIGHT = 6;
const NOW = Date.parse('2026-12-02T10:00:00Z');

const users = ['demo-owner', 'demo-ao', 'epa-1', 'apprentice-1', 'demo-provider', 'demo-employer'];

let api: TestApi;
let meetingId: string;
let attendeeIds: string[];
let cursors: string[];

interface Answer {
  status: number;
  contentType: string;
  body: string;
  headers: Headers;
}

interface Failure {
  why: string;
  request: BadRequest;
  answer: Answer | { error: string };
}

const tableItems = async (): Promise<unknown[]> => {
  const items: unknown[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await api.host.table.documents.send(new ScanCommand({ TableName: api.host.table.tableName, ExclusiveStartKey: startKey }));
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
};

const urlOf = (operation: Operation, request: BadRequest): string => {
  const path = operation.path.replace(/\{(\w+)\}/g, (_whole, name: string) => request.pathParams[name] ?? '');
  const query = request.query.map(([name, value]) => `${name}=${value}`).join('&');
  return `${api.host.url}${path}${query ? `?${query}` : ''}`;
};

const authorizationOf = async (request: BadRequest): Promise<string | undefined> => {
  const { authorization } = request;
  switch (authorization.kind) {
    case 'none':
      return undefined;
    case 'raw':
      return authorization.value;
    case 'user':
      return `Bearer ${await api.token(authorization.userId)}`;
    case 'tampered': {
      const [header, payload, signature] = (await api.token(authorization.userId)).split('.');
      const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as Record<string, unknown>;
      // Another user's claims under this token's signature.
      const forged = Buffer.from(JSON.stringify({ ...claims, sub: authorization.userId === 'demo-owner' ? 'demo-ao' : 'demo-owner', roles: ['owner'] })).toString('base64url');
      return `Bearer ${header}.${forged}.${signature}`;
    }
  }
};

const send = async (operation: Operation, request: BadRequest): Promise<Answer> => {
  const headers: Record<string, string> = { ...request.headers };
  const authorization = await authorizationOf(request);
  if (authorization !== undefined) headers.authorization = authorization;
  let body: string | undefined;
  if (request.body) {
    body = 'json' in request.body ? JSON.stringify(request.body.json) : request.body.text;
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(urlOf(operation, request), {
    method: request.method,
    headers,
    ...(body !== undefined ? { body } : {}),
    signal: AbortSignal.timeout(10_000),
  });
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', body: await response.text(), headers: response.headers };
};

/** What is wrong with an answer, if anything: a bad request's answer is held to the served document too. */
const judge = (operation: Operation, request: BadRequest, answer: Answer): string | undefined => {
  if (answer.status >= 500) return `answered ${answer.status}`;
  const path = urlOf(operation, request).slice(api.host.url.length);
  const [failure] = api.contract.check({ method: request.method, path }, { status: answer.status, headers: answer.headers, text: answer.body });
  if (failure) return `an answer the document does not describe: ${failure.replace(/ — body .*/s, '')}`;
  if (answer.status >= 400) {
    if (answer.contentType !== 'application/problem+json') return `a ${answer.status} as ${answer.contentType || 'no content type'}`;
    const problem = JSON.parse(answer.body) as { status?: unknown; code?: unknown };
    if (problem.status !== answer.status || typeof problem.code !== 'string') return `a ${answer.status} whose problem says ${answer.body.slice(0, 200)}`;
    return undefined;
  }
  if (request.defects.length > 0) return `accepted with ${answer.status} despite: ${request.defects.join(', ')}`;
  return undefined;
};

const describeRequest = (operation: Operation, request: BadRequest): string =>
  `${request.method} ${urlOf(operation, request).slice(api.host.url.length, 300)} as ${JSON.stringify(request.authorization)}` +
  ` headers ${JSON.stringify(request.headers).slice(0, 200)} body ${JSON.stringify(request.body)?.slice(0, 300)} [${request.defects.join(', ')}]`;

/** Runs at most `limit` tasks at once. */
const inPool = async <T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> => {
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < items.length) await task(items[next++]!);
  }));
};

beforeAll(async () => {
  api = await TestApi.start({ clock: () => NOW });
  const booked = await api.post('/planning-meetings', {
    as: 'demo-owner',
    body: { status: 'confirmed', apprenticeId: 'apprentice-1', epaId: 'epa-1', start: '2027-01-04T10:00:00Z', location: 'Teams' },
  });
  expect(booked.status).toBe(201);
  meetingId = booked.body.id;
  const withGuest = await api.post(`/planning-meetings/${meetingId}/attendees`, { as: 'demo-owner', body: { shortcut: 'workplaceMentor' } });
  expect(withGuest.status).toBe(200);
  attendeeIds = withGuest.body.attendees.map((attendee: { id: string }) => attendee.id);
  // A second meeting of the same EPA, so that its listing pages and issues a cursor.
  const second = await api.post('/planning-meetings', {
    as: 'demo-owner',
    body: { status: 'confirmed', apprenticeId: 'apprentice-3', epaId: 'epa-1', start: '2027-01-05T10:00:00Z' },
  });
  expect(second.status).toBe(201);
  const page = await api.get('/planning-meetings?epaId=epa-1&limit=1', { as: 'demo-owner' });
  expect(page.body.cursor).toEqual(expect.any(String));
  cursors = [page.body.cursor];
  await api.host.settle();
});
afterAll(() => api?.close());

describe('generated bad requests, for every operation of the OpenAPI document', () => {
  it('are answered 4xx as problem+json (or served, for reads), never 5xx, and change nothing', async () => {
    const operations = operationsOf(openApiDocumentOfService() as never);
    const generator = new BadRequestGenerator({
      users,
      cursors,
      idsByName: {
        userId: users,
        epaId: ['epa-1', 'epa-2', 'epa-3'],
        apprenticeId: ['apprentice-1', 'apprentice-2', 'apprentice-3', 'apprentice-4'],
        standardId: ['ST0116', 'ST0119', 'missing-standard'],
        groupId: ['planning-meeting-bookings', 'missing-group'],
        meetingId: [meetingId, 'missing-meeting'],
        attendeeId: [...attendeeIds, 'missing-attendee'],
        memberIds: ['epa-1', 'epa-2'],
        notificationId: ['missing-notification'],
      },
    });
    const before = await tableItems();
    expect(before.length).toBeGreaterThan(20);

    const failures: Failure[] = [];
    let sent = 0;
    const statuses = new Map<string, number>();
    for (const [index, operation] of operations.entries()) {
      const requests = fc.sample(generator.request(operation), { seed: SEED + index, numRuns: RUNS_PER_OPERATION });
      await inPool(requests, IN_FLIGHT, async (request) => {
        sent += 1;
        try {
          const answer = await send(operation, request);
          if (process.env.FUZZ_VERBOSE) statuses.set(`${operation.operationId} ${answer.status}`, (statuses.get(`${operation.operationId} ${answer.status}`) ?? 0) + 1);
          const why = judge(operation, request, answer);
          if (why) failures.push({ why, request, answer });
        } catch (error) {
          failures.push({ why: 'no answer', request, answer: { error: error instanceof Error ? error.message : String(error) } });
        }
      });
    }
    await api.host.settle();
    const after = await tableItems();
    if (process.env.FUZZ_VERBOSE) console.info([...statuses].sort().map(([key, count]) => `${key}: ${count}`).join('\n'));

    // One line per operation and kind of wrong answer, with its first request: enough to reproduce by seed.
    const firstByKind = new Map<string, { count: number; failure: Failure }>();
    for (const failure of failures) {
      const kind = `${failure.request.operationId}: ${failure.why.replace(/despite: .*/, 'despite defects')}`;
      const seen = firstByKind.get(kind);
      if (seen) seen.count += 1;
      else firstByKind.set(kind, { count: 1, failure });
    }
    const report = [...firstByKind].map(([kind, { count, failure: { request, answer } }]) => {
      const operation = operations.find((candidate) => candidate.operationId === request.operationId)!;
      return `${kind} (${count}×) e.g. ${describeRequest(operation, request)} → ${'error' in answer ? answer.error : answer.body.slice(0, 240)}`;
    });
    expect(report, `FUZZ_SEED=${SEED}: ${failures.length} of ${sent} requests answered wrongly`).toEqual([]);
    expect(after, `FUZZ_SEED=${SEED}: ${sent} bad requests changed the table`).toEqual(before);
    expect(sent).toBe(operations.length * RUNS_PER_OPERATION);
  }, 120_000);
});
