import type { Logger } from '#api/logger.ts';
import type { MeetingRepository } from '#store/meeting-repository.ts';
import type { RecordRepository } from '#store/record-repository.ts';

/**
 * What a use case may touch besides its input. Lambda builds it from the
 * environment; the local host and the tests build it around the embedded store.
 */
export interface Dependencies {
  records: RecordRepository;
  meetings: MeetingRepository;
  /** The only clock: epoch milliseconds. */
  clock: () => number;
  /** The only source of new ids (meetings, attendees, events). */
  newId: () => string;
  logger: Logger;
  rolesClaim: string;
}
