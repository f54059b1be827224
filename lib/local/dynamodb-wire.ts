/**
 * The DynamoDB JSON protocol (awsJson1_0) as the embedded endpoint sees it: untyped bodies
 * and the error shapes the AWS SDK v3 deserialises by their `__type`.
 */
export type WireBody = Record<string, unknown>;
export type WireAttributeValue = Record<string, unknown>;
export type WireItem = Record<string, WireAttributeValue>;

export interface WireResponse {
  status: number;
  body: WireBody;
}

const DYNAMODB_ERROR = 'com.amazonaws.dynamodb.v20120810#';

/** Carries a DynamoDB error response up to the HTTP layer unchanged. */
export class WireError extends Error {
  readonly response: WireResponse;

  constructor(response: WireResponse) {
    const { message, Message, __type } = response.body;
    super(String(message ?? Message ?? __type));
    this.name = 'WireError';
    this.response = response;
  }

  /** The error name without its namespace, e.g. `ConditionalCheckFailedException`. */
  get type(): string {
    return errorType(this.response.body);
  }
}

export const errorType = (body: WireBody): string => String(body.__type ?? '').split('#').pop() ?? '';

export const validationError = (message: string): WireError =>
  new WireError({ status: 400, body: { __type: 'com.amazon.coral.validate#ValidationException', message } });

export const serializationError = (): WireError =>
  new WireError({ status: 400, body: { __type: 'com.amazon.coral.service#SerializationException' } });

export const internalServerError = (message: string): WireError =>
  new WireError({ status: 500, body: { __type: `${DYNAMODB_ERROR}InternalServerError`, message } });

export interface CancellationReason {
  Code: 'None' | 'ConditionalCheckFailed';
  Message?: string;
  Item?: WireItem;
}

/**
 * DynamoDB names the message member `Message` (capital M) for this exception, and
 * the SDK maps `CancellationReasons` onto `TransactionCanceledException` by name.
 */
export const transactionCanceled = (reasons: CancellationReason[]): WireResponse => ({
  status: 400,
  body: {
    __type: `${DYNAMODB_ERROR}TransactionCanceledException`,
    Message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons
      .map((reason) => reason.Code)
      .join(', ')}]`,
    CancellationReasons: reasons,
  },
});

export const isObject = (value: unknown): value is WireBody =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
