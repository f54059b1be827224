import type { Logger } from '#api/logger.ts';
import type { RecordRepository } from '#store/record-repository.ts';

/**
 * What a use case may touch besides its input. Lambda builds it from the
 * environment; the local host and the tests build it around the embedded store.
 */
export interface Dependencies {
  records: RecordRepository;
  /** The only clock: epoch milliseconds. */
  clock: () => number;
  logger: Logger;
  rolesClaim: string;
}
