import { createHttpHandler } from '#api/http-handler.ts';
import { capacityRoutes } from '#api/routes/capacity.ts';
import { statusOfCode } from '#api/problem.ts';
import { readBookingCapacity, saveCapacityChanges } from '#use-cases/booking-capacity.ts';
import { dependencies } from '../http-dependencies.ts';

export const handler = createHttpHandler(
  'capacity',
  capacityRoutes,
  {
    getBookingCapacity: async (input) => ({ body: await readBookingCapacity(input, input.query) }),
    saveCapacityChanges: async (input) => {
      const { results } = await saveCapacityChanges(input, input.body.items, input.idempotencyKey);
      // Each item answered as its own request would be: a status, and a problem code when it failed.
      return { body: { results: results.map((result) => ({ ...result, status: result.problem ? statusOfCode[result.problem.code] : 200 })) } };
    },
  },
  dependencies,
);
