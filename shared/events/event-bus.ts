import type { PlanningMeetingEvent } from '#domain/planning-meeting-events.ts';
import { EVENT_SOURCE } from '#domain/planning-meeting-events.ts';

export type { BusEntry, EventBus, PutOutcome } from '#ports/event-bus.ts';
import type { BusEntry } from '#ports/event-bus.ts';

export const busEntryOf = (event: PlanningMeetingEvent): BusEntry => ({
  source: EVENT_SOURCE,
  detailType: event.type,
  detail: JSON.stringify(event),
});
