/** One event as the bus takes it (EventBridge PutEvents entry). */
export interface BusEntry {
  source: string;
  detailType: string;
  detail: string;
}

/** Which entries of a put the bus did not take, by their index in the put. */
export interface PutOutcome {
  failed: Array<{ index: number; code: string; message: string }>;
}

/** The port the publisher sends through: EventBridge in AWS, the in-process bus locally. */
export interface EventBus {
  put(entries: readonly BusEntry[]): Promise<PutOutcome>;
}
