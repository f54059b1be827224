// The ports themselves live in shared/ports/channels.ts; the adapters and the use cases share these failure kinds.
export type { Channels, EmailChannel, InAppChannel, MessageContext, OutgoingEmail, OutgoingInApp, OutgoingSms, SmsChannel } from '#ports/channels.ts';

/**
 * Why a send failed, which decides what happens next (README, Operations):
 * - `transient`: throttling, quotas, the service or the network down. Retried here,
 *   then by redelivering the event.
 * - `permanent`: this message or recipient is refused (a malformed number, an address
 *   SES will not send to). Recorded as failed; the other recipients are still told.
 * - `configuration`: nothing will go out until someone fixes the account or the stack
 *   (access denied, an unverified identity in the SES sandbox, sending paused, a
 *   missing configuration set). The invocation fails, so the event ends in the
 *   dead-letter queue and can be redriven once fixed.
 */
export type ChannelFailureKind = 'transient' | 'permanent' | 'configuration';

/** A send that failed: a stable `code` (the SDK error name) and a message without personal data. */
export class ChannelError extends Error {
  constructor(
    message: string,
    readonly kind: ChannelFailureKind,
    readonly code: string = 'Error',
  ) {
    super(message);
    this.name = 'ChannelError';
  }
}

const TRANSIENT_NAMES = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'TooManyRequestsException',
  // SES: the daily quota or the sending rate; both recover without anyone acting.
  'LimitExceededException',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'InternalFailure',
  'InternalServerError',
  'InternalErrorException',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
  'KMSThrottlingException',
  // DynamoDB (the in-app channel), once the SDK's own retries are spent.
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
]);

/** Errors that say the account, its identities or the stack are wrong, not the message. */
const CONFIGURATION_NAMES = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'AuthorizationErrorException',
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'InvalidSignatureException',
  'ExpiredTokenException',
  'CredentialsProviderError',
  'InvalidSecurityException',
  // SES: the account may not send, or the MAIL FROM domain or the configuration set is not set up.
  'AccountSuspendedException',
  'SendingPausedException',
  'MailFromDomainNotVerifiedException',
  'NotFoundException',
  'ConfigurationSetDoesNotExistException',
  // DynamoDB (the in-app channel): the table is not there.
  'ResourceNotFoundException',
  // SNS: the key of an encrypted topic, or the account's SMS set-up.
  'KMSAccessDeniedException',
  'KMSDisabledException',
  'KMSNotFoundException',
  'KMSInvalidStateException',
]);

const NETWORK_CODES = new Set(['ECONNRESET', 'ETIMEDOUT', 'ECONNREFUSED', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);

/** SES in the sandbox refuses unverified identities (sender or recipient) with MessageRejected; so does an unverified sender. */
const UNVERIFIED_IDENTITY = /not verified|not authorized to send/i;

/**
 * Provider messages may quote the address or number they refused; logs and delivery
 * records keep the reason without them.
 */
export const withoutPersonalData = (message: string): string =>
  message.replace(/[^\s<>"'(),;:]+@[^\s<>"'(),;:]+/g, '<email>').replace(/\+\d[\d\s().-]{6,}\d/g, '<phone>');

/**
 * Classifies an AWS SDK error. Throttling, 5xx and network trouble are transient;
 * access and identity errors are configuration; the rest (4xx) permanent.
 */
export const channelErrorOf = (error: unknown): ChannelError => {
  if (error instanceof ChannelError) return error;
  const sdk = (typeof error === 'object' && error !== null ? error : {}) as {
    name?: string;
    message?: string;
    $retryable?: unknown;
    $metadata?: { httpStatusCode?: number };
    code?: string;
  };
  const name = sdk.name ?? 'Error';
  const code = NETWORK_CODES.has(sdk.code ?? '') ? sdk.code! : name;
  const message = withoutPersonalData(`${name}: ${sdk.message ?? String(error)}`);
  const status = sdk.$metadata?.httpStatusCode;
  if (CONFIGURATION_NAMES.has(name) || status === 403 || (name === 'MessageRejected' && UNVERIFIED_IDENTITY.test(sdk.message ?? ''))) {
    return new ChannelError(message, 'configuration', code);
  }
  const transient =
    sdk.$retryable !== undefined ||
    TRANSIENT_NAMES.has(name) ||
    NETWORK_CODES.has(sdk.code ?? '') ||
    status === undefined ||
    status >= 500 ||
    status === 429;
  return new ChannelError(message, transient ? 'transient' : 'permanent', code);
};
