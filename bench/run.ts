/**
 * `npm run bench`: the slot engine in process, the slots endpoint and provisional
 * bookings on a local host in memory, each against its target, and notifications
 * composed per second. Prints figures and
 * ratios only; nothing here asserts a time. All load goes to 127.0.0.1, is bounded
 * in count and duration, and the whole run stops itself after a few minutes.
 */
import { availableParallelism, loadavg } from 'node:os';
import { DateTime } from 'luxon';
import { silentLogger } from '#ports/logger.ts';
import { startLocalHost, type LocalHost } from '#local/local-host.ts';
import { makeGroupScenario } from '../test/support/availability-fixtures.ts';
import { benchProvisionalBookings, type BookingFigures } from './booking-bench.ts';
import { countDynamoDbCalls } from './dynamodb-call-counter.ts';
import type { LoadFigures } from './http-load.ts';
import { heading, line, note, summaryTable, type SummaryRow } from './report.ts';
import { bookingApprenticeId, SLOTS_APPRENTICE_ID, seedDirectory, seedMeetings } from './seed-scenario.ts';
import { benchNotifications } from './notifications-bench.ts';
import { benchSlotEngine } from './slot-engine-bench.ts';
import { benchSlotsEndpoint, checkSlotsAnswer, scenarioDays, sequentialSlots } from './slots-endpoint-bench.ts';
import { counts, ms, perSecond, ratio } from './stats.ts';

const TARGET_ENGINE_MEDIAN_MS = 10;
const TARGET_P99_MS = 150;
const TARGET_TRANSACTIONS = 1;
const TARGET_READS = 4;
const CONNECTIONS = 20;
const LOAD_SECONDS = 10;
const BOOKINGS = 400;
/** Concurrent bookings whose latencies are reported apart: two per client, the burst of all clients starting at once. */
const BOOKING_WARMUP = 2 * CONNECTIONS;
/** Booked one at a time before the concurrent bookings, each by its own apprentice. */
const SEQUENTIAL_BOOKINGS = 10;
/** The booking phase starts no new booking after this. */
const BOOKING_MAX_SECONDS = 60;
/** `/health` runs as long as the bookings took, up to this. */
const BOOKING_HEALTH_MAX_SECONDS = 20;
const SEQUENTIAL_RUNS = 5;
/** Bookings go to starts where at least this many EPAs are free, so none compete. */
const MINIMUM_FREE_EPAS = 10;
/** The whole run stops by itself after this, whatever happens. */
const HARD_LIMIT_MS = 175_000;

/** The summary table, filled as each part finishes (printed even if the run is cut short). */
const rows: SummaryRow[] = [];
const runStarted = performance.now();
const secondsLeft = (): number => (HARD_LIMIT_MS - (performance.now() - runStarted)) / 1000;

const hardStop = setTimeout(() => {
  process.stderr.write(`\nbench: stopped after ${HARD_LIMIT_MS / 1000} s (time limit); figures so far:\n`);
  summaryTable(rows);
  process.exit(2);
}, HARD_LIMIT_MS);
hardStop.unref();

const scenario = makeGroupScenario({ resources: 50, meetings: 3000, days: 93, seed: 1 });
/** A Monday five weeks before the scenario's first day, so that every scenario day is inside the default window (now .. now + 1 year). */
const FIXED_NOW = DateTime.fromMillis(scenario.range.start, { zone: 'Europe/London' }).minus({ weeks: 5 }).set({ hour: 9 }).toMillis();

const cpuAtStart = process.cpuUsage();
const loadLine1 = (): string => loadavg().map((value) => value.toFixed(2)).join(' ');

const rounded = (byKey: Record<string, number>): Record<string, number> =>
  Object.fromEntries(Object.entries(byKey).map(([key, value]) => [key, Number(value.toFixed(2))]));

const loadLine = (figures: LoadFigures): void => {
  line(figures.label, `${perSecond(figures.rps)}  p50 ${ms(figures.p50)}  p99 ${ms(figures.p99)}`);
  line('', `${figures.requests} answers in ${figures.durationSeconds.toFixed(1)} s; statuses ${counts(figures.statuses)}; non-2xx ${figures.non2xx}; errors/timeouts ${figures.errors}`);
};

