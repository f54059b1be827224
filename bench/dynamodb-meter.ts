import { AsyncLocalStorage } from 'node:async_hooks';
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { EventBus } from '#events/event-bus.ts';
import { eventKey, PENDING_EVENTS_PARTITION } from '#store/keys.ts';
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
  wcu: number;
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

class Tally {
  calls = 0;
  roundTrips = 0;
  itemsRead = 0;
  itemsWritten = 0;
  rcu = 0;
  wcu = 0;
  rounds: string[][] = [];
  computed = new Set<string>();
  pipelineCalls = 0;
  /** Once the operation is answered, what follows is the pipeline's. */
  answered = false;
  inFlight = 0;
  /** Units that need the item as written: read once the operation is over, so its latency does not include them. */
  later: Array<() => Promise<void>> = [];

  figures(): OperationCalls {
    const { calls, roundTrips, itemsRead, itemsWritten, rcu, wcu, rounds, computed, pipelineCalls } = this;
    return { calls, roundTrips, itemsRead, itemsWritten, rcu, wcu, rounds, computed, pipelineCalls };
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
          const result = await next(asked);
          this.account(tally, command, input, (result as { output: Output }).output);
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

  private computed(tally: Tally, command: string, units: number): number {
    tally.computed.add(command);
    return units;
  }
}
