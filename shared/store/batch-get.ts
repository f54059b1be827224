import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { backoffMs } from '#domain/backoff.ts';
import type { ItemKey } from './keys.ts';
import type { TableClient } from './table-client.ts';

const BATCH_GET_LIMIT = 100;
const MAX_ATTEMPTS = 10;

const keyString = (key: { pk: unknown; sk: unknown }): string => `${String(key.pk)}|${String(key.sk)}`;

/**
 * Consistent BatchGetItem for any number of keys: chunks of 100 sent in parallel (one
 * round trip whatever the count), unprocessed keys retried with backoff. Answers the
 * items by `pk|sk`; missing items are absent.
 */
export const batchGetItems = async (table: TableClient, keys: readonly ItemKey[]): Promise<Map<string, Record<string, unknown>>> => {
  const unique = [...new Map(keys.map((key) => [keyString(key), { pk: key.pk, sk: key.sk }])).values()];
  const found = new Map<string, Record<string, unknown>>();
  const chunks: Array<Record<string, unknown>[]> = [];
  for (let i = 0; i < unique.length; i += BATCH_GET_LIMIT) chunks.push(unique.slice(i, i + BATCH_GET_LIMIT));
  await Promise.all(
    chunks.map(async (chunk) => {
      let pending = chunk;
      for (let attempt = 0; pending.length > 0; attempt += 1) {
        if (attempt >= MAX_ATTEMPTS) throw new Error('BatchGetItem left keys unprocessed after retries');
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, backoffMs(attempt, { baseMs: 10, capMs: 200 })));
        const answer = await table.documents.send(
          new BatchGetCommand({ RequestItems: { [table.tableName]: { Keys: pending, ConsistentRead: true } } }),
        );
        for (const item of answer.Responses?.[table.tableName] ?? []) found.set(keyString(item as ItemKey), item);
        pending = answer.UnprocessedKeys?.[table.tableName]?.Keys ?? [];
      }
    }),
  );
  return found;
};
