import type { HttpEvent, HttpResult } from '#api/http-handler.ts';
import { PROBLEM_CONTENT_TYPE, problemOf } from '#api/problem.ts';
import { API_HEADERS, apiOriginOf } from '#api/response-headers.ts';

/**
 * Liveness (`GET /health`, public in the route table): the function is up and
 * answers. It reads no data, takes no input and needs no settings, so it stands
 * outside the HTTP frame, whose request schemas would bring zod, and builds no client.
 * API Gateway hands it the path's other methods too (`ANY /health`): those are 405.
 */
export const handler = async (event: HttpEvent): Promise<HttpResult> => {
  if (event.routeKey !== 'GET /health') {
    const problem = problemOf('METHOD_NOT_ALLOWED', `${event.requestContext?.http?.method ?? 'This method'} is not allowed on /health`, undefined, apiOriginOf(event));
    return { statusCode: problem.status, headers: { 'content-type': PROBLEM_CONTENT_TYPE, ...API_HEADERS, allow: 'GET' }, body: JSON.stringify(problem) };
  }
  return { statusCode: 200, headers: { 'content-type': 'application/json', ...API_HEADERS }, body: JSON.stringify({ status: 'ok' }) };
};
