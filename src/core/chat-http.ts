// The one request function every operation goes through: auth, api-version, retries with
// back-off, one token refresh on 401, abort on close, and service errors as ChatError.
import ky, {
  HTTPError,
  isHTTPError,
  isNetworkError,
  isTimeoutError,
  replaceOption,
  type KyInstance,
  type Options,
  type RetryOptions,
} from 'ky';

type HttpMethod = NonNullable<Options['method']>;
import { ChatClientClosedError } from './chat-client-closed-error.ts';
import type { ChatClientOptions } from './chat-client-options.ts';
import { ChatError } from './chat-error.ts';
import { errorFromBody, invalidResponse, serviceError } from './service-error.ts';
import type { TokenCredentialLike } from './token-credential.ts';
import { fail } from './validate.ts';

export interface ChatRequest {
  method: 'get' | 'post' | 'patch' | 'delete';
  /** A path below the endpoint, or (for paging) an absolute nextLink followed as given. */
  path?: string;
  nextLink?: string;
  query?: Record<string, string | number | undefined>;
  json?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Safe to repeat after a network error or 5xx (GET, DELETE, and POSTs the service de-duplicates). */
  idempotent: boolean;
  /** Names the operation in error messages. */
  operation: string;
}

export interface ChatResponse {
  status: number;
  headers: Headers;
  body: unknown;
}

interface Refreshable {
  refreshAfterRejection(
    rejected: string,
    abortSignal?: AbortSignal,
  ): Promise<{ token: string } | undefined>;
}

const retryStatuses = [408, 500, 502, 504];
// POST is repeated after a network error or 5xx only when the service de-duplicates it.
const safeMethods: readonly HttpMethod[] = ['get', 'delete', 'patch'];
const idempotentMethods: readonly HttpMethod[] = [...safeMethods, 'post'];
const throttleStatuses = [429, 503];
const maxHeaderDelayMs = 5 * 60 * 1000;

/** Delay the service asked for: retry-after-ms, x-ms-retry-after-ms, then Retry-After (seconds or date). */
export function retryAfterMs(headers: Headers): number | undefined {
  for (const name of ['retry-after-ms', 'x-ms-retry-after-ms']) {
    const value = Number(headers.get(name) ?? NaN);
    if (Number.isFinite(value) && value >= 0) return Math.min(value, maxHeaderDelayMs);
  }
  const retryAfter = headers.get('retry-after');
  if (retryAfter === null) return undefined;
  const seconds = Number(retryAfter);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, maxHeaderDelayMs);
  const date = Date.parse(retryAfter);
  return Number.isNaN(date)
    ? undefined
    : Math.min(Math.max(date - Date.now(), 0), maxHeaderDelayMs);
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}

export class ChatHttp {
  readonly endpoint: string;
  readonly origin: string;
  readonly #apiVersion: string;
  readonly #credential: TokenCredentialLike;
  readonly #closer = new AbortController();
  readonly #ky: KyInstance;
  readonly #maxRetries: number;
  readonly #retryFor: (methods: readonly HttpMethod[]) => RetryOptions;

