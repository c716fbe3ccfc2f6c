// The one request function every operation goes through: auth, api-version, retries with
// back-off, one token refresh on 401, abort on close, and service errors as ChatError.
import ky, { HTTPError, isHTTPError, isNetworkError, isTimeoutError, type KyInstance } from 'ky';
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

// Repeated only when the request is idempotent (the service did or may have acted).
const retryStatuses = [408, 500, 502, 504];
// Throttling means the service did not act, so any request may be repeated.
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
  readonly #backoff: (retry: number) => number;
  readonly #totalTimeout: number | false;

  constructor(endpoint: URL, credential: TokenCredentialLike, options: ChatClientOptions) {
    this.endpoint = endpoint.href.replace(/\/+$/, '');
    this.origin = endpoint.origin;
    this.#apiVersion = options.apiVersion ?? '2025-03-15';
    this.#credential = credential;
    const retry = options.retryOptions ?? {};
    this.#maxRetries = retry.maxRetries ?? 3;
    const base = retry.retryDelayInMs ?? 1000;
    const cap = retry.maxRetryDelayInMs ?? 64_000;
    this.#backoff = (n) => Math.min(base * 2 ** (n - 1), cap) * (0.8 + Math.random() * 0.4);
    this.#totalTimeout = options.totalTimeout ?? false;
    // ky makes one attempt (timeout, errors, JSON); retries, auth and throttling are ours, in
    // send(), because they follow the Azure SDKs' rules. No ky retries or hooks also means ky
    // neither clones each request nor each response.
    this.#ky = ky.create({
      fetch: options.fetch,
      timeout: options.timeout ?? 30_000,
      throwHttpErrors: true,
      retry: 0,
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
    const signals = [this.#closer.signal];
    if (request.signal) signals.push(request.signal);
    const deadline =
      this.#totalTimeout === false ? undefined : AbortSignal.timeout(this.#totalTimeout);
    if (deadline) signals.push(deadline);
    const signal = signals.length === 1 ? this.#closer.signal : AbortSignal.any(signals);
    // When the whole call ran out of time, that is the error, whatever the attempt saw.
    const stopped = (reason: unknown) =>
      this.#translate(deadline?.aborted ? deadline.reason : reason, request);
    let retries = 0;
    let refreshed = false;
    for (;;) {
      try {
        return await this.#attempt(url, request, signal);
      } catch (error) {
        if (signal.aborted) throw stopped(error);
        // One refresh and one more attempt on a 401: a second 401 is the answer.
        if (!refreshed && error instanceof HTTPError && error.response.status === 401) {
          refreshed = true;
          const used = error.request.headers.get('authorization')?.replace(/^Bearer /, '') ?? '';
          const refreshable = this.#credential as Partial<Refreshable>;
          if (await refreshable.refreshAfterRejection?.(used, signal)) continue;
        }
        const delay =
          retries < this.#maxRetries ? this.#retryDelay(error, request, retries + 1) : undefined;
        if (delay === undefined) throw this.#translate(error, request);
        retries += 1;
        await sleep(delay, signal).catch((reason: unknown) => {
          throw stopped(reason);
        });
      }
    }
  }

  /** How long to wait before repeating a failed attempt, or undefined not to repeat it. */
  #retryDelay(error: unknown, request: ChatRequest, retry: number): number | undefined {
    if (isHTTPError(error)) {
      const status = error.response.status;
      if (throttleStatuses.includes(status))
        return retryAfterMs(error.response.headers) ?? this.#backoff(retry);
      return request.idempotent && retryStatuses.includes(status)
        ? this.#backoff(retry)
        : undefined;
    }
    if (isNetworkError(error) || isTimeoutError(error))
      return request.idempotent ? this.#backoff(retry) : undefined;
    return undefined;
  }

  async #attempt(url: string, request: ChatRequest, signal: AbortSignal): Promise<ChatResponse> {
    const { token } = await this.#credential.getToken({ abortSignal: signal });
    const response = await this.#ky(url, {
      method: request.method,
      json: request.json,
      headers: { ...request.headers, authorization: `Bearer ${token}`, accept: 'application/json' },
      signal,
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
    if (isTimeoutError(error) || (error instanceof DOMException && error.name === 'TimeoutError')) {
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

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const done = () => {
      signal.removeEventListener('abort', abort);
      resolve();
    };
    const abort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', abort, { once: true });
  });
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
