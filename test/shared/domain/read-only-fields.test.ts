import { describe, expect, it } from 'vitest';
import { UserInput } from '#domain/directory.ts';
import { recordToWrite } from '#domain/read-only-fields.ts';

const user = { name: 'Ada Lovelace', email: 'ada@example.org', roles: ['epa'] as const };

describe('a PUT body as the record to write', () => {
  it.each([
    { case: 'the body’s version when no If-Match was sent', version: 3, ifMatch: undefined, ifVersion: 3 },
    { case: 'If-Match over the body’s version', version: 3, ifMatch: 5, ifVersion: 5 },
    { case: 'If-Match alone', version: undefined, ifMatch: 5, ifVersion: 5 },
    { case: 'version 0, the version of a record never saved', version: 0, ifMatch: undefined, ifVersion: 0 },
    { case: 'no precondition at all', version: undefined, ifMatch: undefined, ifVersion: undefined },
  ])('writes over $case', ({ version, ifMatch, ifVersion }) => {
    expect(recordToWrite({ ...user, ...(version === undefined ? {} : { version }) }, ifMatch).ifVersion).toBe(ifVersion);
  });

  it('stores none of the read-only fields, whatever they say', () => {
    const body = UserInput.parse({ ...user, id: 'someone-else', version: 2, updatedAt: '2000-01-01T00:00:00Z', updatedBy: 'nobody' });
    expect(recordToWrite(body, undefined).data).toEqual(user);
  });

  it('still refuses a field that is neither the record’s nor read-only, and a version that is not one', () => {
    expect(UserInput.safeParse({ ...user, colour: 'red' }).success).toBe(false);
    expect(UserInput.safeParse({ ...user, version: -1 }).success).toBe(false);
    expect(UserInput.safeParse({ ...user, version: '2' }).success).toBe(false);
  });
});
