/**
 * `npm run bench`: what each operation asks of DynamoDB (the figures that decide
 * cost and latency in AWS), the slot engine beside a plain loop, each function's
 * bundle and init time, and one local latency per operation, one request at a
 * time, for spotting regressions. Prints figures, ratios and targets; nothing
 * here asserts a time. Requests go to 127.0.0.1 only, and the run stops itself.
 */
import { availableParallelism, loadavg } from 'node:os';
import { DateTime } from 'luxon';
import { silentLogger } from '#ports/logger.ts';
import { startLocalHost } from '#local/local-host.ts';
import { DynamoDbMeter, type OperationCalls } from './dynamodb-meter.ts';
import { benchFunctionBundles, meetsTargets, TARGET_INIT_MS, TARGET_MINIFIED_KB } from './function-bundles.ts';
import { apprenticesNeeded, benchOperations, type OperationRuns } from './operations-bench.ts';
import { referenceWorkload } from './reference-workload.ts';
import { heading, metOrNot, note, table } from './report.ts';
import { seedScenario } from './seed-scenario.ts';
import { benchSlotEngine } from './slot-engine-bench.ts';
import { BURST_REQUESTS, benchBurst, burstMedian } from './burst-bench.ts';
import { benchListing, LISTING_APPRENTICES } from './listing-bench.ts';
import { median, ms, ratio, spread } from './stats.ts';

const RUNS = 5;
const TARGET_ENGINE_RATIO = 5;
/** The whole run stops by itself after this, whatever happens. */
const HARD_LIMIT_MS = 900_000;

const targets: Array<{ figure: string; target: string; met: boolean }> = [];

/** `npm run bench -- burst operations` runs only the sections named; no name runs them all. */
const SECTIONS = ['operations', 'engine', 'bundles', 'burst', 'listing'] as const;
const asked = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
const unknown = asked.filter((name) => !(SECTIONS as readonly string[]).includes(name));
if (unknown.length > 0) {
  process.stderr.write(`bench: no section ${unknown.join(', ')}; the sections are ${SECTIONS.join(', ')}\n`);
  process.exit(2);
}
const runs = (section: (typeof SECTIONS)[number]): boolean => asked.length === 0 || asked.includes(section);

const hardStop = setTimeout(() => {
  process.stderr.write(`\nbench: stopped after ${HARD_LIMIT_MS / 1000} s (time limit)\n`);
  process.exit(2);
}, HARD_LIMIT_MS);
hardStop.unref();

const load = (): string => loadavg().map((value) => value.toFixed(2)).join(' ');

/** `GetItem ×2 → BatchGetItem → TransactWriteItems`: one arrow per round trip. */
const roundsOf = (calls: OperationCalls): string =>
  calls.rounds
    .map((round) => {
      const counts = new Map<string, number>();
      for (const command of round) counts.set(command, (counts.get(command) ?? 0) + 1);
      return [...counts].map(([command, count]) => (count > 1 ? `${command} ×${count}` : command)).join(' + ');
    })
    .join(' → ') || 'none';

const operationRow = (entry: OperationRuns): string[] => {
  const of = (figure: (calls: OperationCalls) => number): number[] => entry.calls.map(figure);
  const roundTrips = of((calls) => calls.roundTrips);
  let target = '—';
  if (entry.maxRoundTrips !== undefined) {
    const met = Math.max(...roundTrips) <= entry.maxRoundTrips;
    target = `≤ ${entry.maxRoundTrips} round trips: ${metOrNot(met)}`;
    targets.push({ figure: `${entry.operation}, copies ${entry.copies}: sequential round trips`, target: `≤ ${entry.maxRoundTrips}`, met });
  }
  return [
    entry.operation,
    entry.copies,
    spread(of((calls) => calls.calls)),
    spread(roundTrips),
    spread(of((calls) => calls.itemsRead)),
    spread(of((calls) => calls.itemsWritten)),
    spread(of((calls) => calls.rcu), 1),
    spread(of((calls) => calls.wcu), 1),
    spread(of((calls) => calls.indexWcu), 1),
    spread(of((calls) => calls.pipelineCalls)),
    ms(median(entry.latencies)),
    target,
  ];
};

