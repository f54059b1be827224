import type { DynaliteBackend } from './dynalite-backend.ts';
import { isObject, validationError } from './dynamodb-wire.ts';
import type { WireBody, WireResponse } from './dynamodb-wire.ts';

/**
 * dynalite has no UpdateTimeToLive and always describes TTL as disabled. Stacks
 * and tests call both, so the setting is remembered here (in memory only) and
 * described back. Items are never expired.
 */
export class TimeToLiveSettings {
  readonly #backend: DynaliteBackend;
  readonly #attributes = new Map<string, string>();

  constructor(backend: DynaliteBackend) {
    this.#backend = backend;
  }

  async update(input: WireBody): Promise<WireResponse> {
    const specification = input.TimeToLiveSpecification;
    if (
      !isObject(specification) ||
      typeof specification.AttributeName !== 'string' ||
      typeof specification.Enabled !== 'boolean'
    ) {
      throw validationError('TimeToLiveSpecification needs an AttributeName and Enabled');
    }
    const tableName = String(input.TableName);
    await this.#backend.expect('DescribeTable', { TableName: tableName });
    if (specification.Enabled) this.#attributes.set(tableName, specification.AttributeName);
    else this.#attributes.delete(tableName);
    return { status: 200, body: { TimeToLiveSpecification: specification } };
  }

  async describe(input: WireBody): Promise<WireResponse> {
    const response = await this.#backend.call('DescribeTimeToLive', input);
    const attributeName = this.#attributes.get(String(input.TableName));
    if (response.status >= 300 || attributeName === undefined) return response;
    return {
      status: 200,
      body: { TimeToLiveDescription: { TimeToLiveStatus: 'ENABLED', AttributeName: attributeName } },
    };
  }

  forget(tableName: string): void {
    this.#attributes.delete(tableName);
  }
}
