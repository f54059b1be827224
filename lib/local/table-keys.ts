import type { DynaliteServer } from './dynalite-server.ts';
import { isObject, validationError } from './dynamodb-wire.ts';
import type { WireAttributeValue, WireItem } from './dynamodb-wire.ts';

/**
 * Key attribute names per table, needed to tell which item a Put addresses and
 * whether two actions hit the same item. Cached because a DescribeTable per
 * action would double a transaction's cost; the endpoint forgets a table whenever
 * a table operation passes through it.
 */
export class TableKeys {
  readonly #dynalite: DynaliteServer;
  readonly #names = new Map<string, string[]>();

  constructor(dynalite: DynaliteServer) {
    this.#dynalite = dynalite;
  }

  async keyNames(tableName: string): Promise<string[]> {
    const cached = this.#names.get(tableName);
    if (cached) return cached;
    const described = await this.#dynalite.expect('DescribeTable', { TableName: tableName });
    const table = isObject(described.Table) ? described.Table : {};
    const schema = Array.isArray(table.KeySchema) ? table.KeySchema : [];
    const names = schema.filter(isObject).map((element) => String(element.AttributeName));
    this.#names.set(tableName, names);
    return names;
  }

  forget(tableName: string): void {
    this.#names.delete(tableName);
  }

  /** The key of a full item, with DynamoDB's error when a key attribute is missing. */
  async keyOfItem(tableName: string, item: WireItem): Promise<WireItem> {
    const key: WireItem = {};
    for (const name of await this.keyNames(tableName)) {
      const value = item[name];
      if (!value) throw validationError(`One or more parameter values were invalid: Missing the key ${name} in the item`);
      key[name] = value;
    }
    return key;
  }

  /** A string equal for two keys exactly when they address the same item. */
  async identity(tableName: string, key: WireItem): Promise<string> {
    const names = await this.keyNames(tableName);
    return JSON.stringify([tableName, ...names.map((name) => canonicalKeyValue(key[name]))]);
  }
}

const canonicalKeyValue = (value: WireAttributeValue | undefined): unknown => {
  if (!value) return null;
  if (typeof value.N === 'string') return ['N', canonicalNumber(value.N)];
  return Object.entries(value);
};

/** `1`, `1.0` and `10e-1` are one number, so they are one key. */
const canonicalNumber = (text: string): string => {
  const match = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text.trim());
  if (!match) return text;
  const [, sign = '', whole = '', fraction = '', exponent = '0'] = match;
  const digits = `${whole}${fraction}`.replace(/^0+/, '');
  if (!digits) return '0';
  const significant = digits.replace(/0+$/, '');
  const scale = Number(exponent) - fraction.length + (digits.length - significant.length);
  return `${sign === '-' ? '-' : ''}${significant}e${scale}`;
};
