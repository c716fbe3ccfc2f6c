// CommunicationTokenCredential: the official credential's behaviour, plus the one thing a client
// needs that it lacks: refreshing a token the service has just refused.
import { abortable } from './call-scope.ts';
import { ChatError } from './chat-error.ts';
import { operationSignal, type OperationOptions } from './operation-options.ts';
import { assertOptionalObject, fail } from './validate.ts';

export interface AccessToken {
  token: string;
  /** Expiry in epoch milliseconds (the JWT `exp` claim x 1000). */
  expiresOnTimestamp: number;
}

/** As the official credential's (`abortSignal`), and `signal` as the client's operations take it. */
export type GetTokenOptions = OperationOptions;

/**
 * What `ChatClient` needs from a credential: the shape of `AzureCommunicationTokenCredential` from
 * `@azure/communication-common` (either works), plus an optional refresh after the service refused a
 * token.
 */
export interface TokenCredentialLike {
  /** A token to send; `abortSignal` ends the wait for this caller only (`signal` too, for ours). */
  getToken(options?: GetTokenOptions): Promise<AccessToken>;
  /** Stops refreshing; later `getToken` calls fail. */
  dispose(): void;
  /**
   * The client calls this once after a 401, with the token the service refused, and repeats the
   * request once with the token it resolves to; `undefined` means no other token can be had, and
   * the 401 is the answer. Implementations should refresh once for any number of callers refused
   * with the same token. Without this method (the official credential) a 401 is final.
   */
  refreshAfterRejection?(
    rejectedToken: string,
    abortSignal?: AbortSignal,
  ): Promise<AccessToken | undefined>;
}

export interface CommunicationTokenRefreshOptions {
  /**
   * Fetches a fresh token from your server. Called at most once at a time, shared by every caller
   * waiting; its signal aborts when the credential is disposed (not when one caller gives up).
   */
  tokenRefresher: (abortSignal?: AbortSignal) => Promise<string>;
  /** The token to start with; without it the first request calls the refresher. */
  token?: string;
  /** Refresh ahead of time, 10 minutes before expiry, so no request waits for a token. */
  refreshProactively?: boolean;
}

const proactiveWindowMs = 10 * 60 * 1000;
// A token this close to expiry is refreshed before use rather than sent to be refused.
const expiryMarginMs = 30 * 1000;
const maxTimerMs = 2_147_483_647;

/** The JSON payload of a JWT, unverified; throws when the token is not one. */
function jwtClaims(token: string): Record<string, unknown> {
  const base64 = token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/');
  const claims: unknown = JSON.parse(atob(base64));
  if (typeof claims !== 'object' || claims === null) throw new TypeError('not a JWT payload');
  return claims as Record<string, unknown>;
}

/** The expiry of a JWT in epoch milliseconds (its `exp` claim); throws `ChatValidationError` naming `argument` when it has none. */
export function parseTokenExpiry(token: unknown, argument = 'token'): number {
  if (typeof token !== 'string' || token.trim() === '')
    fail(argument, 'expected an ACS user access token (a JWT string).');
  let exp: unknown;
  try {
    exp = jwtClaims(token).exp;
  } catch {
    fail(argument, 'it is not a JWT: expected three base64url parts with a JSON payload.');
  }
  if (typeof exp !== 'number' || !Number.isFinite(exp))
    fail(argument, "the JWT has no numeric 'exp' claim.");
  return exp * 1000;
}

/**
 * The ACS user id a token was issued to (`8:` + the `skypeid` claim, else the `sub` claim), or
 * undefined when the token carries neither. Not verified: use it to key caches, never to authorize.
 */
export function parseTokenUserId(token: string): string | undefined {
  try {
    const claims = jwtClaims(token);
    if (typeof claims.skypeid === 'string' && claims.skypeid !== '') {
      return claims.skypeid.startsWith('8:') ? claims.skypeid : `8:${claims.skypeid}`;
    }
    if (typeof claims.sub === 'string' && claims.sub !== '') return claims.sub;
  } catch {
    // Not a JWT we can read: the caller falls back to another key.
  }
  return undefined;
}

/**
 * A user's ACS access token, static or refreshed by your `tokenRefresher`, with the official
 * credential's behaviour (one shared refresh, proactive refresh 10 minutes before expiry, an expired
 * refreshed token is an error, nothing after `dispose()`), plus `refreshAfterRejection` for a 401.
 */
export class CommunicationTokenCredential implements TokenCredentialLike {
  #current: AccessToken | undefined;
  #refresher: CommunicationTokenRefreshOptions['tokenRefresher'] | undefined;
  #refreshing: Promise<AccessToken> | undefined;
  #proactive: boolean;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #disposed = false;
  // Aborted on dispose(): the one signal a shared refresh runs with, since it belongs to no caller.
  readonly #disposer = new AbortController();
  #refreshCount = 0;

