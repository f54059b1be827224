import { NotificationRepository } from '#store/notification-repository.ts';
import { dependenciesBuiltBy, lambdaEnvironment } from '../dependencies.ts';
import { ServiceEnvironment } from '../lambda-environment.ts';
import { serviceDependencies } from '../service-dependencies.ts';

const environment = lambdaEnvironment(ServiceEnvironment);

/** The caller's in-app notifications: this function alone among the HTTP groups reads and marks them. */
export const dependencies = dependenciesBuiltBy(() => serviceDependencies(environment(), { notifications: (table) => new NotificationRepository(table) }));
