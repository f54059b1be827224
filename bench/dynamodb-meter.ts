import { AsyncLocalStorage } from 'node:async_hooks';
import { BatchGetCommand, GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { EventBus } from '#events/event-bus.ts';
import { eventKey, PENDING_EVENTS_PARTITION } from '#store/keys.ts';
import { indexNames, tableDefinition } from '#store/table-definition.ts';
import { itemSize, readUnits, writeUnits } from './item-size.ts';

/** What one operation asked of DynamoDB. */
export interface OperationCalls {
  calls: number;
  /**
   * Times the number of calls in flight rose from none: calls sent together (a
   * `Promise.all`) share one round trip, calls that wait for each other do not.
   * In AWS each costs a network round trip, so this decides latency there.
   */
  roundTrips: number;
  itemsRead: number;
  itemsWritten: number;
  rcu: number;
  /** The table's write units. */
  wcu: number;
  /**
   * The indexes' write units, computed from the items before and after each write
   * (the embedded store bills no index): a put into an index, a delete from it, or
   * both when the item's index key changed, each 1 unit per KB of the item (every
   * index projects all attributes); standard writes, also inside a transaction.
   */
  indexWcu: number;
  /** Time the meter spent reading items before writes, to be taken off the operation's latency. */
  meterMs: number;
  /** The calls in the order sent, one group per round trip. */
  rounds: string[][];
  /** Calls whose units the embedded store did not answer, computed from item sizes instead. */
  computed: Set<string>;
  /**
   * Calls of the events pipeline (the outbox publisher and notifiers) that the
   * operation set off, until the pipeline settled; in AWS those are other
   * functions, so they are not counted above.
   */
  pipelineCalls: number;
}

type Input = Record<string, any>;
type Output = Record<string, any>;

interface Capacity {
  CapacityUnits?: number;
}

/** Commands that take `ReturnConsumedCapacity`. */
const ANSWER_CAPACITY = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan', 'PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactGetItems', 'TransactWriteItems']);
const MIDDLEWARE_NAME = 'benchDynamoDbMeter';
const EVENT_KEY_PREFIX = eventKey('').pk;

const answered = (capacity: Capacity | Capacity[] | undefined): number | undefined => {
  if (capacity === undefined) return undefined;
  const list = Array.isArray(capacity) ? capacity : [capacity];
  if (list.length === 0 || list.some((entry) => typeof entry.CapacityUnits !== 'number')) return undefined;
  return list.reduce((sum, entry) => sum + entry.CapacityUnits!, 0);
};

const { partitionKey, sortKey } = tableDefinition;
const keyOf = (item: Input): Input => ({ [partitionKey]: item[partitionKey], [sortKey]: item[sortKey] });
const keyText = (key: Input): string => `${String(key[partitionKey])}|${String(key[sortKey])}`;

const tableNameOf = (input: Input): string | undefined => {
  if (typeof input.TableName === 'string') return input.TableName;
  const [name] = Object.keys((input.RequestItems ?? {}) as Input);
  if (name !== undefined) return name;
  const action = ((input.TransactItems ?? []) as Input[])[0];
  const inner = action && (Object.values(action)[0] as Input | undefined);
  return typeof inner?.TableName === 'string' ? inner.TableName : undefined;
};

/** An item a write addresses, and what it holds afterwards: the put item, none, or to be read once it is over. */
interface WrittenKey {
  key: Input;
  after: Input | 'deleted' | 'read';
}

const writtenKeys = (command: string, input: Input): WrittenKey[] => {
  switch (command) {
    case 'PutItem':
      return [{ key: keyOf(input.Item as Input), after: input.Item as Input }];
    case 'UpdateItem':
      return [{ key: input.Key as Input, after: 'read' }];
    case 'DeleteItem':
      return [{ key: input.Key as Input, after: 'deleted' }];
    case 'BatchWriteItem':
      return Object.values((input.RequestItems ?? {}) as Record<string, Array<{ PutRequest?: { Item: Input }; DeleteRequest?: { Key: Input } }>>).flatMap((requests) =>
        requests.map((request): WrittenKey => (request.PutRequest ? { key: keyOf(request.PutRequest.Item), after: request.PutRequest.Item } : { key: request.DeleteRequest!.Key, after: 'deleted' })),
      );
    case 'TransactWriteItems':
      return ((input.TransactItems ?? []) as Array<Record<string, Input>>).flatMap((action): WrittenKey[] => {
        if (action.Put) return [{ key: keyOf(action.Put.Item as Input), after: action.Put.Item as Input }];
        if (action.Update) return [{ key: action.Update.Key as Input, after: 'read' }];
        if (action.Delete) return [{ key: action.Delete.Key as Input, after: 'deleted' }];
        return [];
      });
    default:
      return [];
  }
};

/** Index write units of one item going from `old` to `next` (either absent), over every index. */
const indexUnits = (old: Input | undefined, next: Input | undefined): number => {
  let units = 0;
  for (const name of indexNames) {
    const { partitionKey: indexPk, sortKey: indexSk } = tableDefinition.indexes[name];
    const keyIn = (item: Input | undefined): string | undefined =>
      item !== undefined && item[indexPk] !== undefined && item[indexSk] !== undefined ? `${String(item[indexPk])}|${String(item[indexSk])}` : undefined;
    const [was, is] = [keyIn(old), keyIn(next)];
    if (was !== undefined && is !== undefined && was === is) units += writeUnits(itemSize(next));
    else {
      if (was !== undefined) units += writeUnits(itemSize(old));
      if (is !== undefined) units += writeUnits(itemSize(next));
    }
  }
  return units;
};

class Tally {
  calls = 0;
  roundTrips = 0;
  itemsRead = 0;
  itemsWritten = 0;
  rcu = 0;
  wcu = 0;
  indexWcu = 0;
  meterMs = 0;
  meterReads = 0;
  meterSince = 0;
  rounds: string[][] = [];
  computed = new Set<string>();
  pipelineCalls = 0;
  /** Once the operation is answered, what follows is the pipeline's. */
  answered = false;
  inFlight = 0;
  /** Units that need the item as written: read once the operation is over, so its latency does not include them. */
  later: Array<() => Promise<void>> = [];

  figures(): OperationCalls {
    const { calls, roundTrips, itemsRead, itemsWritten, rcu, wcu, indexWcu, meterMs, rounds, computed, pipelineCalls } = this;
    return { calls, roundTrips, itemsRead, itemsWritten, rcu, wcu, indexWcu, meterMs, rounds, computed, pipelineCalls };
  }
}

/**
 * Counts, on the table client every repository shares, what each operation asks
 * of DynamoDB: calls, round trips, items, and read and write units (asking the
 * store with `ReturnConsumedCapacity: 'TOTAL'`; where it does not answer —
 * the embedded store's transactions — computed from item sizes as DynamoDB
 * does). The middleware sits at the `initialize` step, so an SDK retry of the
 * same call is not counted twice. Units are the table's: the embedded store
 * does not bill index writes, and neither does this.
 */
export class DynamoDbMeter {
  private current: Tally | undefined;
  /** The one table, as the operations name it. */
  private tableName: string | undefined;
  /** The meter's own reads (item sizes after a transaction) pass uncounted. */
  private readonly own = new AsyncLocalStorage<true>();
  /** Work of the events pipeline: the notifiers the bus runs. */
  private readonly pipeline = new AsyncLocalStorage<true>();

  constructor(private readonly documents: DynamoDBDocumentClient) {
    documents.middlewareStack.add(
      (next, context) => async (args) => {
        if (this.own.getStore()) return next(args);
        const command = (context.commandName ?? 'unknown').replace(/Command$/, '');
        const input = args.input as Input;
        this.tableName ??= tableNameOf(input);
        const asked = ANSWER_CAPACITY.has(command) ? { ...args, input: { ...input, ReturnConsumedCapacity: 'TOTAL' } } : args;
        const tally = this.current;
        if (tally === undefined) return next(asked);
        if (tally.answered || this.isPipeline(command, input)) {
          tally.pipelineCalls += 1;
          return next(asked);
        }
        if (tally.inFlight === 0) {
          tally.roundTrips += 1;
          tally.rounds.push([]);
        }
        tally.rounds.at(-1)!.push(command);
        tally.calls += 1;
        tally.inFlight += 1;
        try {
          const writes = writtenKeys(command, input);
          const before = writes.length > 0 ? await this.imagesOf(tally, writes.map((write) => write.key)) : undefined;
          const result = await next(asked);
          this.account(tally, command, input, (result as { output: Output }).output);
          if (before) this.accountIndexes(tally, writes, before);
          return result;
        } finally {
          tally.inFlight -= 1;
        }
      },
      { step: 'initialize', name: MIDDLEWARE_NAME },
    );
  }

  /**
   * Runs `work` (one operation, nothing else under way) and tells what it asked of
   * DynamoDB. `afterwards` (the events pipeline settling) runs once it is answered:
   * every call made then is the pipeline's.
   */
  async measure<T>(work: () => Promise<T>, afterwards?: () => Promise<void>): Promise<{ value: T; calls: OperationCalls }> {
    const tally = new Tally();
    this.current = tally;
    let value: T;
    try {
      value = await work();
      tally.answered = true;
      await afterwards?.();
    } finally {
      this.current = undefined;
    }
    for (const settle of tally.later) await settle();
    return { value, calls: tally.figures() };
  }

  /**
   * Local mode runs the events pipeline in this process, on this client, straight
   * after each commit (in AWS the table's stream starts the publisher, another
   * function, and the bus the notifiers). Calls made while `bus` delivers are the
   * notifiers'; the publisher's own are told by what they touch.
   */
  watchPipeline(bus: EventBus): void {
    const put = bus.put.bind(bus);
    bus.put = (entries) => this.pipeline.run(true, () => put(entries));
  }

  remove(): void {
    this.documents.middlewareStack.remove(MIDDLEWARE_NAME);
  }

  /** The notifiers' calls, the publisher's read of the pending events and its marking them published. */
  private isPipeline(command: string, input: Input): boolean {
    if (this.pipeline.getStore()) return true;
    if (command === 'Query') return JSON.stringify(input.ExpressionAttributeValues ?? {}).includes(PENDING_EVENTS_PARTITION);
    return command === 'UpdateItem' && typeof input.Key?.pk === 'string' && input.Key.pk.startsWith(EVENT_KEY_PREFIX);
  }

  private account(tally: Tally, command: string, input: Input, output: Output): void {
    const units = answered(output.ConsumedCapacity as Capacity | Capacity[] | undefined);
    const consistent = input.ConsistentRead === true;
    switch (command) {
      case 'GetItem':
        tally.itemsRead += output.Item ? 1 : 0;
        tally.rcu += units ?? this.computed(tally, command, readUnits(itemSize(output.Item), consistent));
        return;
      case 'Query':
      case 'Scan': {
        const items = (output.Items ?? []) as Input[];
        tally.itemsRead += items.length;
        tally.rcu += units ?? this.computed(tally, command, readUnits(items.reduce((sum, item) => sum + itemSize(item), 0), consistent));
        return;
      }
      case 'BatchGetItem': {
        let computed = 0;
        for (const [table, request] of Object.entries((input.RequestItems ?? {}) as Record<string, { Keys: unknown[]; ConsistentRead?: boolean }>)) {
          const found = (output.Responses?.[table] ?? []) as Input[];
          const unprocessed = (output.UnprocessedKeys?.[table]?.Keys ?? []).length as number;
          tally.itemsRead += found.length;
          // Each key is its own read, found or not.
          computed += found.reduce((sum, item) => sum + readUnits(itemSize(item), request.ConsistentRead === true), 0);
          computed += (request.Keys.length - found.length - unprocessed) * readUnits(0, request.ConsistentRead === true);
        }
        tally.rcu += units ?? this.computed(tally, command, computed);
        return;
      }
      case 'TransactGetItems': {
        const found = ((output.Responses ?? []) as Array<{ Item?: Input }>).filter((response) => response.Item);
        tally.itemsRead += found.length;
        tally.rcu += units ?? this.computed(tally, command, found.reduce((sum, response) => sum + readUnits(itemSize(response.Item), true, true), 0));
        return;
      }
      case 'PutItem':
        tally.itemsWritten += 1;
        tally.wcu += units ?? this.computed(tally, command, writeUnits(itemSize(input.Item as Input)));
        return;
      case 'UpdateItem':
      case 'DeleteItem':
        tally.itemsWritten += 1;
        tally.wcu += units ?? this.computed(tally, command, writeUnits(itemSize(output.Attributes as Input | undefined)));
        return;
      case 'BatchWriteItem':
        for (const [table, requests] of Object.entries((input.RequestItems ?? {}) as Record<string, Array<{ PutRequest?: { Item: Input } }>>)) {
          const unprocessed = (output.UnprocessedItems?.[table] ?? []).length as number;
          tally.itemsWritten += requests.length - unprocessed;
          if (units === undefined) tally.wcu += this.computed(tally, command, requests.reduce((sum, request) => sum + writeUnits(itemSize(request.PutRequest?.Item)), 0));
        }
        if (units !== undefined) tally.wcu += units;
        return;
      case 'TransactWriteItems':
        this.accountTransaction(tally, input, units);
        return;
      default:
        return;
    }
  }

  /**
   * Two write units per KB of each item (prepare and commit), a condition check
   * included. A put is the size of its item; an update or a condition check that
   * of the item as it is afterwards, read once the operation is over; a delete
   * (the apprentice's active-meeting marker, a few dozen bytes) the minimum.
   */
  private accountTransaction(tally: Tally, input: Input, units: number | undefined): void {
    const actions = (input.TransactItems ?? []) as Array<Record<string, Input>>;
    tally.itemsWritten += actions.filter((action) => action.Put || action.Update || action.Delete).length;
    if (units !== undefined) {
      tally.wcu += units;
      return;
    }
    tally.computed.add('TransactWriteItems');
    for (const action of actions) {
      if (action.Put) tally.wcu += writeUnits(itemSize(action.Put.Item), true);
      else if (action.Delete) tally.wcu += writeUnits(0, true);
      else {
        const { TableName, Key } = (action.Update ?? action.ConditionCheck)!;
        tally.later.push(async () => {
          const { Item } = await this.own.run(true, () => this.documents.send(new GetCommand({ TableName, Key, ConsistentRead: true })));
          tally.wcu += writeUnits(itemSize(Item), true);
        });
      }
    }
  }

  /** The items at these keys as they are now, read by the meter itself (uncounted, its time kept apart). */
  private async imagesOf(tally: Tally, keys: ReadonlyArray<Input>): Promise<Map<string, Input>> {
    // Wall time while any of the meter's reads is under way: writes sent together read together.
    if (tally.meterReads++ === 0) tally.meterSince = performance.now();
    try {
      return await this.readImages(keys);
    } finally {
      if (--tally.meterReads === 0) tally.meterMs += performance.now() - tally.meterSince;
    }
  }

  private async readImages(keys: ReadonlyArray<Input>): Promise<Map<string, Input>> {
    const images = new Map<string, Input>();
    const unique = [...new Map(keys.map((key) => [keyText(key), key])).values()];
    for (let index = 0; index < unique.length; index += 100) {
      const chunk = unique.slice(index, index + 100);
      const tableName = this.tableName!;
      const { Responses } = await this.own.run(true, () =>
        this.documents.send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: chunk, ConsistentRead: true } } })),
      );
      for (const item of Responses?.[tableName] ?? []) images.set(keyText(item), item);
    }
    return images;
  }

  /** Index units of writes that succeeded: what each index held for the key before, and holds after. */
  private accountIndexes(tally: Tally, writes: readonly WrittenKey[], before: ReadonlyMap<string, Input>): void {
    for (const write of writes) {
      const old = before.get(keyText(write.key));
      if (write.after === 'deleted') tally.indexWcu += indexUnits(old, undefined);
      else if (write.after !== 'read') tally.indexWcu += indexUnits(old, write.after);
      else {
        tally.later.push(async () => {
          const { Item } = await this.own.run(true, () => this.documents.send(new GetCommand({ TableName: this.tableName!, Key: write.key, ConsistentRead: true })));
          tally.indexWcu += indexUnits(old, Item);
        });
      }
    }
  }

  private computed(tally: Tally, command: string, units: number): number {
    tally.computed.add(command);
    return units;
  }
}
