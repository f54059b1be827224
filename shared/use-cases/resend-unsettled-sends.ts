import { publishEvents } from './publish-pending-events.ts';
import type { Dependencies } from '#ports/dependencies.ts';
import { metricNames } from '#ports/metrics.ts';
import { CLAIM_LEFT_AFTER_MS } from '#domain/retention.ts';
import type { UnsettledSend } from '#ports/notification-store.ts';

/**
 * A send whose notifier stops every time (a message that crashes it, or a type since
 * disabled, so nobody claims it again) is delivered again this many times, then given up
 * and alarmed: about three quarters of an hour at one sweep every 15 minutes.
 */
export const MAX_RESENDS = 3;
/** More wait for the next sweep. */
const MAX_UNSETTLED_PER_SWEEP = 100;

export interface UnsettledSendsReport {
  /** Sends left unsettled whose event was delivered again, so that their notifier claims and sends them again. */
  resent: number;
  /** Sends given up: delivered again {@link MAX_RESENDS} times, or their event is gone. Each is told by one sweep only. */
  givenUp: number;
}

/** What a log line may say of a send: never its key, which holds a guest's address. */
const described = (send: UnsettledSend) => ({ eventId: send.eventId, channel: send.channel, recipient: send.recipient, claimedAt: send.claimedAt, resends: send.resends });

/**
 * Sends claimed over {@link CLAIM_LEFT_AFTER_MS} ago and never settled: their notifier
 * stopped between the claim and the settle, and the message may or may not have gone.
 * Each is sent again (at least once, decision 0003): its event is delivered to the bus
 * again, whose notifiers skip what was settled and take the old claim again, building
 * the same message (Message-ID, the invite's UID and SEQUENCE all come from the event,
 * so a calendar updates its entry rather than adding one). Counting the resend on the
 * claim first means two sweeps at once deliver it once, and bounds a send that never
 * settles. One given up is logged once and counted in `UnsettledSends`, which is alarmed.
 */
export const resendUnsettledSends = async (
  deps: Pick<Dependencies, 'notifications' | 'outbox' | 'bus' | 'logger' | 'metrics'>,
  now: number,
): Promise<UnsettledSendsReport> => {
  const unsettled = await deps.notifications.unsettledSends(now - CLAIM_LEFT_AFTER_MS, MAX_UNSETTLED_PER_SWEEP);
  const resendable = unsettled.filter((send) => send.resends < MAX_RESENDS);
  const events = new Map((await deps.outbox.recorded([...new Set(resendable.map((send) => send.eventId))])).map((event) => [event.eventId, event]));
  const resent: UnsettledSend[] = [];
  const givenUp: UnsettledSend[] = [];
  await Promise.all(
    unsettled.map(async (send) => {
      if (send.resends < MAX_RESENDS && events.has(send.eventId)) {
        if (await deps.notifications.countResend(send, now)) resent.push(send);
      } else if (await deps.notifications.giveUpUnsettled(send, now)) {
        givenUp.push(send);
      }
    }),
  );
  const again = [...new Set(resent.map((send) => send.eventId))].map((eventId) => events.get(eventId)!);
  // Already published once: delivered again, not marked again. One the bus refuses now is
  // still unsettled, and the next sweep tries it again (counted as another resend).
  const published = await publishEvents(again, { bus: deps.bus, logger: deps.logger, markPublished: async () => undefined });
  const delivered = new Set(published.published);
  for (const send of resent) {
    deps.logger.log('warn', 'notification left unsettled: sending it again', { ...described(send), delivered: delivered.has(send.eventId) });
  }
  for (const send of givenUp) {
    deps.logger.log('error', 'notification left unsettled: given up, it may not have been sent', described(send));
  }
  deps.metrics?.count(metricNames.resentSends, resent.length);
  deps.metrics?.count(metricNames.unsettledSends, givenUp.length);
  return { resent: resent.length, givenUp: givenUp.length };
};
