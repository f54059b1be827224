import type { PlanningMeetingEvent } from '#domain/planning-meeting-events.ts';
import type { Page } from './page.ts';

/** Change events recorded with their change, waiting to be published (decision 0003). */
export interface Outbox {
  /** Change events not yet published, oldest first, a page at a time. */
  pending(limit: number, cursor?: string): Promise<Page<PlanningMeetingEvent>>;
  /** Recorded change events by id, published or not (kept 30 days); the ones not found are absent. */
  recorded(eventIds: readonly string[]): Promise<PlanningMeetingEvent[]>;
  /** Takes published events out of the pending ones; they stay recorded. */
  markPublished(eventIds: readonly string[], now: number): Promise<void>;
}
