import { MINUTE_MS } from './calendar-arithmetic.ts';

/** How long a key's answer is kept (SPEC §4.1: "in the last 24 hours"). */
export const IDEMPOTENCY_SECONDS = 24 * 3600;

/**
 * A notifier settles a send within its timeout (a minute); a claim older than this was
 * left by one that stopped between claiming and settling (a crash, or its timeout while
 * the channel call was under way), and may be claimed again (decision 0003).
 */
export const CLAIM_LEFT_AFTER_MS = 5 * MINUTE_MS;
