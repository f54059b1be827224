import { healthRoutes } from './routes/health.ts';
import { directoryRoutes } from './routes/directory.ts';
import { configurationRoutes } from './routes/configuration.ts';
import { availabilityRoutes } from './routes/availability.ts';
import { bookingsRoutes } from './routes/bookings.ts';
import { calendarRoutes } from './routes/calendar.ts';
import { capacityRoutes } from './routes/capacity.ts';
import { notificationsRoutes } from './routes/notifications.ts';
import type { Route } from './route.ts';

/**
 * The one route table, kept as one table per function group (`routes/<group>.ts`), so a
 * group's function bundles its own routes' schemas and no other's (the frame takes the
 * group's table). The CDK app makes an API Gateway route per entry, the local server
 * matches requests against it, the OpenAPI document is generated from it in this order,
 * and the handler frame takes each route's schemas and permission from it.
 */
export const routes = [
  ...healthRoutes,
  ...directoryRoutes,
  ...configurationRoutes,
  ...availabilityRoutes,
  ...bookingsRoutes,
  ...calendarRoutes,
  ...capacityRoutes,
  ...notificationsRoutes,
] as const satisfies readonly Route[];

export type OperationId = (typeof routes)[number]['operationId'];
