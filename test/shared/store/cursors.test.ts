import { describe, expect, it } from 'vitest';
import { isDomainError } from '#domain/errors.ts';
import { between, decodeCursor, encodeCursor, is, startsWith, type CursorShape } from '#store/cursors.ts';

/** The shape the EPA listing of epa-1 over January 2027 accepts. */
const epaListing: CursorShape = {
  pk: startsWith('MEETING#'),
  sk: is('MEETING'),
  gsi2pk: is('EPA#epa-1'),
  gsi2sk: between('2027-01-01', '2027-02-01'),
};
const issued = { pk: 'MEETING#m-1', sk: 'MEETING', gsi2pk: 'EPA#epa-1', gsi2sk: '2027-01-04T09:00:00Z#m-1' };
const token = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

const refusal = (cursor: string): unknown => {
  try {
    decodeCursor(cursor, epaListing);
  } catch (error) {
    return error;
  }
  return undefined;
};

describe('cursors: accepted only as the listing issued them', () => {
  it('takes back a cursor it issued, and no cursor is the first page', () => {
    expect(decodeCursor(encodeCursor(issued), epaListing)).toEqual(issued);
    expect(decodeCursor(undefined, epaListing)).toBeUndefined();
    expect(encodeCursor(undefined)).toBeUndefined();
  });

  it.each([
    ['garbage', 'garbage'],
    ['empty', ''],
    ['not base64url', 'eyJ+/=='],
    ['JSON that is not an object', token(['MEETING#m-1'])],
    ['JSON null', token(null)],
    ['another partition (someone else’s meetings)', token({ ...issued, gsi2pk: 'EPA#epa-2' })],
    ['a start outside the range asked for', token({ ...issued, gsi2sk: '2027-03-01T09:00:00Z#m-1' })],
    ['a key of another kind of item', token({ ...issued, pk: 'USER#epa-1', sk: 'PROFILE' })],
    ['an attribute too many', token({ ...issued, extra: 'x' })],
    ['an attribute missing', token({ pk: issued.pk, sk: issued.sk, gsi2pk: issued.gsi2pk })],
    ['a number where a string belongs', token({ ...issued, gsi2sk: 20270104 })],
    ['the key of another index', token({ pk: issued.pk, sk: issued.sk, gsi1pk: 'APPRENTICE#a-1', gsi1sk: issued.gsi2sk })],
  ])('refuses %s with a 400 naming cursor', (_case, cursor) => {
    const error = refusal(cursor);
    expect(isDomainError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ path: 'cursor' }] });
  });
});
