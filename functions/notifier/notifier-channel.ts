import type { Channels } from '#channels/channel-ports.ts';
import type { NotificationChannel } from '#domain/notification-types.ts';
import type { Dependencies } from '#ports/dependencies.ts';
import type { ChannelDelivery } from '#use-cases/channel-delivery.ts';
import type { NotifierEnvironment } from '../lambda-environment.ts';

/**
 * One channel as both hosts know it: its id, its delivery (the message built and
 * sent) and how its port is built in AWS from its client. Each lives in its notifier's
 * folder (`functions/notify-<channel>/channel.ts`), so the Lambda handler imports its
 * own channel alone and bundles only its client; `channel-registry.ts` lists them all
 * for local mode, whose ports are the local outbox instead of the clients.
 */
export interface NotifierChannel<C extends NotificationChannel = NotificationChannel> {
  channel: C;
  delivery: ChannelDelivery<C>;
  port(settings: NotifierEnvironment, deps: Dependencies): Channels[C];
}
