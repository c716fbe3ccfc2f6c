// The one request function every operation goes through: auth, api-version, retries with
// back-off, one token refresh on 401, abort on close, and service errors as ChatError.
import ky, { isNetworkError, type KyInstance } from 'ky';
import { CallScope, isTimeoutReason, sleep } from './call-scope.ts';
import { ChatClientClosedError } from './chat-client-closed-error.ts';
import type { ChatClientOptions } from './chat-client-options.ts';
import { ChatError } from './chat-error.ts';
import { BodyReadError, readText } from './response-body.ts';
import { errorFromBody, invalidResponse, requestIdOf, serviceError } from './service-error.ts';
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

/** A response whose status is not a success, with what it said and the token it was sent with. */
class StatusFailure extends Error {
  override name = 'StatusFailure';
  readonly status: number;
  readonly headers: Headers;
  readonly body: unknown;
  readonly token: string;
  readonly url: string;

  constructor(response: Response, body: unknown, token: string, url: string) {
    super(`HTTP ${response.status}`);
    this.status = response.status;
    this.headers = response.headers;
    this.body = body;
    this.token = token;
    this.url = url;
  }
}

// Repeated only when the request is idempotent (the service did or may have acted).
const retryStatuses = [408, 500, 502, 504];
// Throttling means the service did not act, so any request may be repeated.
const throttleStatuses = [429, 503];
const maxHeaderDelayMs = 5 * 60 * 1000;
/** Default cap on one response body: a full page of the largest messages fits several times. */
export const defaultMaxResponseBytes = 16 * 1024 * 1024;

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

