import type { HttpResult } from '#api/http-handler.ts';

/**
 * Liveness (`GET /health`, public in the route table): the function is up and
 * answers. It reads no data, takes no input and needs no settings, so it stands
 * outside the HTTP frame, whose request schemas would bring zod, and builds no client.
 */
export const handler = async (): Promise<HttpResult> => ({
  statusCode: 200,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ status: 'ok' }),
});
