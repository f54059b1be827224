import { CapacityChanges, CapacityQuery } from '#use-cases/capacity-inputs.ts';
import { CapacityChangeResults, CapacityView } from '../capacity-schemas.ts';
import type { GroupRoute } from '../route.ts';

/** Booking capacity management (SPEC §4.3) */
export const capacityRoutes = [
  {
    operationId: 'getBookingCapacity',
    method: 'GET',
    path: '/capacity',
    group: 'capacity',
    access: { kind: 'permission', permission: 'ManagePlanningCapacity' },
    summary: 'Per EPA and day: available minutes, booked minutes, utilisation and the meetings; by group (default the system group) or EPA',
    query: CapacityQuery,
    response: CapacityView,
    successStatus: 200,
  },
  {
    operationId: 'saveCapacityChanges',
    method: 'POST',
    path: '/capacity/changes',
    group: 'capacity',
    access: { kind: 'permission', permission: 'ManagePlanningCapacity' },
    summary: 'Approve, reject, reassign or reschedule up to 50 meetings; each item succeeds or fails on its own',
    body: CapacityChanges,
    response: CapacityChangeResults,
    headers: ['Idempotency-Key'],
    successStatus: 200,
    conflicts: ['IDEMPOTENCY_KEY_IN_USE'],
  },
] as const satisfies readonly GroupRoute<'capacity'>[];
