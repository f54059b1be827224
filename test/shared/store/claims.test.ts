import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClaimRepository, claimPut } from '#store/claims.ts';
import { EmbeddedOrganisation } from '../../support/embedded-organisation.ts';

let organisation: EmbeddedOrganisation;
beforeAll(async () => {
  organisation = await EmbeddedOrganisation.start(2);
});
afterAll(() => organisation.close());

const interval = (meetingId: string, start: string) => ({ meetingId, start: Date.parse(start), end: Date.parse(start) + 3_600_000 });

describe('ClaimRepository: claims by range and by key', () => {
  it('reads by range every claim of the UTC dates the range touches, hours and days alike, of the EPAs asked for only', async () => {
    const table = organisation.newTableClient();
    const claims = new ClaimRepository(table);
    const written = [
      { epaId: 'epa-1', unit: '2027-01-17T23', intervals: [interval('late', '2027-01-17T23:00:00Z')], expectedVersion: 0 },
      { epaId: 'epa-1', unit: '2027-01-18T00', intervals: [interval('midnight', '2027-01-18T00:00:00Z')], expectedVersion: 0 },
      { epaId: 'epa-1', unit: '2027-01-18T10', intervals: [interval('ten', '2027-01-18T10:00:00Z')], expectedVersion: 0 },
      { epaId: 'epa-1', unit: '2027-01-18@Europe/London', intervals: [interval('ten', '2027-01-18T10:00:00Z')], expectedVersion: 0 },
      { epaId: 'epa-1', unit: '2027-01-19T00', intervals: [interval('next', '2027-01-19T00:00:00Z')], expectedVersion: 0 },
      { epaId: 'epa-2', unit: '2027-01-18T10', intervals: [interval('other', '2027-01-18T10:00:00Z')], expectedVersion: 0 },
    ];
    await table.documents.send(new TransactWriteCommand({ TransactItems: written.map((claim) => claimPut(table.tableName, claim)) }));

    const read = await claims.readBetween(['epa-1'], Date.parse('2027-01-18T05:00:00Z'), Date.parse('2027-01-18T12:00:00Z'));
    expect(read.map((claim) => `${claim.epaId} ${claim.unit} v${claim.version}`).sort()).toEqual([
      'epa-1 2027-01-18@Europe/London v1',
      'epa-1 2027-01-18T00 v1',
      'epa-1 2027-01-18T10 v1',
    ]);
    // A range ending at midnight takes no claim of the next date.
    expect((await claims.readBetween(['epa-1', 'epa-2'], Date.parse('2027-01-17T12:00:00Z'), Date.parse('2027-01-18T00:00:00Z'))).map((claim) => claim.unit)).toEqual(['2027-01-17T23']);

    const byKey = await claims.read([
      { epaId: 'epa-2', unit: '2027-01-18T10' },
      { epaId: 'epa-2', unit: '2027-01-18T11' },
    ]);
    expect(byKey).toEqual([
      { epaId: 'epa-2', unit: '2027-01-18T10', intervals: [interval('other', '2027-01-18T10:00:00Z')], version: 1 },
      { epaId: 'epa-2', unit: '2027-01-18T11', intervals: [], version: 0 },
    ]);
  });

  it('refuses to rewrite a claim that is no longer the version read, and to create one that exists', async () => {
    const table = organisation.newTableClient();
    const claim = { epaId: 'epa-2', unit: '2027-02-01T09', intervals: [interval('first', '2027-02-01T09:00:00Z')], expectedVersion: 0 };
    await table.documents.send(new TransactWriteCommand({ TransactItems: [claimPut(table.tableName, claim)] }));
    await expect(table.documents.send(new TransactWriteCommand({ TransactItems: [claimPut(table.tableName, { ...claim, intervals: [] })] }))).rejects.toThrow(/cancel/i);
    await table.documents.send(new TransactWriteCommand({ TransactItems: [claimPut(table.tableName, { ...claim, intervals: [], expectedVersion: 1 })] }));
    expect(await new ClaimRepository(table).read([claim])).toEqual([{ epaId: 'epa-2', unit: '2027-02-01T09', intervals: [], version: 2 }]);
  });
});
