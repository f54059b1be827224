import { bookingWindowFor } from '#domain/booking-window.ts';
import { defaultAvailabilityConfiguration } from '#domain/configuration.ts';
import { toUtcIso } from '#domain/primitives.ts';
import { computeSlots } from '#domain/slot-engine.ts';
import type { GroupScenario } from '../test/support/availability-fixtures.ts';
import type { DynamoDbCallCounter } from './dynamodb-call-counter.ts';
import { assertLoopback, runAutocannon, type LoadFigures } from './http-load.ts';
import { summarize, type Summary } from './stats.ts';

export interface OfferedSlot {
  start: string;
  end: string;
}

export interface SlotsCheck {
  status: number;
  slots: OfferedSlot[];
  /** What the slot engine gives in process for the same directory, meetings, standard and window. */
  expectedSlots: number;
  matches: boolean;
  /** How many EPAs are free at each offered start, as the engine in process sees the seeded data. */
  freeEpasAt: Map<string, number>;
  responseBytes: number;
  /** How long the answer took: the first request of a fresh process, nothing read or kept yet. */
  elapsedMs: number;
}

/**
 * `from`/`to` query of the scenario's 93 days, both included, as local dates in
 * Europe/London; `shiftDays` moves both (still 93 days).
 */
export const scenarioDays = (scenario: GroupScenario, shiftDays = 0): { from: string; to: string } => {
  const day = (millis: number): string => new Date(millis + shiftDays * 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Europe/London' });
  return { from: day(scenario.range.start), to: day(scenario.range.end - 1) };
};

/**
 * One request before the load: it must answer 200 with the slots the engine finds
 * in process for the seeded data (60-minute meetings on a 60-minute grid; every
 * seeded meeting counts towards the daily maximum, since all are planning meetings).
 */
export const checkSlotsAnswer = async (url: string, token: string, scenario: GroupScenario, now: number): Promise<SlotsCheck> => {
  const started = performance.now();
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(30_000) });
  const text = await response.text();
  const elapsedMs = performance.now() - started;
  const slots = response.status === 200 ? ((JSON.parse(text) as { slots: OfferedSlot[] }).slots ?? []) : [];
  const expected = computeSlots({
    resources: scenario.resources.map((resource) => ({
      id: resource.id,
      schedule: resource.schedule,
      busy: resource.busy.map((busy) => ({ start: busy.start, end: busy.end })),
    })),
    durationMinutes: 60,
    intervalMinutes: 60,
    range: scenario.range,
    window: bookingWindowFor({ configuration: defaultAvailabilityConfiguration, now, caller: { roles: ['apprentice'] } }),
  });
  const matches =
    expected.length === slots.length && expected.every((slot, index) => Date.parse(slots[index]!.start) === slot.start);
  if (response.status !== 200) process.stdout.write(`  ! slots answered ${response.status}: ${text.slice(0, 300)}\n`);
  const freeEpasAt = new Map(expected.map((slot) => [toUtcIso(slot.start), slot.freeResourceIds.length] as const));
  return { status: response.status, slots, expectedSlots: expected.length, matches, freeEpasAt, responseBytes: Buffer.byteLength(text), elapsedMs };
};

export interface SequentialFigures {
  latency: Summary;
  /** DynamoDB calls of one request, by command. */
  callsPerRequest: Record<string, number>;
}

/**
 * A few requests one after another on an idle server: the cost of one request, without
 * queueing. `urlOf(run)` may give each run its own URL (another range, so that the slot
 * engine's kept answer does not apply).
 */
export const sequentialSlots = async (
  urlOf: (run: number) => string,
  token: string,
  counter: DynamoDbCallCounter,
  runs: number,
): Promise<SequentialFigures> => {
  const samples: number[] = [];
  counter.reset();
  for (let run = 0; run < runs; run += 1) {
    const url = urlOf(run);
    assertLoopback(url);
    const started = performance.now();
    const response = await fetch(url, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(30_000) });
    await response.arrayBuffer();
    samples.push(performance.now() - started);
  }
  const calls = counter.snapshot();
  return {
    latency: summarize(samples),
    callsPerRequest: Object.fromEntries(Object.entries(calls).map(([command, count]) => [command, count / runs])),
  };
};

export interface SlotsEndpointFigures {
  slots: LoadFigures;
  health: LoadFigures;
  /** Whether the server had finished the abandoned slots requests before `/health` ran. */
  drained: boolean;
}

/**
 * The slots endpoint under load, then `/health` on the same server the same way,
 * once the server has finished the slots requests still in flight when the first
 * run stopped.
 */
export const benchSlotsEndpoint = async (
  slotsUrl: string,
  healthUrl: string,
  token: string,
  counter: DynamoDbCallCounter,
  options: { connections: number; durationSeconds: number },
): Promise<SlotsEndpointFigures> => {
  const slots = await runAutocannon({
    label: 'GET planning-meeting-slots (93 days)',
    url: slotsUrl,
    headers: { authorization: `Bearer ${token}` },
    connections: options.connections,
    durationSeconds: options.durationSeconds,
  });
  const drained = await counter.drain();
  const health = await runAutocannon({
    label: 'GET /health',
    url: healthUrl,
    connections: options.connections,
    durationSeconds: options.durationSeconds,
  });
  return { slots, health, drained };
};
