import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { EventBridgeBus } from '#events/eventbridge-bus.ts';
import { embeddedMetrics } from '#ports/metrics.ts';
import { NotificationRepository } from '#store/notification-repository.ts';
import { dependenciesBuiltBy, lambdaEnvironment } from './dependencies.ts';
import { PublishingEnvironment } from './lambda-environment.ts';
import { serviceDependencies } from './service-dependencies.ts';

const environment = lambdaEnvironment(PublishingEnvironment);

/** The publisher and the sweeper: the table and the customer's bus; the sweeper counts unsettled sends. */
export const dependencies = dependenciesBuiltBy(() => {
  const settings = environment();
  return serviceDependencies(settings, {
    bus: new EventBridgeBus(new EventBridgeClient({}), settings.EVENT_BUS_NAME),
    metrics: embeddedMetrics({ organisation: settings.ORGANISATION }, () => Date.now()),
    // The sweeper resends and reports sends left unsettled.
    notifications: (table) => new NotificationRepository(table),
  });
});