const operationsSection = async (workload: ReturnType<typeof referenceWorkload>): Promise<void> => {
  heading(`1. DynamoDB per operation — local host in memory, each operation ${RUNS} times, one request at a time`);
  const host = await startLocalHost({ port: 0, seedDemoData: false, clock: () => workload.now, logger: silentLogger, sweepEveryMs: 0 });
  let operations: OperationRuns[];
  try {
    const seeded = await seedScenario(host, workload, apprenticesNeeded(RUNS));
    note(`seeded: ${workload.epaIds.length} EPAs, their group and standard, ${seeded.meetings} confirmed meetings, in ${seeded.seconds.toFixed(1)} s (the meetings ${seeded.meetingsSeconds.toFixed(1)} s)`);
    const meter = new DynamoDbMeter(host.table.documents);
    meter.watchPipeline(host.deps.bus);
    const figures = await benchOperations(host, workload, meter, RUNS);
    meter.remove();
    operations = figures.operations;
    process.stdout.write('\n');
    table(['operation', 'copies', 'calls', 'sequential round trips', 'items read', 'items written', 'RCU', 'table WCU', 'index WCU', 'pipeline calls', 'local latency (median)', 'target'], operations.map(operationRow));
    process.stdout.write('\n');
    note('calls in order, one arrow per sequential round trip (each way the runs went, with how many runs went so):');
    for (const entry of operations) {
      const ways = new Map<string, number>();
      for (const calls of entry.calls) ways.set(roundsOf(calls), (ways.get(roundsOf(calls)) ?? 0) + 1);
      for (const [way, count] of ways) note(`  ${`${entry.operation}, ${entry.copies}`.padEnd(38)} ${ways.size > 1 ? `(${count}×) ` : ''}${way}`);
    }
    const computed = [...new Set(operations.flatMap((entry) => entry.calls.flatMap((calls) => [...calls.computed])))];
    note(`units from the store's ConsumedCapacity; computed from item sizes as DynamoDB bills them for: ${computed.join(', ') || 'none'}`);
    note('index WCU: computed from each written item before and after (the embedded store bills no index): 1 per KB into or out of each index it is in; a range "a–b" means the runs differed');
    note('copies warm: the process holds its 5-second copies of the configuration; cold: it holds none (a new container, or 5 quiet seconds)');
    note('pipeline calls: those of the events pipeline the operation set off (publisher, notifiers: other functions in AWS), not in the other columns');
    note(`slots endpoint offers the slot engine's answer for the seeded data: ${figures.slotsMatchEngine ? 'yes' : 'NO'} (${figures.offeredSlots} slots)`);
    targets.push({ figure: 'slots endpoint = slot engine in process', target: 'same slots', met: figures.slotsMatchEngine });
  } finally {
    await host.close();
  }
};

const engineSection = (workload: ReturnType<typeof referenceWorkload>): void => {
  heading('2. Slot engine beside a plain loop, in process, on the reference workload');
  const engine = benchSlotEngine(workload.query);
  const engineMet = engine.sameAnswer && engine.ratio <= TARGET_ENGINE_RATIO;
  table(
    ['computation', 'runs', 'median', 'p99'],
    [
      ['slot engine (computeSlots)', String(engine.engine.count), ms(engine.engine.median), ms(engine.engine.p99)],
      ['plain nested loops', String(engine.plainLoop.count), ms(engine.plainLoop.median), ms(engine.plainLoop.p99)],
    ],
  );
  note(`same answer: ${engine.sameAnswer ? 'yes' : 'NO'} (${engine.slots} slots, ${engine.freePairs} slot × free-EPA pairs)`);
  note(`engine median / plain loop median: ${ratio(engine.ratio)}; target ≤ ${TARGET_ENGINE_RATIO}× → ${metOrNot(engineMet)}`);
  targets.push({ figure: 'slot engine median / plain loop', target: `≤ ${TARGET_ENGINE_RATIO}×, same answer`, met: engineMet });
};

