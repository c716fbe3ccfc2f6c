// ChatRealtimeClient: ACS Chat's real-time notifications without the official SDK. It speaks the
// channel the official ChatClient speaks (trouter-connection.ts), emits its ten events with its
// payloads (notification-payloads.ts), and adds what it lacks: it runs wherever fetch and
// WebSocket exist, reports every state change with the error behind it, refreshes a refused or
// expiring token through the credential, and reconnects at once when the network comes back.
import { parseEndpoint } from '../chat-http.ts';
import { ChatError } from '../chat-error.ts';
import { invalidResponse } from '../service-error.ts';
import {
  CommunicationTokenCredential,
  type AccessToken,
  type TokenCredentialLike,
} from '../token-credential.ts';
import { fail } from '../validate.ts';
import type { ChatRealtimeClientOptions, RealtimeClock } from './chat-realtime-client-options.ts';
import type { ChatRealtimeClientEvents, ChatRealtimeState } from './events.ts';
import { decodeNotification } from './notification-payloads.ts';
import { browserReconnectTrigger } from './reconnect-trigger.ts';
import { realtimeRequest } from './realtime-request.ts';
import {
  checkServiceUrl,
  openConnection,
  Unrecoverable,
  type TrouterConnection,
  type ConnectionFailure,
  type ConnectionHost,
  type ReconnectParams,
  type TrouterConfig,
} from './trouter-connection.ts';
import {
  backoffMs,
  configApiVersion,
  correlationVectorBase,
  userAgent,
  uuid,
} from './trouter-settings.ts';

type EventName = keyof ChatRealtimeClientEvents;
type Listener<K extends EventName> = (payload: ChatRealtimeClientEvents[K]) => void;

const systemClock: RealtimeClock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

// What a token must look like to travel in a header unchanged.
const headerValue = /^[\u0021-\u007e]+$/;

/** Bodies remembered to drop a second copy (two sockets overlap while switching connections). */
const recentBodies = 16;

interface Started {
  promise: Promise<void>;
  resolve: () => void;
  reject: (error: ChatError) => void;
}

function toCredential(credential: unknown): TokenCredentialLike {
  if (typeof credential === 'string') return new CommunicationTokenCredential(credential);
  const candidate = credential as Partial<TokenCredentialLike> | null;
  if (typeof candidate?.getToken !== 'function') {
    fail(
      'credential',
      "expected a CommunicationTokenCredential (ours or @azure/communication-common's) or a token string.",
    );
  }
  return candidate as TokenCredentialLike;
}

/**
 * ACS Chat's real-time notifications for one user, over the service's own channel: the official
 * `ChatClient`'s `on`/`off`, event names and payloads, and `start()`/`stop()` in place of
 * `startRealtimeNotifications()`/`stopRealtimeNotifications()`. Listeners may be attached at any
 * time and stay attached across `stop()` and `start()`.
 */
export class ChatRealtimeClient {
  readonly endpoint: string;
  readonly #credential: TokenCredentialLike;
  readonly #options: ChatRealtimeClientOptions;
  readonly #listeners = new Map<EventName, Set<(payload: never) => void>>();
  // One registration and one session per client, across restarts, as the official client.
  readonly #registrationId = uuid();
  readonly #sessionId = uuid();
  #state: ChatRealtimeState = 'stopped';
  #error: ChatError | undefined;
  #config: Promise<TrouterConfig> | undefined;
  #host: ConnectionHost | undefined;
  #current: TrouterConnection | undefined;
  #next: TrouterConnection | undefined;
  #nextClientId = 0;
  #retry: unknown;
  #rejected: string | undefined;
  #failures = 0;
  #errorsInRow = 0;
  #lastDuplicate = false;
  #reconnectParams: ReconnectParams | undefined;
  #clientId = 0;
  #attempt = 0;
  #vectorBase = '';
  #vectorCount = 0;
  #recent: string[] = [];
  #started: Started | undefined;
  #stopping: Promise<void> = Promise.resolve();
  #stopTrigger: (() => void) | undefined;

