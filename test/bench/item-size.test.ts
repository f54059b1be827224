import { describe, expect, it } from 'vitest';
import { itemSize, readUnits, writeUnits } from '../../bench/item-size.ts';

// The bench bills the embedded store's transactions from item sizes; these are DynamoDB's rules.
describe('item sizes as DynamoDB counts them', () => {
  it.each([
    ['a string is its UTF-8 bytes', { pk: 'MEETING#1' }, 2 + 9],
    ['non-ASCII text counts bytes, not characters', { name: 'Zoë' }, 4 + 4],
    ['a number is one byte per two significant digits, plus one', { n: 123 }, 1 + 3],
    ['leading and trailing zeros do not count', { n: 1200 }, 1 + 2],
    ['booleans and nulls are one byte', { a: true, b: null }, 1 + 1 + 1 + 1],
    ['a list is three bytes plus one per element', { l: [1, 'ab'] }, 1 + 3 + (2 + 1) + (2 + 1)],
    ['a map counts its names too', { m: { at: true } }, 1 + 3 + (2 + 1 + 1)],
    ['a set is its elements', { s: new Set(['ab', 'c']) }, 1 + 3],
    ['undefined attributes are not stored', { pk: 'A', gone: undefined }, 2 + 1],
  ])('%s', (_rule, item, expected) => {
    expect(itemSize(item)).toBe(expected);
  });
});

describe('capacity units', () => {
  it.each([
    ['nothing found still costs half a unit, eventually consistent', readUnits(0, false), 0.5],
    ['4 KB is one strongly consistent unit', readUnits(4096, true), 1],
    ['a byte more is two', readUnits(4097, true), 2],
    ['a transactional read is twice a consistent one', readUnits(100, false, true), 2],
    ['1 KB is one write unit', writeUnits(1024), 1],
    ['a transactional write of just over 1 KB is four', writeUnits(1025, true), 4],
  ])('%s', (_rule, units, expected) => {
    expect(units).toBe(expected);
  });
});