const bundlesSection = async (): Promise<void> => {
  heading('3. Functions: bundle (as CDK bundles it) and module init in a fresh Node process');
  try {
    const bundles = await benchFunctionBundles();
    table(
      ['function', 'minified KB', 'gzipped KB', 'init CPU ms', 'init wall ms', 'target'],
      bundles.map((row) => [
        row.name,
        row.minifiedKb.toFixed(1),
        row.gzippedKb.toFixed(1),
        row.initCpuMs.toFixed(1),
        row.initMs.toFixed(1),
        row.http ? metOrNot(meetsTargets(row)) : '— (not HTTP)',
      ]),
    );
    note('(medians; the init target is read on CPU time: on a busy machine the wall time is mostly waiting for a core)');
    const httpBundles = bundles.filter((row) => row.http);
    targets.push({
      figure: 'every HTTP function: bundle and init',
      target: `≤ ${TARGET_MINIFIED_KB} KB minified, ≤ ${TARGET_INIT_MS} ms init CPU`,
      met: httpBundles.length > 0 && httpBundles.every(meetsTargets),
    });
  } catch (error) {
    // The other figures stand on their own: say why this one is missing and go on.
    note(`not measured: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}`);
  }
};

const TARGET_BURST_MEDIAN = 2;

const burstSection = async (): Promise<void> => {
  heading(`4. A cohort books at once: ${BURST_REQUESTS} provisional bookings sent together, local host in memory`);
  const now = DateTime.fromISO('2027-03-01T09:00', { zone: 'Europe/London' }).toMillis();
  const host = await startLocalHost({ port: 0, seedDemoData: false, clock: () => now, logger: silentLogger, sweepEveryMs: 0 });
  try {
    const burst = await benchBurst(host, now);
    const perBooking = burstMedian(burst);
    note(`3 EPAs, two weeks of Mon–Fri 08:00–19:00: ${burst.freeEpaSlots} free EPA-slots; no start asked for by more apprentices than it has EPAs`);
    process.stdout.write('\n');
    table(
      ['requests', 'booked', 'false refusals', 'true refusals', 'transactions attempted', 'rejected', 'per booking: median', 'max', 'double bookings', 'wall time'],
      [
        [
          String(burst.requests),
          String(burst.booked),
          String(burst.falseRefusals),
          String(burst.trueRefusals),
          String(burst.transactionsAttempted),
          String(burst.transactionsRejected),
          String(perBooking),
          String(Math.max(0, ...burst.transactionsPerBooking)),
          String(burst.overlaps),
          `${(burst.wallMs / 1000).toFixed(1)} s`,
        ],
      ],
    );
    process.stdout.write('\n');
    note(`answers: ${[...burst.answers].map(([label, count]) => `${label} × ${count}`).join(', ')}`);
    note(`DynamoDB calls: ${[...burst.calls].map(([command, count]) => `${command} ${count}`).join(', ')}`);
    note(`units: ${burst.rcu.toFixed(0)} RCU read (${(burst.rcu / Math.max(1, burst.booked)).toFixed(1)} per booking), ${burst.wcu.toFixed(0)} table WCU committed (${(burst.wcu / Math.max(1, burst.booked)).toFixed(1)} per booking)`);
    note(`meetings stored (by the EPA index): ${burst.storedMeetings}, answered 201: ${burst.booked}`);
    note(`the local host's one SDK client (50 sockets) was full ${burst.socketWaits} times: every request of the burst shares it here, unlike Lambda containers`);
    note('false refusal: a 409 for a start that is still offered once the burst is over (some EPA was free for it all along)');
    targets.push({ figure: 'burst: false refusals', target: '0', met: burst.falseRefusals === 0 });
    targets.push({ figure: 'burst: transactions per booking (median)', target: `≤ ${TARGET_BURST_MEDIAN}`, met: perBooking <= TARGET_BURST_MEDIAN });
    targets.push({ figure: 'burst: double bookings', target: '0', met: burst.overlaps === 0 && burst.storedMeetings === burst.booked });
  } finally {
    await host.close();
  }
};

const TARGET_SEARCH_ROUND_TRIPS = 2;

