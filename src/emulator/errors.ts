// The service's error shape, `{ error: { code, message, target? } }`, raised as an exception by any
// layer and turned into a response in one place (emulator.ts).

export interface CommunicationErrorBody {
  code: string;
  message: string;
  target?: string;
  details?: CommunicationErrorBody[];
}

export class ServiceError extends Error {
  readonly status: number;
  readonly code: string;
  readonly target: string | undefined;
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    code: string,
    message: string,
    options: { target?: string; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = 'ServiceError';
    this.status = status;
    this.code = code;
    this.target = options.target;
    this.headers = options.headers ?? {};
  }

  toBody(): { error: CommunicationErrorBody } {
    const error: CommunicationErrorBody = { code: this.code, message: this.message };
    if (this.target !== undefined) error.target = this.target;
    return { error };
  }
}

export const badRequest = (message: string, target?: string) =>
  new ServiceError(400, 'BadRequest', message, { target });

export const unauthorized = (message: string) =>
  new ServiceError(401, 'Unauthorized', message, {
    // Tells a client which scheme to use and why the token failed, as RFC 6750 describes.
    headers: {
      'www-authenticate': `Bearer error="invalid_token", error_description="${message.replace(/"/g, "'")}"`,
    },
  });

/**
 * The service's 403 for a caller who is not (or no longer) in the thread. Its per-case wording is not
 * documented; this is the body the REST reference shows for 403 on every chat operation.
 */
export const forbidden = (message = 'User is not allowed to perform specified action.') =>
  new ServiceError(403, 'Forbidden', message);

export const notFound = (message = 'Not found', target?: string) =>
  new ServiceError(404, 'NotFound', message, { target });

/** The three headers the Azure SDKs read a retry delay from. */
export function retryAfterHeaders(retryAfterMs: number): Record<string, string> {
  const ms = Math.max(0, Math.round(retryAfterMs));
  return {
    'retry-after': String(Math.ceil(ms / 1000)),
    'retry-after-ms': String(ms),
    'x-ms-retry-after-ms': String(ms),
  };
}

/** The service's 429: the caller reached a limit; with the delay after which it may retry, if known. */
export const tooManyRequests = (message: string, retryAfterMs?: number) =>
  new ServiceError(429, 'TooManyRequests', message, {
    headers: retryAfterMs === undefined ? {} : retryAfterHeaders(retryAfterMs),
  });

/**
 * A dropped connection, for fault injection: the Node adapter destroys the socket when it sees it,
 * and a caller of the bare Fetch handler gets a rejected promise with a TypeError, as `fetch` gives
 * on a network error.
 */
export class DroppedConnectionError extends TypeError {
  readonly stage: 'before-commit' | 'after-commit';

  constructor(stage: 'before-commit' | 'after-commit') {
    super(`fetch failed: the emulator dropped the connection (${stage})`);
    this.name = 'TypeError';
    this.stage = stage;
  }
}