const main = async (): Promise<void> => {
  const nowLocal = DateTime.fromMillis(FIXED_NOW, { zone: 'Europe/London' });
  process.stdout.write(`Planning-meeting benchmarks — Node ${process.version}, ${availableParallelism()} cores, load average ${loadLine1()}\n`);
  if (loadavg()[0]! > availableParallelism() * 0.75) {
    process.stdout.write('(the machine is already busy: every figure below is pessimistic)\n');
  }
  process.stdout.write('Server and handlers share one event loop; the embedded DynamoDB, the events pipeline (publisher, notifiers) and the load generator each run on a thread of their own.\n');
  process.stdout.write(`FIXED_NOW ${nowLocal.toISO()} (${nowLocal.weekdayLong}); scenario ${scenarioDays(scenario).from} .. ${scenarioDays(scenario).to}\n`);

  // ── 1. slot engine in process ────────────────────────────────────────────
  heading('1. Slot engine in process (computeSlots, 50 EPAs, 3,000 meetings, 93 days)');
  const engine = benchSlotEngine(scenario, { warmup: 30, runs: 200, maxSeconds: 30 });
  line('runs (after 30 warm-up runs)', String(engine.runs));
  line('median / p99 / max', `${ms(engine.latency.median)} / ${ms(engine.latency.p99)} / ${ms(engine.latency.max)}`);
  line('slots produced', `${engine.slots} (${engine.freePairs} slot × free-EPA pairs; ${engine.busyIntervals} busy intervals)`);
  note(`target: median ≤ ${TARGET_ENGINE_MEDIAN_MS} ms → ${engine.latency.median <= TARGET_ENGINE_MEDIAN_MS ? 'met' : 'NOT met'}`);
  rows.push({ figure: 'slot engine median', measured: ms(engine.latency.median), target: `≤ ${TARGET_ENGINE_MEDIAN_MS} ms`, met: engine.latency.median <= TARGET_ENGINE_MEDIAN_MS });
  rows.push({ figure: 'slot engine p99', measured: ms(engine.latency.p99), target: '—' });

  // ── local host and its data ──────────────────────────────────────────────
  heading('Local host in memory: seeding');
  const host: LocalHost = await startLocalHost({ port: 0, seedDemoData: false, clock: () => FIXED_NOW, logger: silentLogger, sweepEveryMs: 0 });
  try {
    // Load must go to the loopback address, not a name that could resolve elsewhere.
    const baseUrl = `http://127.0.0.1:${new URL(host.url).port}`;
    const counter = countDynamoDbCalls(host.table.documents);
    const settle = async (): Promise<void> => {
      await (host as { settle?: () => Promise<void> }).settle?.();
    };

    let mark = performance.now();
    await seedDirectory(host, scenario, FIXED_NOW, SEQUENTIAL_BOOKINGS + BOOKINGS);
    line('directory', `50 EPAs + schedules, system group, standard, owner, ${SEQUENTIAL_BOOKINGS + BOOKINGS + 1} apprentices in ${((performance.now() - mark) / 1000).toFixed(1)} s`);
    mark = performance.now();
    const seeded = await seedMeetings(host, scenario, FIXED_NOW);
    line('confirmed meetings', `${seeded} via MeetingRepository.commit in ${((performance.now() - mark) / 1000).toFixed(1)} s (${perSecond(seeded / ((performance.now() - mark) / 1000))})`);

    // ── 2. slots endpoint ──────────────────────────────────────────────────
    const { from, to } = scenarioDays(scenario);
    const slotsUrl = `${baseUrl}/apprentices/${SLOTS_APPRENTICE_ID}/planning-meeting-slots?from=${from}&to=${to}`;
    heading(`2. GET /apprentices/{id}/planning-meeting-slots?from=${from}&to=${to} — ${CONNECTIONS} connections, ${LOAD_SECONDS} s each`);
    const slotsToken = await host.tokenFor(SLOTS_APPRENTICE_ID);
    const check = await checkSlotsAnswer(slotsUrl, slotsToken, scenario, FIXED_NOW);
    line('first answer (fresh process)', `${check.status}, ${check.slots.length} slots, ${(check.responseBytes / 1024).toFixed(1)} KiB in ${ms(check.elapsedMs)}`);
    line('same slots as the engine in process', `${check.matches ? 'yes' : 'NO'} (engine: ${check.expectedSlots})`);
    // Each a range of its own, a day later than the last: the engine runs for every one of them.
    const shiftedUrl = (run: number): string => {
      const shifted = scenarioDays(scenario, run + 1);
      return `${baseUrl}/apprentices/${SLOTS_APPRENTICE_ID}/planning-meeting-slots?from=${shifted.from}&to=${shifted.to}`;
    };
    const uncached = await sequentialSlots(shiftedUrl, slotsToken, counter, SEQUENTIAL_RUNS);
    line(`one at a time, a new range each (${SEQUENTIAL_RUNS})`, `median ${ms(uncached.latency.median)}, max ${ms(uncached.latency.max)}; DynamoDB calls ${counts(rounded(uncached.callsPerRequest)) || 'none'}`);
    note('(the slot engine runs for each; claim weeks and directory records come from the recent reads where held)');
    const sequential = await sequentialSlots(() => slotsUrl, slotsToken, counter, SEQUENTIAL_RUNS);
    line(`one at a time, the same range (${SEQUENTIAL_RUNS})`, `median ${ms(sequential.latency.median)}, max ${ms(sequential.latency.max)}`);
    line('DynamoDB calls per slots request', counts(rounded(sequential.callsPerRequest)) || 'none');
    counter.reset();
    const endpoint = await benchSlotsEndpoint(slotsUrl, `${baseUrl}/health`, slotsToken, counter, { connections: CONNECTIONS, durationSeconds: LOAD_SECONDS });
    const slotCalls = counter.snapshot();
    loadLine(endpoint.slots);
    if (!endpoint.drained) note('! the server was still serving abandoned slots requests when /health started');
    loadLine(endpoint.health);
    line('calls per slots request under load', counts(rounded(Object.fromEntries(Object.entries(slotCalls).map(([command, count]) => [command, count / Math.max(1, endpoint.slots.sent)])))));
    line('slots p99 / health p99', ratio(endpoint.slots.p99, endpoint.health.p99));
    line('slots rps / health rps', ratio(endpoint.slots.rps, endpoint.health.rps));
    const slotsMet = endpoint.slots.p99 <= TARGET_P99_MS;
    note(`target: p99 ≤ ${TARGET_P99_MS} ms → ${slotsMet ? 'met' : 'NOT met'}`);
    note('(a warm process: directory records and claim weeks are recent reads, refreshed in the background, and the slot engine\'s');
    note(' answer for the range is kept under a key of every input\'s version, so repeats only cut it to the caller\'s window — decision 0004)');
    rows.push({ figure: 'slots first answer, fresh process', measured: ms(check.elapsedMs), target: '—' });
    rows.push({ figure: 'slots one at a time, new range each', measured: ms(uncached.latency.median), target: '—' });
    rows.push({ figure: 'slots one at a time, same range', measured: ms(sequential.latency.median), target: '—' });
    rows.push({ figure: 'slots p99, 20 connections', measured: ms(endpoint.slots.p99), target: `≤ ${TARGET_P99_MS} ms`, met: slotsMet });
    rows.push({ figure: 'slots throughput', measured: `${perSecond(endpoint.slots.rps)} (${ratio(endpoint.slots.rps, endpoint.health.rps)} of /health)`, target: '—' });
    rows.push({
      figure: 'slots answers 200 / match engine',
      measured: `${endpoint.slots.non2xx + endpoint.slots.errors} not 200; match ${check.matches ? 'yes' : 'no'}`,
      target: 'all 200, same slots',
      met: endpoint.slots.non2xx === 0 && endpoint.slots.errors === 0 && check.status === 200 && check.matches,
    });

    // ── 3. provisional bookings ────────────────────────────────────────────
    heading(`3. POST /planning-meetings (provisional) — ${SEQUENTIAL_BOOKINGS} one at a time, then ${BOOKINGS} by ${CONNECTIONS} concurrent clients; one apprentice and one distinct slot each`);
    const apprentices = Array.from({ length: SEQUENTIAL_BOOKINGS + BOOKINGS }, (_, index) => bookingApprenticeId(index));
    // Leave room for /health and closing whatever the machine's speed: bounded in count and in time.
    const bookingSeconds = Math.max(10, Math.min(BOOKING_MAX_SECONDS, secondsLeft() - 20 - BOOKING_HEALTH_MAX_SECONDS));
    const booking: BookingFigures = await benchProvisionalBookings(host, baseUrl, apprentices, check.slots, check.freeEpasAt, counter, {
      sequential: SEQUENTIAL_BOOKINGS,
      settle,
      concurrency: CONNECTIONS,
      maxSeconds: bookingSeconds,
      healthMaxSeconds: () => Math.max(1, Math.min(BOOKING_HEALTH_MAX_SECONDS, secondsLeft() - 15)),
      minimumFreeEpas: MINIMUM_FREE_EPAS,
      warmup: BOOKING_WARMUP,
    });
    line('slots used', `${booking.distinctStarts} distinct starts over ${booking.days} days, each with ≥ ${booking.fewestFreeEpas} free EPAs`);
    note('(bookings in flight together fall on different, non-adjacent days)');
    line(`one at a time (${booking.sequential.sent} bookings)`, `median ${ms(booking.sequential.p50)}, p99 ${ms(booking.sequential.p99)}; statuses ${counts(booking.sequential.statuses)}`);
    line('DynamoDB calls per booking', counts(rounded(booking.sequentialCallsPerBooking)));
    note('  (the server thread\'s calls; the events pipeline — publisher and notifiers, other functions in AWS — has its own thread and client)');
    loadLine(booking.bookings);
    line(`  after the first ${booking.warmup.count} (warm-up)`, `${booking.steady.count} bookings: p50 ${ms(booking.steady.p50)}  p99 ${ms(booking.steady.p99)}  max ${ms(booking.steady.max)}`);
    line(`  the first ${booking.warmup.count}`, `p50 ${ms(booking.warmup.p50)}  p99 ${ms(booking.warmup.p99)}  max ${ms(booking.warmup.max)}`);
    note('  (all clients start at once: the first wave queues behind itself, reads the claim weeks afresh (the listing\'s copies have aged out) and runs code not yet optimised; the target is read after it)');
    loadLine(booking.health);
    line('bookings p99 / health p99', ratio(booking.steady.p99, booking.health.p99));
    line('bookings/s / health rps', ratio(booking.bookings.rps, booking.health.rps));
    if (booking.unsent > 0) note(`! ${booking.unsent} bookings not sent: the phase stops starting bookings after ${bookingSeconds.toFixed(0)} s`);
    if (booking.health.durationSeconds + 1.5 < booking.bookings.durationSeconds) note(`(/health ran ${booking.health.durationSeconds.toFixed(0)} s: capped)`);
    line('calls per booking under load', counts(rounded(booking.callsPerBooking)));
    line('CPU per booking, all threads', `${booking.cpuMsPerBooking.toFixed(1)} ms (${availableParallelism()} cores); server thread busy ${(booking.serverThreadBusy * 100).toFixed(0)} % of the time`);
    note('(server, embedded store, events pipeline, load generator and V8\'s GC threads together: what the cores allow)');
    line('events pipeline done after last answer', `${booking.settleSeconds.toFixed(1)} s`);
    note('(it runs on its own thread at the lowest priority, and each step waits up to 1.5 s for a pause in API requests: the answers come first, the notifications follow)');
    note('(reads are recent reads: the new apprentice\'s record and user, and the claim weeks written since they were last read;');
    note(' a second transaction is a lost race on a claim week; racing bookings of this process count each other\'s meetings in flight)');
    line('reads / transactions per booking', `${booking.readsPerBooking.toFixed(2)} reads, ${booking.transactionsPerBooking.toFixed(3)} transactions`);
    for (const refusal of booking.refusals) note(`! ${refusal.status} for ${refusal.apprenticeId} at ${refusal.start}: ${refusal.body}`);
    if (booking.refusedStarts.length > 0) {
      // A refused start that is still offered afterwards would be a refusal without cause.
      const after = await checkSlotsAnswer(slotsUrl, slotsToken, scenario, FIXED_NOW);
      const offered = new Set(after.slots.map((slot) => slot.start));
      const stillOffered = booking.refusedStarts.filter((start) => offered.has(start));
      line('refused starts still offered after', `${stillOffered.length} of ${booking.refusedStarts.length}${stillOffered.length > 0 ? `: ${stillOffered.slice(0, 5).join(', ')}` : ''}`);
    }
    const bookingP99Met = booking.steady.p99 <= TARGET_P99_MS;
    const callsMet = booking.transactionsPerBooking <= TARGET_TRANSACTIONS && booking.readsPerBooking <= TARGET_READS;
    note(
      `target: p99 (after the warm-up) ≤ ${TARGET_P99_MS} ms; at most one transaction plus four reads per booking → p99 ${bookingP99Met ? 'met' : 'NOT met'}; calls ${callsMet ? 'met' : 'NOT met'}`,
    );
    const created = (booking.bookings.statuses['201'] ?? 0) + (booking.sequential.statuses['201'] ?? 0);
    const sentBookings = booking.bookings.sent + booking.sequential.sent;
    rows.push({
      figure: 'bookings sent in time',
      measured: `${sentBookings} of ${SEQUENTIAL_BOOKINGS + BOOKINGS}`,
      target: `all within ${bookingSeconds.toFixed(0)} s`,
      met: booking.unsent === 0,
    });
    rows.push({ figure: 'booking one at a time, median', measured: ms(booking.sequential.p50), target: '—' });
    rows.push({ figure: 'booking p99, 20 clients', measured: `${ms(booking.steady.p99)} (first ${booking.warmup.count}: ${ms(booking.warmup.p99)}; all: ${ms(booking.bookings.p99)})`, target: `≤ ${TARGET_P99_MS} ms`, met: bookingP99Met });
    rows.push({ figure: 'booking throughput', measured: `${perSecond(booking.bookings.rps)} (${ratio(booking.bookings.rps, booking.health.rps)} of /health)`, target: '—' });
    rows.push({
      figure: 'DynamoDB calls per booking',
      measured: `${booking.transactionsPerBooking.toFixed(3)} tx + ${booking.readsPerBooking.toFixed(2)} reads`,
      target: `≤ ${TARGET_TRANSACTIONS} tx + ${TARGET_READS} reads`,
      met: callsMet,
    });
    rows.push({ figure: 'bookings answered 201', measured: `${created} of ${sentBookings} sent`, target: 'all 201', met: sentBookings > 0 && created === sentBookings });
    counter.remove();
  } finally {
    await host.close();
  }

  // ── 4. notifications composed ───────────────────────────────────────────
  heading('4. Notifications composed and sent (planner, templates, iCalendar, MIME) to a stub transport; events with five attendees');
  const notifications = await benchNotifications({ events: 400, maxSeconds: 15 });
  line('events / notifications', `${notifications.events} / ${notifications.notifications} in ${notifications.seconds.toFixed(1)} s`);
  line('notifications per second', perSecond(notifications.perSecond));
  rows.push({ figure: 'notifications composed', measured: perSecond(notifications.perSecond), target: '—' });

  heading('Summary');
  summaryTable(rows);
  const cpu = process.cpuUsage(cpuAtStart);
  process.stdout.write(
    `\n  total run time ${((performance.now() - runStarted) / 1000).toFixed(1)} s; CPU of this process ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s; load average now ${loadLine1()}\n`,
  );
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