  /**
   * @param endpoint The resource endpoint, as for ChatClient (plain http only to loopback).
   * @param credential A user access token, our `CommunicationTokenCredential`, or the official
   *   `AzureCommunicationTokenCredential`: the one your ChatClient uses.
   */
  constructor(
    endpoint: string,
    credential: TokenCredentialLike | string,
    options: ChatRealtimeClientOptions = {},
  ) {
    this.endpoint = parseEndpoint(endpoint).href.replace(/\/+$/, '');
    this.#credential = toCredential(credential);
    if (typeof options !== 'object' || options === null) fail('options', 'expected an object.');
    this.#options = options;
  }

  get state(): ChatRealtimeState {
    return this.#state;
  }

  /** Why the last attempt failed, while retrying; why the client stopped, when it stopped by itself. */
  get error(): ChatError | undefined {
    return this.#error;
  }

  on<K extends EventName>(event: K, listener: Listener<K>): void {
    let listeners = this.#listeners.get(event);
    if (!listeners) this.#listeners.set(event, (listeners = new Set()));
    listeners.add(listener as (payload: never) => void);
  }

  off<K extends EventName>(event: K, listener: Listener<K>): void {
    this.#listeners.get(event)?.delete(listener as (payload: never) => void);
  }

  /**
   * Connects, and keeps connecting: resolves once connected. Rejects with a ChatError when it
   * cannot start (the configuration or the credential refuses for good), or with code
   * `RealtimeStopped` when `stop()` comes first. Failures that a retry can mend are retried with
   * back-off meanwhile, with `state` 'connecting' and `error` saying why.
   */
  start(): Promise<void> {
    if (this.#started) return this.#started.promise;
    let resolve!: () => void;
    let reject!: (error: ChatError) => void;
    const promise = new Promise<void>((yes, no) => ((resolve = yes), (reject = no)));
    // The app that does not await start() still hears of failures through `stateChanged`.
    promise.catch(() => undefined);
    const started: Started = (this.#started = { promise, resolve, reject });
    const options = this.#options;
    const fetchImpl = options.fetch ?? globalThis.fetch;
    const WebSocketImpl = options.WebSocket ?? globalThis.WebSocket;
    if (typeof fetchImpl !== 'function' || typeof WebSocketImpl !== 'function') {
      this.#halt(
        new ChatError(
          `This platform has no global ${typeof fetchImpl !== 'function' ? 'fetch' : 'WebSocket'}: pass one in ChatRealtimeClient's options.`,
          { code: 'RealtimeUnsupported' },
        ),
      );
      return promise;
    }
    const clock = options.clock ?? systemClock;
    this.#host = this.#makeHost(fetchImpl, WebSocketImpl, clock);
    this.#clientId = clock.now();
    this.#attempt = 0;
    this.#vectorBase = correlationVectorBase();
    this.#vectorCount = 0;
    this.#failures = 0;
    this.#errorsInRow = 0;
    this.#rejected = undefined;
    this.#setState('connecting', undefined);
    const trigger = options.reconnectTrigger ?? browserReconnectTrigger;
    if (trigger) this.#stopTrigger = trigger(() => this.#wake());
    // A stop still unregistering finishes first, so its DELETE cannot undo this registration.
    void this.#stopping.then(() => {
      if (this.#started === started && !this.#current) this.#connect(undefined);
    });
    return promise;
  }

  /**
   * Closes the socket, sends the registrar's DELETE (resolving once it is answered, or after its
   * retries), and reports `stopped` (and `realTimeNotificationDisconnected` when it was connected).
   */
  stop(): Promise<void> {
    const started = this.#started;
    if (!started) return this.#stopping;
    const connection = this.#current;
    const registered = connection?.registered || this.#next?.registered;
    const token = connection?.token;
    this.#teardown();
    this.#setState('stopped', undefined);
    started.reject(
      new ChatError('stop() was called before the real-time connection was made.', {
        code: 'RealtimeStopped',
      }),
    );
    if (registered && token) this.#stopping = this.#unregister(token.token);
    return this.#stopping;
  }

