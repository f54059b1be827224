import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { httpFunctionGroups } from '#api/function-groups.ts';
import { routeKey } from '#api/route.ts';
import { routes } from '#api/routes.ts';
import { openApiDocumentOfService } from '#local/service-openapi.ts';
import { bundleFunction, lambdaEnvironment, TARGET_MINIFIED_KB } from '../../bench/function-bundles.ts';
import { Contract } from '../support/contract.ts';

/**
 * What each function's bundle may carry. A client in a bundle is paid for in every cold
 * start of that function, so a group builds only what it uses (functions/<group>);
 * this reads the bundles esbuild makes with the stack's settings.
 */
const bundles = new Map(await Promise.all(
  [...httpFunctionGroups, 'publisher', 'sweeper', 'notify-email', 'notify-sms', 'notify-inapp'].map(async (group) => [group, await bundleFunction(group)] as const),
));
const packagesOf = (group: string): Set<string> =>
  new Set(
    bundles.get(group)!.modules.flatMap((module) => {
      const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(module);
      return match ? [match[1]!] : [];
    }),
  );

const directory = mkdtempSync(path.join(tmpdir(), 'bundles-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

/**
 * Runs `script` beside a bundle in a fresh `node` (no tsx, no project modules on hand,
 * as in Lambda), the bundle's module in `bundle`; answers what the script wrote after
 * a line's `answer: ` (the frame logs to stdout too, JSON lines as CloudWatch takes them).
 */
const runBesideBundle = async (group: string, script: string): Promise<unknown> => {
  const file = path.join(directory, `${group}.mjs`);
  writeFileSync(file, bundles.get(group)!.code);
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--input-type=module', '-e', `const bundle = await import(${JSON.stringify(pathToFileURL(file).href)}); ${script}`],
    { cwd: directory, env: { PATH: process.env.PATH ?? '', ...lambdaEnvironment, AWS_LAMBDA_FUNCTION_NAME: group } },
  );
  return JSON.parse(stdout.slice(stdout.lastIndexOf('\nanswer: ') + '\nanswer: '.length));
};

const invokeBundle = async (group: string, event: unknown) =>
  (await runBesideBundle(
    group,
    `const answer = await bundle.handler(${JSON.stringify(event)}, { awsRequestId: 'bundle-test', functionName: ${JSON.stringify(group)} });` +
      `process.stdout.write('\\nanswer: ' + JSON.stringify(answer));`,
  )) as { statusCode: number; headers: Record<string, string>; body: string };

describe('function bundles', () => {
  it.each(httpFunctionGroups)('%s: the bundle loads on its own and answers a request through its frame', async (group) => {
    const route = routes.find((candidate) => candidate.group === group)!;
    // No claims, as when API Gateway passed no token: the frame refuses before it reads the table.
    const event = { version: '2.0', routeKey: routeKey(route), rawPath: route.path, headers: {}, requestContext: { requestId: 'bundle-test' } };
    const answer = await invokeBundle(group, event);
    if (route.access.kind === 'public') {
      expect(answer.statusCode).toBe(200);
    } else {
      expect(answer.statusCode).toBe(401);
      expect(answer.headers['content-type']).toContain('application/problem+json');
    }
    // What a bundle answers in Lambda is held to the document as the local host's answers are.
    const answered = { status: answer.statusCode, headers: new Headers(answer.headers), text: answer.body ?? '' };
    expect(new Contract(openApiDocumentOfService()).check({ method: route.method, path: route.path }, answered)).toEqual([]);
  });

  it.each(['publisher', 'sweeper', 'notify-email', 'notify-sms', 'notify-inapp'])('%s: the bundle loads on its own, settings read, handler ready', async (group) => {
    expect(await runBesideBundle(group, `process.stdout.write('\\nanswer: ' + JSON.stringify(typeof bundle.handler));`)).toBe('function');
  });

  it.each(httpFunctionGroups.filter((group) => group !== 'health'))('%s: the table client, no SES, SNS or EventBridge client, no credential chain beyond the environment', (group) => {
    const packages = packagesOf(group);
    expect(packages).toContain('@aws-sdk/client-dynamodb');
    for (const client of ['@aws-sdk/client-sesv2', '@aws-sdk/client-sns', '@aws-sdk/client-eventbridge', '@aws-sdk/credential-provider-node', '@aws-sdk/nested-clients']) {
      expect(packages, client).not.toContain(client);
    }
    expect(Buffer.byteLength(bundles.get(group)!.code) / 1024).toBeLessThanOrEqual(TARGET_MINIFIED_KB);
  });

  it('the iCalendar writer only where invites are written (calendar.ics, email), the MIME writer only in the email notifier', () => {
    const carrying = (name: string) => [...bundles.keys()].filter((group) => packagesOf(group).has(name)).sort();
    expect(carrying('ical-generator')).toEqual(['calendar', 'notify-email']);
    expect(carrying('nodemailer')).toEqual(['notify-email']);
  });

  it('no event-stream code: no client here has an event-stream operation', () => {
    for (const group of bundles.keys()) {
      expect(bundles.get(group)!.modules.filter((module) => module.includes('/event-streams/')), group).toEqual([]);
    }
  });

  it('health: neither zod nor any AWS client', () => {
    const packages = [...packagesOf('health')];
    expect(packages.filter((name) => name === 'zod' || name.startsWith('@aws-sdk/') || name.startsWith('@smithy/'))).toEqual([]);
    expect(Buffer.byteLength(bundles.get('health')!.code)).toBeLessThan(4096);
  });

  it('carry only the parts of zod in use, not all of it with its forty locales (import * as z)', () => {
    for (const group of bundles.keys()) {
      const locales = bundles.get(group)!.modules.filter((module) => module.includes('node_modules/zod/v4/locales/'));
      expect(locales.filter((module) => !module.endsWith('/en.js')), group).toEqual([]);
    }
  });

  it('the publisher and the sweeper: the bus client, no SES or SNS', () => {
    for (const group of ['publisher', 'sweeper']) {
      const packages = packagesOf(group);
      expect(packages).toContain('@aws-sdk/client-eventbridge');
      expect(packages).not.toContain('@aws-sdk/client-sesv2');
      expect(packages).not.toContain('@aws-sdk/client-sns');
    }
  });

  it.each([
    ['notify-email', ['@aws-sdk/client-sesv2']],
    ['notify-sms', ['@aws-sdk/client-sns']],
    ['notify-inapp', []],
  ])('%s: its channel’s client alone, no bus client', (group, own) => {
    const clients = [...packagesOf(group)].filter((name) => ['@aws-sdk/client-sesv2', '@aws-sdk/client-sns', '@aws-sdk/client-eventbridge'].includes(name));
    expect(clients).toEqual(own);
  });
});
