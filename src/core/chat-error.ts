import type { ChatErrorCode } from './chat-error-code.ts';
import type { ChatErrorDetail } from './chat-error-detail.ts';

// A registered symbol, so the type guards work across realms and duplicate copies of the library.
const brand = Symbol.for('react-acs-chat.ChatError');

export interface ChatErrorOptions {
  code: ChatErrorCode;
  statusCode?: number;
  target?: string;
  details?: ChatErrorDetail[];
  innerError?: ChatErrorDetail;
  requestId?: string;
  cause?: unknown;
}

/**
 * Every failure the library reports: the service's errors (with its HTTP status and `code`),
 * network failures and timeouts (no status), and the subclasses for bad input and a closed client.
 */
export class ChatError extends Error {
  override name = 'ChatError';
  /** The service's error code (`Unauthorized`, `NotFound`, ...) or ours (`NetworkError`, `Timeout`, ...). */
  readonly code: ChatErrorCode;
  /** The HTTP status, when the service answered. */
  readonly statusCode?: number;
  readonly target?: string;
  readonly details?: ChatErrorDetail[];
  readonly innerError?: ChatErrorDetail;
  /** The service's request id (`ms-cv` / `x-ms-request-id`): quote it when asking Azure support. */
  readonly requestId?: string;
  readonly [brand] = true;

  /** @param message What went wrong and what to do. @param options The code and what the service said. */
  constructor(message: string, options: ChatErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = options.code;
    this.statusCode = options.statusCode;
    this.target = options.target;
    this.details = options.details;
    this.innerError = options.innerError;
    this.requestId = options.requestId;
  }
}

/** True for any error this library throws, including `ChatValidationError`. */
export function isChatError(error: unknown): error is ChatError {
  return typeof error === 'object' && error !== null && brand in error;
}
