/**
 * What the notifier sends through. The adapters decide how (SES, SNS, the local
 * outbox); the notifier decides what and to whom.
 */
export interface MessageContext {
  notificationType: string;
  meetingId: string;
  eventId: string;
  /** The directory user, when the recipient is one (guests have none). */
  recipientUserId: string | null;
}

export interface OutgoingEmail extends MessageContext {
  to: string;
  subject: string;
  text: string;
  ics: string;
  /** The whole MIME message as sent. */
  raw: string;
  messageId: string;
}

export interface OutgoingSms extends MessageContext {
  to: string;
  text: string;
}

export interface OutgoingInApp extends MessageContext {
  id: string;
  userId: string;
  subject: string;
  text: string;
  createdAt: string;
}

export interface EmailChannel {
  send(email: OutgoingEmail): Promise<void>;
}
export interface SmsChannel {
  send(sms: OutgoingSms): Promise<void>;
}
export interface InAppChannel {
  send(notification: OutgoingInApp): Promise<void>;
}

export interface Channels {
  email: EmailChannel;
  sms: SmsChannel;
  inApp: InAppChannel;
}

/**
 * A send that failed. Transient failures (throttling, the service down) are worth
 * retrying; permanent ones (an address the service refuses) are recorded and not retried.
 */
export class ChannelError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = 'ChannelError';
  }
}

const TRANSIENT_NAMES = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'InternalFailure',
  'InternalServerError',
  'InternalErrorException',
  'RequestTimeout',
  'TimeoutError',
]);

/** Classifies an AWS SDK error: throttling, 5xx and network trouble are transient; the rest (4xx) permanent. */
export const channelErrorOf = (error: unknown): ChannelError => {
  if (error instanceof ChannelError) return error;
  const sdk = error as { name?: string; message?: string; $retryable?: unknown; $metadata?: { httpStatusCode?: number }; code?: string };
  const status = sdk.$metadata?.httpStatusCode;
  const transient =
    sdk.$retryable !== undefined ||
    TRANSIENT_NAMES.has(sdk.name ?? '') ||
    status === undefined ||
    status >= 500 ||
    status === 429 ||
    ['ECONNRESET', 'ETIMEDOUT', 'ECONNREFUSED', 'EPIPE'].includes(sdk.code ?? '');
  return new ChannelError(`${sdk.name ?? 'Error'}: ${sdk.message ?? String(error)}`, !transient);
};