/** This machine: where a token may go over plain http (the emulator). */
export function isLoopback(hostname: string): boolean {
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
  readonly #timeout: number | false;
  readonly #totalTimeout: number | false;
  readonly #maxResponseBytes: number;

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
    this.#timeout = options.timeout ?? 30_000;
    this.#totalTimeout = options.totalTimeout ?? false;
    this.#maxResponseBytes = options.maxResponseBytes ?? defaultMaxResponseBytes;
    // ky sends one attempt and nothing else: it builds the request (method, headers, JSON body),
    // calls `fetch`, and names a failed fetch a NetworkError. The loop around it, the timeouts and
    // the body reading are ours, because ky cannot hold this client's promises. Checked in ky's
    // distribution/core/Ky.js at 2.1.0 (the `~2.1.0` range users and tests get: 2.2.0 adds 2.0 kB gz
    // to core, measured by bench/size-budget.ts) and at 2.2.0; each point holds for both unless it
    // says otherwise:
    // - its `timeout` ends at the response headers; a body is timed only by `.json()`/`.text()`
    //   after the retry loop is over, so a stalled body could not be retried. We read the body in
    //   the attempt, under the attempt's timeout and a byte cap. (2.1.0 caps no body; 2.2.0's
    //   `maxResponseSize` counts a body's bytes as they are read, but never refuses a
    //   `content-length` up front, and reading stays ours for the timeout's sake.)
    // - `afterStatusCodes` reads Retry-After and the RateLimit-Reset family, not ACS's
    //   `retry-after-ms` and `x-ms-retry-after-ms` (core/retry-timing.js); and a `ky.retry()` from
    //   `afterResponse` (the 401 refresh) counts against `retry.limit` (the limit is checked before
    //   the forced retry in #calculateRetryDelay), so with `maxRetries: 0` a rejected token could
    //   not be refreshed.
    // - `shouldRetry` answers yes or no, never how long, so a delay from those headers could
    //   only come from `afterResponse` returning `ky.retry({ delay })`: a forced retry, which
    //   also skips `retry.methods` and `shouldRetry`, so the idempotency rules would be ours again.
    // - with `throwHttpErrors`, which its status retries need, ky reads an error body itself
    //   (`#getResponseData`): capped at its own 10 MiB, not `maxResponseBytes`.
    // - its retry delay waits on the caller's signal only, and it joins signals with
    //   AbortSignal.any(); our CallScope ends every wait on close() and totalTimeout as well.
    // What ky could take over (back-off, jitter, the sleep, network-error retries) is the
    // smallest part of the loop; running both loops would add code, not remove it.
    // Redirects are not followed: the body and token must never go to another origin (in browsers
    // a manual redirect is an opaque response, which we refuse too).
    this.#ky = ky.create({
      fetch: options.fetch,
      timeout: false,
      throwHttpErrors: false,
      retry: 0,
      redirect: 'manual',
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
    if (url.username !== '' || url.password !== '') {
      throw new ChatError(
        `${operation}: the service's nextLink carries user credentials (user:password@); it is not followed.`,
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
    // The call's scope ends it on close(), the caller's signal or totalTimeout, whatever it waits for.
    const call = new CallScope(
      [this.#closer.signal, request.signal],
      this.#totalTimeout,
      `${request.operation} ran out of its totalTimeout of ${String(this.#totalTimeout)} ms.`,
    );
    try {
      return await this.#run(url, request, call);
    } catch (error) {
      throw call.signal.aborted
        ? this.#stopped(call.signal.reason, request)
        : this.#translate(error, request);
    } finally {
      call.end();
    }
  }

  async #run(url: string, request: ChatRequest, call: CallScope): Promise<ChatResponse> {
    let retries = 0;
    let refreshed = false;
    for (;;) {
      try {
        return await this.#attempt(url, request, call);
      } catch (error) {
        if (call.signal.aborted) throw error;
        // One refresh and one more attempt on a 401: a second 401 is the answer.
        const refresh = this.#credential.refreshAfterRejection?.bind(this.#credential);
        if (!refreshed && error instanceof StatusFailure && error.status === 401 && refresh) {
          refreshed = true;
          if (await call.race(refresh(error.token, call.signal))) continue;
        }
        const delay =
          retries < this.#maxRetries ? this.#retryDelay(error, request, retries + 1) : undefined;
        if (delay === undefined) throw error;
        retries += 1;
        await sleep(delay, call.signal);
      }
    }
  }

  /** How long to wait before repeating a failed attempt, or undefined not to repeat it. */
  #retryDelay(error: unknown, request: ChatRequest, retry: number): number | undefined {
    if (error instanceof StatusFailure) {
      if (throttleStatuses.includes(error.status))
        return retryAfterMs(error.headers) ?? this.#backoff(retry);
      return request.idempotent && retryStatuses.includes(error.status)
        ? this.#backoff(retry)
        : undefined;
    }
    if (isNetworkError(error) || error instanceof BodyReadError || isTimeoutReason(error))
      return request.idempotent ? this.#backoff(retry) : undefined;
    return undefined;
  }

  async #attempt(url: string, request: ChatRequest, call: CallScope): Promise<ChatResponse> {
    const { token } = await call.race(this.#credential.getToken({ abortSignal: call.signal }));
    // A credential is the caller's code: what it returns must be a token before it becomes a header.
    if (typeof token !== 'string' || !/^[\u0021-\u007e]+$/.test(token)) {
      throw new ChatError(
        `${request.operation}: the credential's getToken returned ${typeof token === 'string' ? 'a string with spaces, line breaks or non-ASCII characters' : `a ${typeof token}`}, not an access token; nothing was sent.`,
        { code: 'InvalidToken' },
      );
    }
    // The attempt's timeout runs from the request to the last byte of the body.
    const attempt = new CallScope(
      [call.signal],
      this.#timeout,
      `${request.operation} timed out; the service did not answer within ${String(this.#timeout)} ms.`,
    );
    try {
      const response = await attempt.race(
        this.#ky(url, {
          method: request.method,
          json: request.json,
          headers: {
            ...request.headers,
            authorization: `Bearer ${token}`,
            accept: 'application/json',
          },
          signal: attempt.signal,
        }),
      );
      if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) {
        void response.body?.cancel().catch(() => undefined);
        throw this.#redirected(response, request.operation);
      }
      const text = await readText(
        response,
        attempt.signal,
        this.#maxResponseBytes,
        request.operation,
      );
      let body: unknown;
      if (text !== '') {
        try {
          body = JSON.parse(text);
        } catch {
          // A non-JSON error body (a proxy's HTML page, say): the status still tells the story.
          if (response.ok) {
            throw invalidResponse(
              request.operation,
              `status ${response.status} with a body that is not JSON`,
              response.status,
              response.headers,
            );
          }
        }
      }
      if (!response.ok) throw new StatusFailure(response, body, token, url);
      // A success status with an error body is still an error.
      if (
        typeof body === 'object' &&
        body !== null &&
        ('error' in body || 'CommunicationError' in body) &&
        errorFromBody(body)
      ) {
        throw serviceError(response.status, response.headers, body, request.operation);
      }
      return { status: response.status, headers: response.headers, body };
    } catch (error) {
      // A timeout of this attempt is the attempt's failure, retried like a network error.
      throw attempt.signal.aborted && !call.signal.aborted ? attempt.signal.reason : error;
    } finally {
      attempt.end();
    }
  }

  #redirected(response: Response, operation: string): ChatError {
    const location = response.headers.get('location');
    return new ChatError(
      `${operation}: the service answered with a redirect${location ? ` to ${location}` : ''}; ` +
        'the client follows no redirects (nothing, and no token, is sent on). Check the endpoint.',
      {
        code: 'UnexpectedRedirect',
        statusCode: response.status === 0 ? undefined : response.status,
        requestId: requestIdOf(response.headers),
      },
    );
  }

  /** The error for a call that was stopped from outside: closed, out of time, or aborted. */
  #stopped(reason: unknown, request: ChatRequest): unknown {
    if (this.closed) return new ChatClientClosedError();
    if (isTimeoutReason(reason)) return this.#translate(reason, request);
    // Aborts by the caller pass through untouched, as fetch and TanStack Query expect.
    return reason;
  }

  #translate(error: unknown, request: ChatRequest): ChatError {
    if (this.closed) return new ChatClientClosedError();
    if (error instanceof ChatError) return error;
    if (error instanceof StatusFailure)
      return serviceError(error.status, error.headers, error.body, request.operation, error.url);
    if (isTimeoutReason(error)) {
      return new ChatError((error as DOMException).message, { code: 'Timeout', cause: error });
    }
    if (isNetworkError(error) || error instanceof BodyReadError) {
      const cause = error instanceof BodyReadError ? error : error.cause;
      return new ChatError(
        `${request.operation} could not reach ${this.origin}: ${cause instanceof Error ? cause.message : 'network error'}.`,
        { code: 'NetworkError', cause: error },
      );
    }
    // Nothing else may escape as a bare TypeError or RangeError.
    return new ChatError(
      `${request.operation} failed: ${error instanceof Error ? error.message : String(error)}.`,
      { code: 'RequestFailed', cause: error },
    );
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
