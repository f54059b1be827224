import { createHttpHandler } from '#api/http-handler.ts';
import { dependencies } from '../dependencies.ts';

export const handler = createHttpHandler('health', { getHealth: async () => ({ body: { status: 'ok' } }) }, dependencies);