  #makeHost(
    fetchImpl: NonNullable<ChatRealtimeClientOptions['fetch']>,
    WebSocketImpl: NonNullable<ChatRealtimeClientOptions['WebSocket']>,
    clock: RealtimeClock,
  ): ConnectionHost {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const client = this;
    return {
      registrationId: this.#registrationId,
      sessionId: this.#sessionId,
      fetch: fetchImpl,
      WebSocket: WebSocketImpl,
      clock,
      maxFrameLength: this.#options.maxFrameLength ?? 262_144,
      get reconnectParams() {
        return client.#reconnectParams;
      },
      set reconnectParams(params) {
        client.#reconnectParams = params;
      },
      config: (signal) =>
        (this.#config ??= this.#fetchConfig(fetchImpl, clock, signal).catch((error: unknown) => {
          this.#config = undefined;
          throw error;
        })),
      token: (rejected) => this.#token(rejected),
      activityVector: () => `${this.#vectorBase}.${++this.#vectorCount}`,
      connected: (connection) => this.#connected(connection),
      failed: (connection, failure) => this.#failed(connection, failure),
      deliver: (connection, body) => this.#deliver(connection, body),
      renew: (connection, reason) => void this.#renew(connection, reason),
      messageLoss: (connection, tags) => {
        if (connection === this.#current) this.#emit('realTimeNotificationMessageLoss', { tags });
      },
    };
  }

  #emit<K extends EventName>(event: K, payload: ChatRealtimeClientEvents[K]): void {
    for (const listener of [...(this.#listeners.get(event) ?? [])]) {
      try {
        (listener as Listener<K>)(payload);
      } catch (error) {
        // A listener's bug is the app's to see, and must not stop the others or the socket.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }

  #setState(state: ChatRealtimeState, error: ChatError | undefined): void {
    const previous = this.#state;
    if (previous === state && this.#error === error) return;
    this.#state = state;
    this.#error = error;
    if (state === 'connected' && previous !== 'connected') {
      this.#emit('realTimeNotificationConnected', undefined);
    }
    if (previous === 'connected' && state !== 'connected') {
      this.#emit('realTimeNotificationDisconnected', undefined);
    }
    this.#emit('stateChanged', error ? { state, error } : { state });
  }

  #connect(rejected: string | undefined): void {
    this.#retry = undefined;
    this.#current = openConnection(
      this.#host!,
      `${this.#clientId}_${++this.#attempt}`,
      undefined,
      rejected,
    );
  }

  #connected(connection: TrouterConnection): void {
    if (connection === this.#next) {
      // The switch is made: the new connection takes over, and the old one is closed.
      const old = this.#current;
      this.#current = connection;
      this.#next = undefined;
      this.#clientId = this.#nextClientId;
      this.#attempt = 1;
      old?.close();
      this.#emit('realTimeNotificationConnected', undefined);
      return;
    }
    if (connection !== this.#current) return;
    this.#failures = 0;
    this.#errorsInRow = 0;
    this.#rejected = undefined;
    this.#setState('connected', undefined);
    this.#started?.resolve();
  }

  #failed(connection: TrouterConnection, failure: ConnectionFailure): void {
    if (connection === this.#next) {
      // The old connection still works; the service will close it if it must.
      this.#next = undefined;
      return;
    }
    if (connection !== this.#current) return;
    this.#current = undefined;
    if (failure.terminal) {
      this.#halt(failure.error);
      return;
    }
    const status = failure.status ?? 0;
    // Cached connectparams go after three failures in a row with a service error, or two dups.
    if (++this.#errorsInRow >= 3 && status >= 400 && status <= 599)
      this.#reconnectParams = undefined;
    if (failure.duplicate && this.#lastDuplicate) this.#reconnectParams = undefined;
    this.#lastDuplicate = failure.duplicate === true;
    this.#rejected = failure.rejected;
    this.#setState(this.#state === 'connecting' ? 'connecting' : 'disconnected', failure.error);
    const delay = failure.backoff ? backoffMs(this.#failures++) : 0;
    this.#retry = this.#host!.clock.setTimeout(() => this.#connect(this.#rejected), delay);
  }

  /** The network is back, or the app is in the foreground: no waiting out a back-off. */
  #wake(): void {
    if (this.#retry !== undefined) {
      this.#host!.clock.clearTimeout(this.#retry);
      this.#failures = 0;
      this.#connect(this.#rejected);
    } else {
      this.#current?.ping();
    }
  }

  #deliver(connection: TrouterConnection, body: string): boolean {
    if (connection !== this.#current) return false;
    if (this.#recent.includes(body)) return true;
    let decoded;
    try {
      decoded = decodeNotification(body, this.endpoint);
    } catch {
      return false;
    }
    if (!decoded) return false;
    this.#recent.push(body);
    if (this.#recent.length > recentBodies) this.#recent.shift();
    this.#emit(decoded[0], decoded[1] as never);
    return true;
  }

  /** Moves to a new connection (the old one keeps delivering until the new one is connected). */
  async #renew(connection: TrouterConnection, reason: 'token' | 'self' | 'other'): Promise<void> {
    if (connection !== this.#current || this.#next) return;
    let token: AccessToken | undefined;
    if (reason === 'token') {
      const old = connection.token!.token;
      try {
        token = this.#credential.refreshAfterRejection
          ? await this.#credential.refreshAfterRejection(old)
          : await this.#credential.getToken();
      } catch {
        // No new token now: the check repeats closer to the expiry.
      }
      if (connection !== this.#current || this.#next) return;
      if (!token || token.token === old) {
        connection.scheduleRenewal();
        return;
      }
    }
    if (reason === 'other') this.#reconnectParams = undefined;
    this.#nextClientId = this.#host!.clock.now();
    this.#next = openConnection(this.#host!, `${this.#nextClientId}_1`, token, undefined);
  }

  /** A token to connect with: another one than `rejected` (through the credential's refresh), or the current one. */
  async #token(rejected: string | undefined): Promise<AccessToken> {
    const credential = this.#credential;
    let token: AccessToken | undefined;
    try {
      if (rejected !== undefined && credential.refreshAfterRejection) {
        token = await credential.refreshAfterRejection(rejected);
        if (!token) {
          throw new Unrecoverable(
            new ChatError(
              'The service refused the access token and the credential has no other: give it a tokenRefresher that fetches a new one, then start() again.',
              { code: 'Unauthorized', statusCode: 401 },
            ),
          );
        }
      } else {
        token = await credential.getToken();
      }
    } catch (error) {
      if (error instanceof Unrecoverable) throw error;
      if (error instanceof ChatError) {
        throw error.code === 'CredentialDisposed' ? new Unrecoverable(error) : error;
      }
      throw new ChatError(
        `The credential's getToken failed: ${error instanceof Error ? error.message : String(error)}`,
        { code: 'TokenRefreshFailed', cause: error },
      );
    }
    if (typeof token?.token !== 'string' || !headerValue.test(token.token)) {
      throw new Unrecoverable(
        new ChatError("The credential's getToken returned something that is not an access token.", {
          code: 'InvalidToken',
        }),
      );
    }
    return token;
  }

  /**
   * The configuration, fetched once per client: where the trouter and registrar services are.
   * A 401 is retried once with a refreshed token; a refusal other than 408, 429 and 5xx, or an
   * answer without the three URLs, is final: `start()` rejects with it.
   */
  async #fetchConfig(
    fetchImpl: NonNullable<ChatRealtimeClientOptions['fetch']>,
    clock: RealtimeClock,
    signal: AbortSignal,
  ): Promise<TrouterConfig> {
    const operation = 'Fetching the real-time configuration';
    let token = (await this.#token(undefined)).token;
    for (let refreshed = false; ; refreshed = true) {
      try {
        const response = await realtimeRequest(
          { fetch: fetchImpl, clock, signal },
          operation,
          `${this.endpoint}/chat/config/realTimeNotifications?api-version=${configApiVersion}`,
          {
            // As the official client's HTTP pipeline: from the service, not a cache (a browser
            // then adds Cache-Control and Pragma: no-cache), where fetch has cache modes.
            ...(typeof Request === 'function' && 'cache' in Request.prototype
              ? { cache: 'no-store' as const }
              : {}),
            headers: {
              Authorization: `Bearer ${token}`,
              'x-ms-client-request-id': uuid(),
              'x-ms-useragent': userAgent,
            },
          },
          (status) => status === 200,
        );
        let body: Record<string, unknown> | undefined;
        try {
          body = JSON.parse(response.text) as Record<string, unknown>;
        } catch {
          // Checked below.
        }
        const { trouterServiceUrl, registrarServiceUrl, cloudType } = body ?? {};
        if (
          ![trouterServiceUrl, registrarServiceUrl, cloudType].every(
            (v) => typeof v === 'string' && v,
          )
        ) {
          throw new Unrecoverable(
            invalidResponse(
              operation,
              'expected trouterServiceUrl, registrarServiceUrl and cloudType',
            ),
          );
        }
        checkServiceUrl(trouterServiceUrl, operation);
        checkServiceUrl(registrarServiceUrl, operation);
        return {
          trouterUrl: `${trouterServiceUrl as string}/v4/a`,
          registrarUrl: `${registrarServiceUrl as string}/v3/registrations`,
          cloudType: cloudType as string,
        };
      } catch (error) {
        const status = error instanceof ChatError ? error.statusCode : undefined;
        if (status === 401 && !refreshed) {
          token = (await this.#token(token)).token;
          continue;
        }
        if (status !== undefined && status !== 408 && status !== 429 && status < 500) {
          throw new Unrecoverable(error as ChatError);
        }
        throw error;
      }
    }
  }

  /** The registrar's DELETE: a refused token is refreshed once; 5xx and network errors are tried up to three times. */
  async #unregister(token: string): Promise<void> {
    const host = this.#host!;
    const config = await this.#config?.catch(() => undefined);
    if (!config) return;
    const context = { fetch: host.fetch, clock: host.clock, signal: new AbortController().signal };
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const response = await realtimeRequest(
          context,
          'Unregistering from real-time notifications',
          `${config.registrarUrl}/${this.#registrationId}`,
          {
            method: 'DELETE',
            mode: 'cors',
            headers: { accept: 'application/json, text/javascript', 'X-Skypetoken': token },
          },
          () => true,
        );
        if (response.status === 401 && attempt === 0) {
          token = (await this.#token(token)).token;
          continue;
        }
        if (response.status < 500) return;
      } catch {
        // Retried below, as the official registrar client retries network errors.
      }
      await new Promise<void>((resolve) => host.clock.setTimeout(resolve, backoffMs(attempt)));
    }
  }

  /** Stopped by itself: no retry can mend `error`. */
  #halt(error: ChatError): void {
    const started = this.#started;
    this.#teardown();
    this.#setState('stopped', error);
    started?.reject(error);
  }

  #teardown(): void {
    this.#started = undefined;
    if (this.#retry !== undefined) this.#host?.clock.clearTimeout(this.#retry);
    this.#retry = undefined;
    this.#stopTrigger?.();
    this.#stopTrigger = undefined;
    this.#current?.close();
    this.#next?.close();
    this.#current = this.#next = undefined;
  }
}
