/**
 * Errors are values with a stable code. Only the HTTP layer decides how a code
 * becomes a status; the domain never speaks HTTP.
 */
export const errorCodes = [
  'VALIDATION_FAILED',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'INVALID_TRANSITION',
  'SLOT_UNAVAILABLE',
  'EPA_UNAVAILABLE',
  'ALREADY_BOOKED',
  'CONFLICT',
  'VERSION_MISMATCH',
  'PAYLOAD_TOO_LARGE',
  'ANSWER_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'OUTSIDE_BOOKING_WINDOW',
  'BEFORE_EPA_DATE_BOOKING_PERIOD',
  'ATTENDEE_LIMIT',
  'ALREADY_ATTENDING',
  'IDEMPOTENCY_KEY_REUSED',
  'IDEMPOTENCY_KEY_IN_USE',
  'METHOD_NOT_ALLOWED',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export interface FieldError {
  path: string;
  message: string;
}

export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly errors: FieldError[] | undefined;

  constructor(code: ErrorCode, detail: string, errors?: FieldError[]) {
    super(detail);
    this.name = 'DomainError';
    this.code = code;
    this.errors = errors;
  }
}

export const notFound = (what: string): DomainError => new DomainError('NOT_FOUND', `${what} was not found`);

export const isDomainError = (error: unknown): error is DomainError => error instanceof DomainError;
