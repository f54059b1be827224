import { DateTime } from 'luxon';
import type { ResourceSchedule, SlotQuery, SlotResource, TimeSpan } from '#domain/slot-engine.ts';
import { mulberry32 } from './seeded-random.ts';

/**
 * The reference workload of the benchmark: 50 EPAs working Monday to Friday
 * 09:00–17:00 Europe/London, the 93 days 2027-03-01 .. 2027-06-01 (the clocks go
 * forward on 28 March), and 3,000 busy hours on the hour, spread at random
 * (a fixed seed) so that no EPA is busy twice at once. One-hour meetings on a
 * one-hour grid; nothing bookable before `now` or more than a year after it.
 */
export interface ReferenceWorkload {
  zone: string;
  from: string;
  to: string;
  /** A Monday a week before the first day. */
  now: number;
  epaIds: string[];
  schedule: ResourceSchedule;
  busy: ReadonlyMap<string, readonly TimeSpan[]>;
  query: SlotQuery;
}

export const ZONE = 'Europe/London';
const FROM = '2027-03-01';
const TO = '2027-06-01';
const EPAS = 50;
const BUSY_HOURS = 3000;
const DURATION_MINUTES = 60;

export const referenceWorkload = (seed = 1): ReferenceWorkload => {
  const random = mulberry32(seed);
  const day = [{ start: '09:00', end: '17:00' }];
  const schedule: ResourceSchedule = {
    timeZone: ZONE,
    weekly: { mon: day, tue: day, wed: day, thu: day, fri: day, sat: [], sun: [] },
    overrides: [],
    maxMeetingsPerDay: null,
  };
  const first = DateTime.fromISO(FROM, { zone: ZONE });
  const last = DateTime.fromISO(TO, { zone: ZONE });
  const workingDays: DateTime[] = [];
  for (let date = first; date <= last; date = date.plus({ days: 1 })) if (date.weekday <= 5) workingDays.push(date);

  const epaIds = Array.from({ length: EPAS }, (_, index) => `bench-epa-${String(index + 1).padStart(2, '0')}`);
  const taken = new Set<string>();
  const busy = new Map<string, TimeSpan[]>(epaIds.map((id) => [id, []]));
  while (taken.size < BUSY_HOURS) {
    const epaId = epaIds[Math.floor(random() * EPAS)]!;
    const date = workingDays[Math.floor(random() * workingDays.length)]!;
    const hour = 9 + Math.floor(random() * 8);
    const key = `${epaId} ${date.toISODate()} ${hour}`;
    if (taken.has(key)) continue;
    taken.add(key);
    const start = date.set({ hour }).toMillis();
    busy.get(epaId)!.push({ start, end: start + DURATION_MINUTES * 60_000 });
  }
  for (const spans of busy.values()) spans.sort((a, b) => a.start - b.start);

  const now = first.minus({ weeks: 1 }).set({ hour: 9 }).toMillis();
  const range = { start: first.toMillis(), end: last.plus({ days: 1 }).toMillis() };
  const resources: SlotResource[] = epaIds.map((id) => ({ id, schedule, busy: busy.get(id)! }));
  const window = { earliest: now, latest: DateTime.fromMillis(now, { zone: ZONE }).plus({ years: 1 }).toMillis() };
  return {
    zone: ZONE,
    from: FROM,
    to: TO,
    now,
    epaIds,
    schedule,
    busy,
    query: { resources, durationMinutes: DURATION_MINUTES, intervalMinutes: DURATION_MINUTES, range, window },
  };
};