  constructor(endpoint: URL, credential: TokenCredentialLike, options: ChatClientOptions) {
    this.endpoint = endpoint.href.replace(/\/+$/, '');
    this.origin = endpoint.origin;
    this.#apiVersion = options.apiVersion ?? '2025-03-15';
    this.#credential = credential;
    const retry = options.retryOptions ?? {};
    this.#maxRetries = retry.maxRetries ?? 3;
    const base = retry.retryDelayInMs ?? 1000;
    const cap = retry.maxRetryDelayInMs ?? 64_000;
    const backoff = (attempt: number) =>
      Math.min(base * 2 ** (attempt - 1), cap) * (0.8 + Math.random() * 0.4);
    this.#retryFor = (methods) => ({
      limit: this.#maxRetries,
      methods: [...methods],
      statusCodes: retryStatuses,
      afterStatusCodes: [],
      delay: backoff,
      jitter: false,
      backoffLimit: cap,
      retryOnTimeout: true,
    });
    this.#ky = ky.create({
      fetch: options.fetch,
      timeout: options.timeout ?? 30_000,
      totalTimeout: options.totalTimeout ?? false,
      throwHttpErrors: true,
      retry: this.#retryFor(idempotentMethods),
      hooks: {
        beforeRequest: [
          async ({ request }) => {
            // The token goes to the endpoint's own origin and nowhere else.
            if (new URL(request.url).origin !== this.origin) {
              throw new ChatError(
                `Refusing to send the access token to ${new URL(request.url).origin}.`,
                {
                  code: 'UntrustedOrigin',
                },
              );
            }
            const { token } = await this.#credential.getToken({ abortSignal: request.signal });
            request.headers.set('authorization', `Bearer ${token}`);
            request.headers.set('accept', 'application/json');
          },
        ],
        afterResponse: [
          ({ response, retryCount }) => {
            // Throttling means the service did not act, so even a non-idempotent POST may retry.
            if (!throttleStatuses.includes(response.status) || retryCount >= this.#maxRetries)
              return;
            return ky.retry({ delay: retryAfterMs(response.headers) ?? backoff(retryCount + 1) });
          },
        ],
      },
    });
  }

  get closed(): boolean {
    return this.#closer.signal.aborted;
  }

  close(): void {
    this.#closer.abort(new ChatClientClosedError());
  }

  assertOpen(): void {
    if (this.closed) throw new ChatClientClosedError();
  }

  url(path: string, query: Record<string, string | number | undefined> = {}): string {
    const url = new URL(this.endpoint + path);
    url.searchParams.set('api-version', this.#apiVersion);
    for (const [key, value] of Object.entries(query))
      if (value !== undefined) url.searchParams.set(key, String(value));
    return url.href;
  }

  /** A nextLink is followed as given, but only on the endpoint's origin: it must not carry our token elsewhere. */
  checkNextLink(nextLink: string, operation: string): string {
    let url: URL;
    try {
      url = new URL(nextLink, this.endpoint + '/');
    } catch {
      throw invalidResponse(operation, `nextLink ${JSON.stringify(nextLink)} is not a URL`);
    }
    if (url.origin !== this.origin) {
      throw new ChatError(
        `${operation}: the service's nextLink points at ${url.origin}, not ${this.origin}; the token is not sent there.`,
        { code: 'UntrustedNextLink' },
      );
    }
    return url.href;
  }

  async send(request: ChatRequest): Promise<ChatResponse> {
    this.assertOpen();
    const url = request.nextLink
      ? this.checkNextLink(request.nextLink, request.operation)
      : this.url(request.path ?? '', request.query);
    try {
      return await this.#attempt(url, request);
    } catch (error) {
      if (!(error instanceof HTTPError) || error.response.status !== 401)
        throw this.#translate(error, request);
      // One refresh and one retry: a second 401 is the answer.
      const used = error.request.headers.get('authorization')?.replace(/^Bearer /, '') ?? '';
      const refreshable = this.#credential as Partial<Refreshable>;
      const fresh = await refreshable.refreshAfterRejection?.(used, request.signal);
      if (!fresh) throw this.#translate(error, request);
      try {
        return await this.#attempt(url, request);
      } catch (second) {
        throw this.#translate(second, request);
      }
    }
  }

  async #attempt(url: string, request: ChatRequest): Promise<ChatResponse> {
    const signal = request.signal
      ? AbortSignal.any([request.signal, this.#closer.signal])
      : this.#closer.signal;
    const response = await this.#ky(url, {
      method: request.method,
      json: request.json,
      headers: request.headers,
      signal,
      // ky merges arrays by concatenation, so the per-request method list replaces, not extends.
      retry: replaceOption(this.#retryFor(request.idempotent ? idempotentMethods : safeMethods)),
    });
    const text = await response.text();
    let body: unknown;
    if (text !== '') {
      try {
        body = JSON.parse(text);
      } catch {
        throw invalidResponse(
          request.operation,
          `status ${response.status} with a body that is not JSON`,
          response.status,
          response.headers,
        );
      }
    }
    // A success status with an error body is still an error.
    if (
      body !== undefined &&
      typeof body === 'object' &&
      body !== null &&
      ('error' in body || 'CommunicationError' in body)
    ) {
      if (errorFromBody(body))
        throw serviceError(response.status, response.headers, body, request.operation);
    }
    return { status: response.status, headers: response.headers, body };
  }

  #translate(error: unknown, request: ChatRequest): unknown {
    if (this.closed) return new ChatClientClosedError();
    if (error instanceof ChatError) return error;
    if (isHTTPError(error)) {
      let data: unknown = error.data;
      if (typeof data === 'string') {
        try {
          data = JSON.parse(data);
        } catch {
          // A non-JSON error body (a proxy's HTML page, say): the status still tells the story.
        }
      }
      return serviceError(error.response.status, error.response.headers, data, request.operation);
    }
    if (isTimeoutError(error)) {
      return new ChatError(`${request.operation} timed out; the service did not answer in time.`, {
        code: 'Timeout',
        cause: error,
      });
    }
    if (isNetworkError(error)) {
      return new ChatError(
        `${request.operation} could not reach ${this.origin}: ${error.cause instanceof Error ? error.cause.message : 'network error'}.`,
        {
          code: 'NetworkError',
          cause: error,
        },
      );
    }
    // Aborts by the caller pass through untouched, as fetch and TanStack Query expect.
    return error;
  }
}

export function parseEndpoint(endpoint: unknown): URL {
  if (typeof endpoint !== 'string' || endpoint.trim() === '') {
    fail(
      'endpoint',
      'expected the resource endpoint, e.g. https://<name>.communication.azure.com.',
    );
  }
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    fail('endpoint', `${JSON.stringify(endpoint)} is not an absolute URL.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    fail('endpoint', `use an https:// URL, not ${url.protocol}.`);
  }
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
    fail(
      'endpoint',
      'a token is sent over plain http only to localhost or 127.0.0.1 (the emulator); use https.',
    );
  }
  if (url.search || url.hash || url.username) {
    fail('endpoint', 'pass the bare endpoint, without query, fragment or credentials.');
  }
  return url;
}
