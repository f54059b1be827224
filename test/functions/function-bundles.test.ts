import { describe, expect, it } from 'vitest';
import { httpFunctionGroups } from '#api/function-groups.ts';
import { bundleFunction, TARGET_MINIFIED_KB } from '../../bench/function-bundles.ts';

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

/**
 * The target, but where a group is known to be over it (README, Lambda bundles):
 * bookings also serves calendar.ics, which brings ical-generator.
 */
const overTarget: Record<string, number> = { bookings: 450 };
const budgetKb = (group: string): number => overTarget[group] ?? TARGET_MINIFIED_KB;

describe('function bundles', () => {
  it.each(httpFunctionGroups.filter((group) => group !== 'health'))('%s: the table client, no SES, SNS or EventBridge client, no credential chain beyond the environment', (group) => {
    const packages = packagesOf(group);
    expect(packages).toContain('@aws-sdk/client-dynamodb');
    for (const client of ['@aws-sdk/client-sesv2', '@aws-sdk/client-sns', '@aws-sdk/client-eventbridge', '@aws-sdk/credential-provider-node', '@aws-sdk/nested-clients']) {
      expect(packages, client).not.toContain(client);
    }
    expect(Buffer.byteLength(bundles.get(group)!.code) / 1024).toBeLessThanOrEqual(budgetKb(group));
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
