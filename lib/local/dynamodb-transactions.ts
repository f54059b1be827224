import type { DynaliteServer } from './dynalite-server.ts';
import {
  internalServerError,
  isObject,
  transactionCanceled,
  validationError,
  WireError,
} from './dynamodb-wire.ts';
import type { CancellationReason, WireBody, WireItem, WireResponse } from './dynamodb-wire.ts';
import type { TableKeys } from './table-keys.ts';

const MAX_ACTIONS = 100;

type WriteKind = 'Put' | 'Update' | 'Delete' | 'ConditionCheck';
const WRITE_KINDS: readonly WriteKind[] = ['Put', 'Update', 'Delete', 'ConditionCheck'];

interface WriteAction {
  kind: WriteKind;
  tableName: string;
  key: WireItem;
  request: WireBody;
}

type Outcome =
  /** `previous`: the item the write replaced, absent when there was none. */
  | { kind: 'written'; previous: WireItem | undefined }
  | { kind: 'unchanged' }
  | { kind: 'conditionFailed' }
  | { kind: 'error'; error: WireError };

/**
 * TransactWriteItems and TransactGetItems on top of dynalite's single-item
 * operations. The caller must hold the endpoint's exclusive lock for `write` and at
 * least the shared lock for `get`: atomicity here is "apply, and restore the
 * items the writes replaced if anything fails", which is only invisible to others under that lock.
 *
 * `ClientRequestToken` is accepted and ignored: a retried request is executed again.
 */
export class DynamoDbTransactions {
  readonly #dynalite: DynaliteServer;
  readonly #keys: TableKeys;

  constructor(dynalite: DynaliteServer, keys: TableKeys) {
    this.#dynalite = dynalite;
    this.#keys = keys;
  }

  async write(input: WireBody): Promise<WireResponse> {
    const actions = await this.#writeActions(input.TransactItems);
    // Actions address distinct items, so each condition sees its item as it was before
    // the transaction even when applied together with the others. A write hands back the
    // item it replaced (ALL_OLD), which is what a rollback restores: only a condition
    // check needs a read of its own.
    const outcomes = await Promise.all(actions.map((action) => this.#attempt(action)));
    if (outcomes.every((outcome) => outcome.kind === 'written' || outcome.kind === 'unchanged')) {
      return { status: 200, body: {} };
    }

    await this.#restore(actions, outcomes);
    for (const outcome of outcomes) {
      if (outcome.kind === 'error') throw outcome.error;
    }
    // Still under the exclusive lock: a refused item is as the condition found it.
    const reasons = await Promise.all(
      actions.map(async (action, index): Promise<CancellationReason> => {
        if (outcomes[index]?.kind !== 'conditionFailed') return { Code: 'None' };
        const wantsItem = action.request.ReturnValuesOnConditionCheckFailure === 'ALL_OLD';
        const item = wantsItem ? await this.#current(action) : undefined;
        return {
          Code: 'ConditionalCheckFailed',
          Message: 'The conditional request failed',
          ...(item ? { Item: item } : {}),
        };
      }),
    );
    return transactionCanceled(reasons);
  }

  async get(input: WireBody): Promise<WireResponse> {
    const gets = actionList(input.TransactItems).map((element, index) => {
      const get = isObject(element) ? element.Get : undefined;
      if (!isObject(get)) throw validationError(`TransactItems[${index}] must contain a Get`);
      return { tableName: tableNameOf(get, index), key: keyOf(get, index), request: get };
    });
    await this.#rejectRepeatedItems(gets);

    const results = await Promise.all(
      gets.map(({ request }) =>
        this.#dynalite.expect('GetItem', {
          ...pick(request, ['TableName', 'Key', 'ProjectionExpression', 'ExpressionAttributeNames']),
          ConsistentRead: true,
        }),
      ),
    );
    return { status: 200, body: { Responses: results.map((result) => (isObject(result.Item) ? { Item: result.Item } : {})) } };
  }

  async #writeActions(list: unknown): Promise<WriteAction[]> {
    const actions: WriteAction[] = [];
    for (const [index, element] of actionList(list).entries()) {
      const present = WRITE_KINDS.filter((kind) => isObject(element) && element[kind] != null);
      const kind = present[0];
      const request = isObject(element) && kind ? element[kind] : undefined;
      if (present.length !== 1 || !kind || !isObject(request)) {
        throw validationError('TransactItems can only contain one of Check, Put, Update or Delete');
      }
      const tableName = tableNameOf(request, index);
      if (kind === 'Put') {
        if (!isObject(request.Item)) throw missingMember(index, 'put', 'item');
        actions.push({ kind, tableName, request, key: await this.#keys.keyOfItem(tableName, request.Item as WireItem) });
        continue;
      }
      if (kind === 'Update' && typeof request.UpdateExpression !== 'string') {
        throw missingMember(index, 'update', 'updateExpression');
      }
      if (kind === 'ConditionCheck' && typeof request.ConditionExpression !== 'string') {
        throw missingMember(index, 'conditionCheck', 'conditionExpression');
      }
      actions.push({ kind, tableName, request, key: keyOf(request, index) });
    }
    await this.#rejectRepeatedItems(actions);
    return actions;
  }

  async #rejectRepeatedItems(actions: ReadonlyArray<{ tableName: string; key: WireItem }>): Promise<void> {
    const seen = new Set<string>();
    for (const { tableName, key } of actions) {
      const identity = await this.#keys.identity(tableName, key);
      if (seen.has(identity)) throw validationError('Transaction request cannot include multiple operations on one item');
      seen.add(identity);
    }
  }

