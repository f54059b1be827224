import { dependenciesBuiltBy, lambdaEnvironment } from './dependencies.ts';
import { ServiceEnvironment } from './lambda-environment.ts';
import { serviceDependencies } from './service-dependencies.ts';

const environment = lambdaEnvironment(ServiceEnvironment);

/** HTTP groups answer from the table alone: no bus, no SES or SNS client in their bundles (with the outbox, handlers never publish). */
export const dependencies = dependenciesBuiltBy(() => serviceDependencies(environment()));
