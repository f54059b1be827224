import { DomainError } from '#domain/errors.ts';

export type { Page } from '#ports/page.ts';

/**
 * Reads one filtered page may take. A filter (a status, unread only) can thin every read
 * out, and reading on until the page is full would cost as much as the whole partition;
 * after this many reads the page is answered as it is, short or even empty, with the
 * cursor to go on from, so a request's work stays proportional to its limit.
 */
export const MAX_READS_PER_PAGE = 10;

/**
 * What a cursor of one listing may hold: exactly these key attributes, each a string
 * that its check accepts. The checks bind a cursor to the caller's query (the partition
 * being listed, the range asked for), so a cursor made up or taken from another
 * listing is refused rather than handed to DynamoDB as a start key.
 */
export type CursorShape = Readonly<Record<string, (value: string) => boolean>>;

const invalidCursor = (): DomainError =>
  new DomainError('VALIDATION_FAILED', 'The cursor is not one this listing issued', [
    { path: 'cursor', message: 'pass back the cursor of the previous page unchanged, or leave it out for the first page' },
  ]);

/** A page's last key as an opaque token (base64url JSON). */
export const encodeCursor = (key: Record<string, unknown> | undefined): string | undefined =>
  key ? Buffer.from(JSON.stringify(key)).toString('base64url') : undefined;

/**
 * The start key of a cursor this listing issued; a 400 naming `cursor` for anything
 * else (not base64url JSON, other attributes, another partition, outside the range).
 * No cursor: the first page.
 */
export const decodeCursor = (cursor: string | undefined, shape: CursorShape): Record<string, string> | undefined => {
  if (cursor === undefined) return undefined;
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalidCursor();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw invalidCursor();
  const entries = Object.entries(parsed as Record<string, unknown>);
  const expected = Object.keys(shape);
  if (entries.length !== expected.length) throw invalidCursor();
  for (const [name, value] of entries) {
    const accepts = Object.hasOwn(shape, name) ? shape[name] : undefined;
    if (!accepts || typeof value !== 'string' || !accepts(value)) throw invalidCursor();
  }
  return parsed as Record<string, string>;
};

/** Checks for the parts of a cursor. */
export const is =
  (expected: string) =>
  (value: string): boolean =>
    value === expected;
export const startsWith =
  (prefix: string) =>
  (value: string): boolean =>
    value.startsWith(prefix) && value.length > prefix.length;
export const between =
  (from: string, to: string) =>
  (value: string): boolean =>
    value >= from && value <= to;
