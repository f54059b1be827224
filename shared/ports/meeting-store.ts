import type { PlanningMeeting } from '#domain/planning-meeting.ts';
import type { PlanningMeetingEvent } from '#domain/planning-meeting-events.ts';
import type { ClaimedInterval, EpaClaim } from '#domain/time-claims.ts';
import type { AnsweredKey } from './idempotency-store.ts';
import type { Page } from './page.ts';

export interface StoredMeeting {
  meeting: PlanningMeeting;
  /** The claim units written for it (decision 0002), kept so a release frees exactly those. */
  claimUnits: string[];
}

export interface HistoryEntry {
  at: string;
  by: string;
  type: string;
  version: number;
  change: Record<string, unknown>;
}

/** One claim item as a change rewrites it (decision 0002). */
export interface ClaimWrite {
  epaId: string;
  unit: string;
  intervals: ClaimedInterval[];
  /** The version read; 0 when the item did not exist. */
  expectedVersion: number;
}

/** One change of one meeting, written all at once or not at all. */
export interface MeetingWrite {
  meeting: PlanningMeeting;
  claimUnits: string[];
  /** The meeting version read; 0 for a new meeting. */
  expectedVersion: number;
  claims: ClaimWrite[];
  activeMeeting?: { apprenticeId: string; action: 'claim' | 'release' };
  history: HistoryEntry[];
  events: PlanningMeetingEvent[];
  idempotency?: AnsweredKey;
}

/** Planning meetings, their history, markers and reminders. */
export interface MeetingStore {
  get(meetingId: string): Promise<StoredMeeting | undefined>;
  /** The id of the apprentice's provisional or confirmed meeting, if any. */
  activeMeetingOf(apprenticeId: string): Promise<string | undefined>;
  /**
   * The meeting, its claims, the apprentice's marker, its history, its change events and
   * its idempotency answer, all at once or not at all; a refusal is thrown as a
   * `MeetingWriteConflict` naming which conditions failed.
   */
  commit(write: MeetingWrite): Promise<void>;
  history(meetingId: string): Promise<HistoryEntry[]>;
  /** Meetings of one index partition (an apprentice, an EPA or a status) whose start is in [from, to), by start, a page at a time. */
  list(
    index: 'gsi1' | 'gsi2' | 'gsi3',
    partition: string,
    range: { from?: string | undefined; to?: string | undefined },
    page: { limit: number; cursor?: string | undefined; statuses?: readonly string[] | undefined },
  ): Promise<Page<PlanningMeeting>>;
  /** Whether the reminder of this start was written already (sent, or decided against). */
  reminderWritten(meetingId: string, start: string): Promise<boolean>;
  /** Records the reminder of the meeting's start (with its event when sent) while the meeting is as read, once per start; false when refused. */
  recordReminder(meeting: PlanningMeeting, event: PlanningMeetingEvent | null): Promise<boolean>;
}

/** The EPAs' time claims (decision 0002), always read consistently. */
export interface ClaimStore {
  /** Named claims, each once; a missing claim is an empty claim at version 0. */
  read(wanted: ReadonlyArray<{ epaId: string; unit: string }>): Promise<EpaClaim[]>;
  /** Every claim the EPAs hold on the UTC dates that [start, end) touches; only claims that exist are answered. */
  readBetween(epaIds: readonly string[], start: number, end: number): Promise<EpaClaim[]>;
}
