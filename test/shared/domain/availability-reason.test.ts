import { describe, expect, it } from 'vitest';
import {
  AvailabilityReason,
  availabilityReasonCodes,
  availabilityReasonDescriptions,
  explainSlots,
} from '#domain/availability-reason.ts';
import type { BookingWindow } from '#domain/booking-window.ts';
import type { BusyInterval, SlotResource } from '#domain/slot-engine.ts';
import { hours, resource, utc, weekly } from '../../support/availability-fixtures.ts';

// One EPA working Monday 2027-01-04 and Tuesday 09:00–11:00 London.
const epa = (busy: BusyInterval[] = [], maxMeetingsPerDay: number | null = null): SlotResource =>
  resource('epa-1', { weekly: weekly({ mon: hours('09:00-11:00'), tue: hours('09:00-11:00') }), maxMeetingsPerDay }, busy);

const window = (earliest: string, latest: string): BookingWindow => ({ earliest: utc(earliest), latest: utc(latest) });
const busy = (start: string, end: string): BusyInterval => ({ start: utc(start), end: utc(end) });

describe('why there are no slots', () => {
  it.each([
    {
      case: 'slots offered: no reason',
      resources: [epa()],
      from: '2027-01-04T00:00',
      to: '2027-01-05T00:00',
      window: window('2027-01-01T00:00', '2027-06-01T00:00'),
      reason: null,
    },
    {
      case: 'the range ends before the window starts',
      resources: [epa()],
      from: '2027-01-04T00:00',
      to: '2027-01-05T00:00',
      window: window('2027-01-06T10:15', '2027-03-01T10:15'),
      reason: 'OUTSIDE_BOOKING_WINDOW',
    },
    {
      case: 'the range starts after the window ends',
      resources: [epa()],
      from: '2027-04-05T00:00',
      to: '2027-04-06T00:00',
      window: window('2027-01-02T10:15', '2027-03-01T10:15'),
      reason: 'OUTSIDE_BOOKING_WINDOW',
    },
    {
      case: 'the range meets the window only outside working hours (the working day is too soon)',
      resources: [epa()],
      from: '2027-01-04T00:00',
      to: '2027-01-05T00:00',
      window: window('2027-01-04T12:00', '2027-03-01T10:15'),
      reason: 'OUTSIDE_BOOKING_WINDOW',
    },
    {
      case: 'every working slot is busy',
      resources: [epa([busy('2027-01-04T09:00', '2027-01-04T11:00')])],
      from: '2027-01-04T00:00',
      to: '2027-01-05T00:00',
      window: window('2027-01-01T00:00', '2027-06-01T00:00'),
      reason: 'FULLY_BOOKED',
    },
    {
      case: 'the daily maximum is reached',
      resources: [epa([busy('2027-01-04T18:00', '2027-01-04T19:00')], 1)],
      from: '2027-01-04T00:00',
      to: '2027-01-05T00:00',
      window: window('2027-01-01T00:00', '2027-06-01T00:00'),
      reason: 'FULLY_BOOKED',
    },
    {
      case: 'fully booked inside the window, free before it: the window is not the reason',
      resources: [epa([busy('2027-01-05T09:00', '2027-01-05T11:00')])],
      from: '2027-01-04T00:00',
      to: '2027-01-06T00:00',
      window: window('2027-01-05T00:00', '2027-06-01T00:00'),
      reason: 'FULLY_BOOKED',
    },
    {
      case: 'nobody works in the range (a weekend)',
      resources: [epa()],
      from: '2027-01-09T00:00',
      to: '2027-01-11T00:00',
      window: window('2027-01-01T00:00', '2027-06-01T00:00'),
      reason: 'NO_WORKING_HOURS',
    },
    {
      case: 'the working hours are too short for one meeting',
      resources: [resource('epa-1', { weekly: weekly({ mon: hours('09:00-09:30') }) })],
      from: '2027-01-04T00:00',
      to: '2027-01-05T00:00',
      window: undefined,
      reason: 'NO_WORKING_HOURS',
    },
    {
      case: 'no resources at all',
      resources: [],
      from: '2027-01-04T00:00',
      to: '2027-01-05T00:00',
      window: undefined,
      reason: 'NO_WORKING_HOURS',
    },
  ] as Array<{ case: string; resources: SlotResource[]; from: string; to: string; window: BookingWindow | undefined; reason: string | null }>)(
    '$case → $reason',
    ({ resources, from, to, window: bookingWindow, reason }) => {
      const result = explainSlots({
        resources,
        durationMinutes: 60,
        intervalMinutes: 60,
        range: { start: utc(from), end: utc(to) },
        ...(bookingWindow === undefined ? {} : { window: bookingWindow }),
      });
      expect(result.reason).toBe(reason);
      expect(result.slots.length > 0).toBe(reason === null);
    },
  );

  it('publishes every code with a description, as a zod enum the API can document', () => {
    expect(AvailabilityReason.options).toEqual([...availabilityReasonCodes]);
    expect(Object.keys(availabilityReasonDescriptions).sort()).toEqual([...availabilityReasonCodes].sort());
    expect(availabilityReasonCodes).toEqual(
      expect.arrayContaining(['NO_EPA_ASSIGNED', 'GROUP_NOT_CONFIGURED', 'OUTSIDE_BOOKING_WINDOW', 'FULLY_BOOKED', 'NO_WORKING_HOURS']),
    );
  });
});