const listingSection = async (): Promise<void> => {
  heading(
    `5. Finding apprentices and people over ${LISTING_APPRENTICES.toLocaleString('en-GB')} apprentices: the planning meeting listing and the directory search, local host in memory, each search ${RUNS} times, one at a time`,
  );
  const now = DateTime.fromISO('2027-03-01T09:00', { zone: 'Europe/London' }).toMillis();
  const host = await startLocalHost({ port: 0, seedDemoData: false, clock: () => now, logger: silentLogger, sweepEveryMs: 0 });
  try {
    const meter = new DynamoDbMeter(host.table.documents);
    const figures = await benchListing(host, meter, now, RUNS);
    meter.remove();
    note(`seeded: ${LISTING_APPRENTICES.toLocaleString('en-GB')} apprentices and their entries, 50 EPAs, a provider linked to 200: ${figures.items.toLocaleString('en-GB')} items, bulk loaded in ${figures.seedSeconds.toFixed(1)} s`);
    process.stdout.write('\n');
    table(
      ['search', 'copies', 'rows', 'calls', 'sequential round trips', 'items read', 'RCU', 'local latency (median)'],
      figures.searches.map((entry) => {
        const of = (figure: (calls: OperationCalls) => number): number[] => entry.calls.map(figure);
        return [
          entry.search,
          entry.copies,
          String(entry.rows),
          spread(of((calls) => calls.calls)),
          spread(of((calls) => calls.roundTrips)),
          spread(of((calls) => calls.itemsRead)),
          spread(of((calls) => calls.rcu), 1),
          ms(median(entry.latencies)),
        ];
      }),
    );
    process.stdout.write('\n');
    note('calls in order, one arrow per sequential round trip:');
    for (const entry of figures.searches) {
      const ways = new Set(entry.calls.map(roundsOf));
      for (const way of ways) note(`  ${`${entry.search}, ${entry.copies}`.padEnd(56)} ${way}`);
    }
    note('RCU: index Queries are eventually consistent (half a unit per 4 KB read); the BatchGetItem of the page\'s meetings and EPA names is consistent (a unit per key, found or not)');
    const commands = new Set(figures.searches.flatMap((entry) => entry.calls.flatMap((calls) => calls.rounds.flat())));
    targets.push({ figure: 'listing and directory search: key-based reads', target: 'Query and BatchGetItem only, no Scan', met: [...commands].every((command) => command === 'Query' || command === 'BatchGetItem') });
    const headline = figures.searches.find((entry) => entry.copies === 'warm')!;
    const headlineMet = Math.max(...headline.calls.map((calls) => calls.roundTrips)) <= TARGET_SEARCH_ROUND_TRIPS;
    targets.push({ figure: `${headline.search}, warm: sequential round trips`, target: `≤ ${TARGET_SEARCH_ROUND_TRIPS}`, met: headlineMet });
  } finally {
    await host.close();
  }
};

const main = async (): Promise<void> => {
  // The SDK's notice about future Node versions says nothing about these figures.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const started = performance.now();
  const workload = referenceWorkload();
  const now = DateTime.fromMillis(workload.now, { zone: workload.zone });
  process.stdout.write(`Planning-meeting benchmarks — Node ${process.version}, ${availableParallelism()} cores, load average ${load()}\n`);
  if (loadavg()[0]! > availableParallelism() * 0.75) note('(the machine is busy with other work: the times below are pessimistic; the counts are not affected)');
  process.stdout.write(
    `Reference workload: ${workload.epaIds.length} EPAs, Mon–Fri 09:00–17:00 ${workload.zone}, ${workload.from} .. ${workload.to}, ` +
      `${[...workload.busy.values()].reduce((sum, spans) => sum + spans.length, 0)} busy hours; now ${now.toISO()} (${now.weekdayLong})\n`,
  );

  if (runs('operations')) await operationsSection(workload);
  if (runs('engine')) engineSection(workload);
  if (runs('bundles')) await bundlesSection();
  if (runs('burst')) await burstSection();
  if (runs('listing')) await listingSection();

  heading('Targets');
  table(['figure', 'target', 'result'], targets.map((entry) => [entry.figure, entry.target, metOrNot(entry.met)]));
  note(`\ntotal run time ${((performance.now() - started) / 1000).toFixed(1)} s; load average now ${load()}`);
};

main().then(
  () => {
    clearTimeout(hardStop);
    process.exit(0);
  },
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
