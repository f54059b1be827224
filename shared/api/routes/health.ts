import { Health } from '../record-schemas.ts';
import type { GroupRoute } from '../route.ts';

/** Liveness: public, and served outside the HTTP frame (functions/health). */
export const healthRoutes = [
  {
    operationId: 'getHealth',
    method: 'GET',
    path: '/health',
    group: 'health',
    access: { kind: 'public' },
    summary: 'Liveness',
    response: Health,
    successStatus: 200,
  },
] as const satisfies readonly GroupRoute<'health'>[];