  /** @param tokenOrOptions A token string, or `{ tokenRefresher, token?, refreshProactively? }`. */
  constructor(tokenOrOptions: string | CommunicationTokenRefreshOptions) {
    if (typeof tokenOrOptions === 'string') {
      this.#current = {
        token: tokenOrOptions,
        expiresOnTimestamp: parseTokenExpiry(tokenOrOptions),
      };
      this.#proactive = false;
      return;
    }
    if (
      typeof tokenOrOptions !== 'object' ||
      tokenOrOptions === null ||
      typeof tokenOrOptions.tokenRefresher !== 'function'
    ) {
      fail('credential', 'pass a token string or { tokenRefresher, token?, refreshProactively? }.');
    }
    this.#refresher = tokenOrOptions.tokenRefresher;
    this.#proactive = tokenOrOptions.refreshProactively === true;
    if (tokenOrOptions.token !== undefined) {
      const token = tokenOrOptions.token;
      this.#current = { token, expiresOnTimestamp: parseTokenExpiry(token) };
    }
    if (this.#proactive) {
      if (this.#current) this.#schedule(this.#current);
      else void this.#refresh().catch(() => undefined);
    }
  }

  /** How many times the refresher has been called: for diagnostics and tests. */
  get refreshCount(): number {
    return this.#refreshCount;
  }

  /**
   * The current token, refreshed first when it expires within 30 s. `abortSignal` (or `signal`)
   * stops this caller's wait only; the shared refresh goes on for the others.
   */
  async getToken(options?: GetTokenOptions): Promise<AccessToken> {
    const signal = operationSignal(assertOptionalObject(options, 'options'));
    this.#assertUsable();
    const current = this.#current;
    if (current && (!this.#refresher || current.expiresOnTimestamp - expiryMarginMs > Date.now())) {
      return current;
    }
    // Each caller waits on the shared refresh with its own signal; aborting stops only its wait.
    return abortable(this.#refresh(), signal);
  }

  /**
   * Called by ChatClient when the service refused `rejectedToken` (401). Refreshes once, however
   * many requests were refused with the same token; resolves to undefined when no new token can be
   * had (a static token, or the refresher gave the same one back). `abortSignal` stops this
   * caller's wait only.
   */
  async refreshAfterRejection(
    rejectedToken: string,
    abortSignal?: AbortSignal,
  ): Promise<AccessToken | undefined> {
    this.#assertUsable();
    if (!this.#refresher) return undefined;
    if (!this.#refreshing && this.#current && this.#current.token !== rejectedToken)
      return this.#current;
    const next = await abortable(this.#refresh(), abortSignal);
    return next.token === rejectedToken ? undefined : next;
  }

  /** Stops proactive refreshing and aborts a running refresh; later `getToken` calls fail. */
  dispose(): void {
    this.#disposed = true;
    this.#disposer.abort(
      new ChatError('This CommunicationTokenCredential was disposed; create a new one.', {
        code: 'CredentialDisposed',
      }),
    );
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #assertUsable(): void {
    if (this.#disposed) {
      throw new ChatError('This CommunicationTokenCredential was disposed; create a new one.', {
        code: 'CredentialDisposed',
      });
    }
  }

  #refresh(): Promise<AccessToken> {
    // One refresh at a time: every caller that arrives meanwhile shares its promise. It runs with
    // no caller's signal, so one caller giving up never fails the others.
    this.#refreshing ??= this.#runRefresher().finally(() => {
      this.#refreshing = undefined;
    });
    return this.#refreshing;
  }

  async #runRefresher(): Promise<AccessToken> {
    const refresher = this.#refresher!;
    this.#refreshCount += 1;
    let token: string;
    try {
      token = await refresher(this.#disposer.signal);
    } catch (cause) {
      throw new ChatError(
        `The tokenRefresher failed: ${cause instanceof Error ? cause.message : String(cause)}`,
        {
          code: 'TokenRefreshFailed',
          cause,
        },
      );
    }
    const expiresOnTimestamp = parseTokenExpiry(token, 'token returned by tokenRefresher');
    if (expiresOnTimestamp <= Date.now()) {
      throw new ChatError(
        'The tokenRefresher returned a token that has already expired. Return a fresh token.',
        {
          code: 'TokenExpired',
        },
      );
    }
    const next = { token, expiresOnTimestamp };
    if (!this.#disposed) {
      this.#current = next;
      if (this.#proactive) this.#schedule(next);
    }
    return next;
  }

  #schedule(token: AccessToken): void {
    clearTimeout(this.#timer);
    const lifetime = token.expiresOnTimestamp - Date.now();
    // Short-lived tokens refresh at half their life instead of never getting a window.
    const wait =
      lifetime > proactiveWindowMs ? lifetime - proactiveWindowMs : Math.max(lifetime / 2, 1000);
    this.#timer = setTimeout(
      () => {
        void this.#refresh().catch(() => undefined);
      },
      Math.min(wait, maxTimerMs),
    );
    // Never keep a Node process alive just to refresh a token.
    (this.#timer as { unref?: () => void }).unref?.();
  }
}
