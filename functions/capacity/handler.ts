import { createHttpHandler } from '#api/http-handler.ts';
import { readBookingCapacity, saveCapacityChanges } from '#use-cases/booking-capacity.ts';
import { dependencies } from '../dependencies.ts';

export const handler = createHttpHandler(
  'capacity',
  {
    getBookingCapacity: async (input) => ({ body: await readBookingCapacity(input, input.query) }),
    saveCapacityChanges: async (input) => ({ body: await saveCapacityChanges(input, input.body.items, input.idempotencyKey) }),
  },
  dependencies,
);
