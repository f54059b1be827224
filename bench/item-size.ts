/**
 * Item sizes and capacity units as DynamoDB bills them, for the calls the embedded
 * store does not answer `ConsumedCapacity` for (transactions). The rules are those
 * of the DynamoDB developer guide ("Item sizes and formats", "Capacity units"):
 * an attribute costs its name's UTF-8 bytes plus its value; strings their UTF-8
 * bytes; numbers one byte per two significant digits plus one; binary its length;
 * booleans and nulls one byte; lists and maps three bytes plus one per element;
 * sets the sum of their elements. Values are the document client's (unmarshalled).
 */

const READ_UNIT_BYTES = 4 * 1024;
const WRITE_UNIT_BYTES = 1024;

const numberSize = (value: number | bigint): number => {
  const digits = String(value)
    .replace(/^-/, '')
    .replace(/e.*$/i, '')
    .replace('.', '')
    .replace(/^0+/, '')
    .replace(/0+$/, '');
  return Math.ceil(Math.max(1, digits.length) / 2) + 1 + (String(value).startsWith('-') ? 1 : 0);
};

export const valueSize = (value: unknown): number => {
  if (value === null || typeof value === 'boolean') return 1;
  if (typeof value === 'string') return Buffer.byteLength(value, 'utf8');
  if (typeof value === 'number' || typeof value === 'bigint') return numberSize(value);
  if (value instanceof Uint8Array) return value.byteLength;
  if (value instanceof Set) return [...value].reduce((sum: number, element) => sum + valueSize(element), 0);
  if (Array.isArray(value)) return 3 + value.reduce((sum: number, element) => sum + valueSize(element) + 1, 0);
  if (typeof value === 'object') {
    return 3 + Object.entries(value).reduce((sum, [name, element]) => (element === undefined ? sum : sum + Buffer.byteLength(name, 'utf8') + valueSize(element) + 1), 0);
  }
  return 0;
};

/** An item's size: every attribute's name and value. */
export const itemSize = (item: Readonly<Record<string, unknown>> | undefined): number =>
  item === undefined ? 0 : Object.entries(item).reduce((sum, [name, value]) => (value === undefined ? sum : sum + Buffer.byteLength(name, 'utf8') + valueSize(value)), 0);

/** Read units for `bytes` read in one request: 4 KB units, at least one; half for an eventually consistent read. */
export const readUnits = (bytes: number, consistent: boolean, transactional = false): number =>
  Math.max(1, Math.ceil(bytes / READ_UNIT_BYTES)) * (transactional ? 2 : consistent ? 1 : 0.5);

/** Write units for one item of `bytes`: 1 KB units, at least one; twice that in a transaction (prepare and commit). */
export const writeUnits = (bytes: number, transactional = false): number => Math.max(1, Math.ceil(bytes / WRITE_UNIT_BYTES)) * (transactional ? 2 : 1);
