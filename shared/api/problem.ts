import type { ErrorCode, FieldError } from '#domain/errors.ts';

/** The HTTP layer alone decides how a stable code becomes a status (SPEC Appendix A). */
export const statusOfCode: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  INVALID_TRANSITION: 409,
  SLOT_UNAVAILABLE: 409,
  EPA_UNAVAILABLE: 409,
  ALREADY_BOOKED: 409,
  CONFLICT: 409,
  VERSION_MISMATCH: 412,
  PAYLOAD_TOO_LARGE: 413,
  ANSWER_TOO_LARGE: 422,
  UNSUPPORTED_MEDIA_TYPE: 415,
  OUTSIDE_BOOKING_WINDOW: 422,
  BEFORE_EPA_DATE_BOOKING_PERIOD: 422,
  ATTENDEE_LIMIT: 409,
  ALREADY_ATTENDING: 409,
  IDEMPOTENCY_KEY_REUSED: 422,
  IDEMPOTENCY_KEY_IN_USE: 409,
};

const titleOfCode: Record<ErrorCode, string> = {
  VALIDATION_FAILED: 'The request is not valid',
  UNAUTHENTICATED: 'Sign-in required',
  FORBIDDEN: 'Not allowed',
  NOT_FOUND: 'Not found',
  METHOD_NOT_ALLOWED: 'Method not allowed',
  INVALID_TRANSITION: 'The meeting cannot change that way',
  SLOT_UNAVAILABLE: 'The slot is no longer available',
  EPA_UNAVAILABLE: 'The EPA is not available then',
  ALREADY_BOOKED: 'The apprentice already has a planning meeting',
  CONFLICT: 'Conflict',
  VERSION_MISMATCH: 'Changed by someone else',
  PAYLOAD_TOO_LARGE: 'The request body is too large',
  ANSWER_TOO_LARGE: 'The answer would be too large',
  UNSUPPORTED_MEDIA_TYPE: 'The request body must be JSON',
  OUTSIDE_BOOKING_WINDOW: 'Outside the booking window',
  BEFORE_EPA_DATE_BOOKING_PERIOD: 'Before the EPA date booking period',
  ATTENDEE_LIMIT: 'The meeting has as many attendees as it may',
  ALREADY_ATTENDING: 'Already attending',
  IDEMPOTENCY_KEY_REUSED: 'Idempotency key reused with a different request',
  IDEMPOTENCY_KEY_IN_USE: 'A request with this idempotency key is still running',
};

export interface Problem {
  type: string;
  title: string;
  status: number;
  code: ErrorCode | 'INTERNAL';
  detail: string;
  errors?: FieldError[];
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** What a problem that is not a domain error says: the frame's 503. */
export const INTERNAL_TITLE = 'Temporarily unavailable';

export const problemTitle = (code: ErrorCode): string => titleOfCode[code];

/**
 * Where a code's page lives, on the API's own origin: the screens' build writes one page
 * per code there (`problems/<code>.html`), which local mode serves, and in AWS the HTTP
 * API hands `/problems/*` to the screens' site.
 */
export const problemPagePath = (code: ErrorCode | 'INTERNAL'): string => `/problems/${code.toLowerCase().replaceAll('_', '-')}.html`;

/**
 * `origin` is the API's origin as the request reached it (`https://…`): the `type` is then an
 * absolute URI that a person can open to read what the code means (RFC 9457 §3.1.1). Without
 * one it is the page's path, which resolves against the request's address all the same.
 */
export const problemOf = (code: ErrorCode, detail: string, errors?: FieldError[], origin = ''): Problem => ({
  type: `${origin}${problemPagePath(code)}`,
  title: titleOfCode[code],
  status: statusOfCode[code],
  code,
  detail,
  ...(errors && errors.length > 0 ? { errors } : {}),
});

export const internalProblem = (requestId: string, origin = ''): Problem => ({
  type: `${origin}${problemPagePath('INTERNAL')}`,
  title: INTERNAL_TITLE,
  status: 503,
  code: 'INTERNAL',
  detail: `The service could not complete the request. Read the resource again before retrying, or retry with the same Idempotency-Key (request ${requestId}).`,
});
