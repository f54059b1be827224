import { QueryCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { utcDatesOf, type ClaimedInterval, type EpaClaim } from '#domain/time-claims.ts';
import type { ClaimStore, ClaimWrite } from '#ports/meeting-store.ts';
import { batchGetItems } from './batch-get.ts';
import { condition, stillAsRead } from './condition-expressions.ts';
import { claimKey, claimPartition, claimSortKeyRange, claimUnitOfSortKey } from './keys.ts';
import type { TableClient } from './table-client.ts';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export type { ClaimWrite };

const unitOf = (claim: { epaId: string; unit: string }): string => `${claim.epaId}|${claim.unit}`;

const claimOf = (epaId: string, unit: string, item: Record<string, unknown>): EpaClaim => ({
  epaId,
  unit,
  intervals: (item.intervals as ClaimedInterval[] | undefined) ?? [],
  version: item.version as number,
});

/**
 * The claims of EPAs (decision 0002): always read consistently from the table, never
 * from a copy this process holds (decision 0005), since every booking and every change
 * that moves a meeting decides on them.
 */
export class ClaimRepository implements ClaimStore {
  constructor(private readonly table: TableClient) {}

  /**
   * Named claims of several EPAs in one consistent batch, each once (a change's claims
   * go into one transaction, which may name an item only once). A missing claim is an
   * empty claim at version 0.
   */
  async read(wanted: ReadonlyArray<{ epaId: string; unit: string }>): Promise<EpaClaim[]> {
    const unique = [...new Map(wanted.map((claim) => [unitOf(claim), { epaId: claim.epaId, unit: claim.unit }])).values()];
    const items = await batchGetItems(this.table, unique.map((claim) => claimKey(claim.epaId, claim.unit)));
    return unique.map((claim) => {
      const key = claimKey(claim.epaId, claim.unit);
      const item = items.get(`${key.pk}|${key.sk}`);
      return item ? claimOf(claim.epaId, claim.unit, item) : { ...claim, intervals: [], version: 0 };
    });
  }

  /**
   * Every claim the EPAs hold on the UTC dates that [start, end) touches, whole dates,
   * hours and local days alike: one consistent `Query` per EPA, all sent at once (one
   * round trip). Only claims that exist are answered; a claim of those dates that is not
   * among them does not exist (`claimsOn` makes it an empty claim at version 0).
   *
   * By range rather than by key because an EPA's hours are too many to name: a week is
   * 168 of them, of which a few hold meetings, and a `Query` bills only those.
   */
  async readBetween(epaIds: readonly string[], start: number, end: number): Promise<EpaClaim[]> {
    const dates = utcDatesOf(start, end);
    const range = claimSortKeyRange(dates.first, dates.last);
    const perEpa = await Promise.all(
      [...new Set(epaIds)].map(async (epaId) => {
        const claims: EpaClaim[] = [];
        let from: Record<string, unknown> | undefined;
        do {
          const answer = await this.table.documents.send(
            new QueryCommand({
              TableName: this.table.tableName,
              KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
              ExpressionAttributeValues: { ':pk': claimPartition(epaId), ':from': range.from, ':to': range.to },
              ConsistentRead: true,
              ExclusiveStartKey: from,
            }),
          );
          for (const item of answer.Items ?? []) claims.push(claimOf(epaId, claimUnitOfSortKey(item.sk as string), item));
          from = answer.LastEvaluatedKey;
        } while (from);
        return claims;
      }),
    );
    return perEpa.flat();
  }
}

/**
 * A claim rewritten whole, on the condition that it is still the version read: the
 * condition that serialises the bookings of one EPA's hour (or of one local day under
 * a daily maximum), removals included.
 */
export const claimPut = (tableName: string, claim: ClaimWrite): TransactItem => ({
  Put: {
    TableName: tableName,
    Item: { ...claimKey(claim.epaId, claim.unit), entity: 'claim', epaId: claim.epaId, unit: claim.unit, intervals: claim.intervals, version: claim.expectedVersion + 1 },
    ...condition(stillAsRead(claim.expectedVersion)),
  },
});
