import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { TestApi } from '../../support/api-client.ts';

/**
 * Local mode keeps its data between starts; a data folder written before the listing's
 * and the directory search's entries existed gets them at its next start, before it
 * serves (the same rebuild as `bin/rebuild-listings.ts`).
 */

const dataDirectory = mkdtempSync(join(tmpdir(), 'listing-entries-at-start-'));
afterAll(() => rmSync(dataDirectory, { recursive: true, force: true }));

const NOW = Date.parse('2027-01-06T10:00:00Z');

/** Removes an id's derived items, as a release before them left the id: its records alone. */
const forgetEntries = async (api: TestApi, pk: string, prefix: string): Promise<number> => {
  const { table } = api.host;
  const { Items = [] } = await table.documents.send(
    new QueryCommand({ TableName: table.tableName, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)', ExpressionAttributeValues: { ':pk': pk, ':prefix': prefix } }),
  );
  for (const item of Items) await table.documents.send(new DeleteCommand({ TableName: table.tableName, Key: { pk: item.pk, sk: item.sk } }));
  return Items.length;
};

describe('a data folder from before the listing', () => {
  it('gets the entries of its users and apprentices at the next start', async () => {
    const first = await TestApi.start({ clock: () => NOW, dataDirectory });
    try {
      expect((await first.get('/apprentices?q=ben', { as: 'demo-owner' })).body.items.map((row: { id: string }) => row.id)).toEqual(['apprentice-2']);
      expect(await forgetEntries(first, 'APPRENTICE#apprentice-2', 'LISTING')).toBeGreaterThan(2);
      expect(await forgetEntries(first, 'USER#epa-2', 'DIRECTORY')).toBeGreaterThan(2);
      expect((await first.get('/apprentices?q=ben', { as: 'demo-owner' })).body.items).toEqual([]);
      expect((await first.get('/users?q=grace', { as: 'demo-owner' })).body.items).toEqual([]);
    } finally {
      await first.close();
    }

    const second = await TestApi.start({ clock: () => NOW, dataDirectory });
    try {
      expect((await second.get('/apprentices?q=ben', { as: 'demo-owner' })).body.items.map((row: { id: string }) => row.id)).toEqual(['apprentice-2']);
      expect((await second.get('/users?q=grace&role=epa', { as: 'demo-owner' })).body.items.map((entry: { id: string }) => entry.id)).toEqual(['epa-2']);
      expect((await second.get('/apprentices?q=ben', { as: 'demo-ao' })).body.items[0]).toMatchObject({ name: 'Ben Apprentice', standardName: 'Software developer' });
    } finally {
      await second.close();
    }
  }, 60_000);
});