  async #current({ tableName, key }: WriteAction): Promise<WireItem | undefined> {
    const result = await this.#dynalite.expect('GetItem', { TableName: tableName, Key: key, ConsistentRead: true });
    return isObject(result.Item) ? (result.Item as WireItem) : undefined;
  }

  async #attempt(action: WriteAction): Promise<Outcome> {
    const { kind, tableName, key, request } = action;
    const condition = pick(request, ['ConditionExpression', 'ExpressionAttributeNames', 'ExpressionAttributeValues']);
    try {
      let operation: string;
      let input: WireBody;
      if (kind === 'ConditionCheck') {
        // A check lets dynalite evaluate the condition with a write that changes
        // nothing: the item rewritten as it is, or a delete of an absent item.
        const current = await this.#current(action);
        [operation, input] = current
          ? ['PutItem', { TableName: tableName, Item: current, ...condition }]
          : ['DeleteItem', { TableName: tableName, Key: key, ...condition }];
      } else {
        [operation, input] =
          kind === 'Put'
            ? ['PutItem', { TableName: tableName, Item: request.Item, ...condition }]
            : kind === 'Update'
              ? ['UpdateItem', { TableName: tableName, Key: key, UpdateExpression: request.UpdateExpression, ...condition }]
              : ['DeleteItem', { TableName: tableName, Key: key, ...condition }];
        input.ReturnValues = 'ALL_OLD';
      }
      const response = await this.#dynalite.call(operation, input);
      if (response.status < 300) {
        if (kind === 'ConditionCheck') return { kind: 'unchanged' };
        const previous = response.body.Attributes;
        return { kind: 'written', previous: isObject(previous) ? (previous as WireItem) : undefined };
      }
      const error = new WireError(response);
      return error.type === 'ConditionalCheckFailedException' ? { kind: 'conditionFailed' } : { kind: 'error', error };
    } catch (cause) {
      if (cause instanceof WireError) return { kind: 'error', error: cause };
      return { kind: 'error', error: internalServerError(`Calling dynalite failed: ${String(cause)}`) };
    }
  }

  async #restore(actions: WriteAction[], outcomes: Outcome[]): Promise<void> {
    const restored = await Promise.allSettled(
      actions.map(async ({ tableName, key }, index) => {
        const outcome = outcomes[index];
        if (outcome?.kind !== 'written') return;
        await (outcome.previous
          ? this.#dynalite.expect('PutItem', { TableName: tableName, Item: outcome.previous })
          : this.#dynalite.expect('DeleteItem', { TableName: tableName, Key: key }));
      }),
    );
    const failure = restored.find((result) => result.status === 'rejected');
    if (failure) throw internalServerError(`Rolling back a cancelled transaction failed: ${String(failure.reason)}`);
  }
}

const actionList = (list: unknown): unknown[] => {
  const constraint = !Array.isArray(list)
    ? 'Member must not be null'
    : list.length < 1
      ? 'Member must have length greater than or equal to 1'
      : list.length > MAX_ACTIONS
        ? `Member must have length less than or equal to ${MAX_ACTIONS}`
        : undefined;
  if (constraint || !Array.isArray(list)) {
    throw validationError(`1 validation error detected: Value at 'transactItems' failed to satisfy constraint: ${constraint}`);
  }
  return list;
};

const tableNameOf = (request: WireBody, index: number): string => {
  if (typeof request.TableName !== 'string') throw missingMember(index, 'request', 'tableName');
  return request.TableName;
};

const keyOf = (request: WireBody, index: number): WireItem => {
  if (!isObject(request.Key)) throw missingMember(index, 'request', 'key');
  return request.Key as WireItem;
};

const missingMember = (index: number, action: string, member: string): WireError =>
  validationError(
    `1 validation error detected: Value null at 'transactItems.${index + 1}.member.${action}.${member}' ` +
      'failed to satisfy constraint: Member must not be null',
  );

const pick = (source: WireBody, names: readonly string[]): WireBody =>
  Object.fromEntries(names.filter((name) => source[name] !== undefined).map((name) => [name, source[name]]));
