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
  UNSUPPORTED_MEDIA_TYPE: 415,
  OUTSIDE_BOOKING_WINDOW: 422,
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
  UNSUPPORTED_MEDIA_TYPE: 'The request body must be JSON',
  OUTSIDE_BOOKING_WINDOW: 'Outside the booking window',
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

export const problemOf = (code: ErrorCode, detail: string, errors?: FieldError[]): Problem => ({
  type: `https://planning-meetings.dev/problems/${code.toLowerCase().replaceAll('_', '-')}`,
  title: titleOfCode[code],
  status: statusOfCode[code],
  code,
  detail,
  ...(errors && errors.length > 0 ? { errors } : {}),
});

export const internalProblem = (requestId: string): Problem => ({
  type: 'https://planning-meetings.dev/problems/internal',
  title: 'Temporarily unavailable',
  status: 503,
  code: 'INTERNAL',
  detail: `The service could not complete the request. Read the resource again before retrying, or retry with the same Idempotency-Key (request ${requestId}).`,
});
