import type { EventBridgeEvent } from 'aws-lambda';
import type { NotificationChannel } from '#domain/notification-types.ts';
import { PlanningMeetingEvent } from '#domain/planning-meeting-events.ts';
import { embeddedMetrics } from '#ports/metrics.ts';
import { NotificationRepository } from '#store/notification-repository.ts';
import { deliverNotifications } from '#use-cases/deliver-notifications.ts';
import { dependenciesBuiltBy, lambdaEnvironment } from '../dependencies.ts';
import { NotifierEnvironment } from '../lambda-environment.ts';
import type { NotifierChannel } from './notifier-channel.ts';
import { serviceDependencies } from '../service-dependencies.ts';

const environment = lambdaEnvironment(NotifierEnvironment);

/**
 * The handler of one channel's notifier (`functions/notify-<channel>/handler.ts`), each
 * the target of its own EventBridge rule and bundling only its channel's entry of the
 * registry (`channel.ts` beside the handler): its delivery and its client.
 * Throwing makes Lambda retry the event (twice, then the target's dead-letter queue):
 * when a transient failure is left, and when the channel's set-up is wrong (a
 * configuration failure, thrown by the use case). Deliveries already made are not
 * repeated (delivery records), so a retried or redriven event sends only what is missing.
 */
export const notifierHandler = <C extends NotificationChannel>({ channel, delivery, port }: NotifierChannel<C>) => {
  const dependencies = dependenciesBuiltBy(() => {
    const settings = environment();
    const deps = serviceDependencies(settings, {
      metrics: embeddedMetrics({ organisation: settings.ORGANISATION }, () => Date.now()),
      notifications: (table) => new NotificationRepository(table),
    });
    return { ...deps, ...(settings.SITE_URL ? { siteUrl: settings.SITE_URL } : {}), channels: { ...deps.channels, [channel]: port(settings, deps) } };
  });
  return async (event: EventBridgeEvent<string, unknown>): Promise<void> => {
    const report = await deliverNotifications(dependencies(), PlanningMeetingEvent.parse(event.detail), delivery);
    if (report.retry > 0) throw new Error(`${report.retry} ${channel} notification(s) failed transiently; retrying the event`);
  };
};
