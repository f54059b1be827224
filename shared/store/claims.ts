import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { ClaimedInterval, EpaWeekClaim } from '#domain/time-claims.ts';
import { batchGetItems } from './batch-get.ts';
import { condition, stillAsRead } from './condition-expressions.ts';
import { claimKey } from './keys.ts';
import type { TableClient } from './table-client.ts';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** One claim week as a change rewrites it (decision 0002). */
export interface ClaimWrite {
  epaId: string;
  week: string;
  intervals: ClaimedInterval[];
  /** The version read; 0 when the item did not exist. */
  expectedVersion: number;
}

const weekOf = (claim: { epaId: string; week: string }): string => `${claim.epaId}|${claim.week}`;

/**
 * The claim weeks of EPAs (decision 0002): always read consistently from the table,
 * never from a copy this process holds (decision 0005), since every booking and
 * every change that moves a meeting decides on them.
 */
export class ClaimWeekRepository {
  constructor(private readonly table: TableClient) {}

  /**
   * Claim weeks of several EPAs in one consistent batch, each week once (a change's
   * claims go into one transaction, which may name an item only once). A missing week
   * is an empty claim at version 0.
   */
  async read(wanted: ReadonlyArray<{ epaId: string; week: string }>): Promise<EpaWeekClaim[]> {
    const unique = [...new Map(wanted.map((claim) => [weekOf(claim), { epaId: claim.epaId, week: claim.week }])).values()];
    const items = await batchGetItems(this.table, unique.map((claim) => claimKey(claim.epaId, claim.week)));
    return unique.map((claim) => {
      const key = claimKey(claim.epaId, claim.week);
      const item = items.get(`${key.pk}|${key.sk}`);
      return item
        ? { ...claim, intervals: (item.intervals as ClaimedInterval[] | undefined) ?? [], version: item.version as number }
        : { ...claim, intervals: [], version: 0 };
    });
  }
}

/**
 * A claim week rewritten whole, on the condition that it is still the version read:
 * the condition that serialises every booking of one EPA's week, removals included.
 */
export const claimWeekPut = (tableName: string, claim: ClaimWrite): TransactItem => ({
  Put: {
    TableName: tableName,
    Item: { ...claimKey(claim.epaId, claim.week), entity: 'claim', epaId: claim.epaId, week: claim.week, intervals: claim.intervals, version: claim.expectedVersion + 1 },
    ...condition(stillAsRead(claim.expectedVersion)),
  },
});
