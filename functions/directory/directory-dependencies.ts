import { DirectoryListings } from '#store/directory-listings.ts';
import { dependenciesBuiltBy, lambdaEnvironment } from '../dependencies.ts';
import { ServiceEnvironment } from '../lambda-environment.ts';
import { serviceDependencies } from '../service-dependencies.ts';

const environment = lambdaEnvironment(ServiceEnvironment);

/** The directory saves and lists users and apprentices: it alone builds their listing entries. */
export const dependencies = dependenciesBuiltBy(() => serviceDependencies(environment(), { listings: (table) => new DirectoryListings(table) }));
