// What ChatRealtimeClient does, as one closure: its state is local variables, which minify, where
// class fields and an interface between the client and its connections would keep their names.
// The client part: start and stop, the configuration (fetched once), tokens, retries with back-off,
// the switch to a new connection (token expiry, `trouter.reconnect`), the registrar's DELETE. The
// connection part (`openConnection`), as the official client makes one (protocol v4a): allocation
// (POST {trouter}/v4/a, or {socketio}v4/a with the cached connectparams), the socket.io 0.9
// handshake, the WebSocket; then `user.activity` twice, pings, heartbeat echoes and their
// watchdogs, the registration, and each delivery answered. A connection never retries by itself:
// it reports to the client part, which decides.
import { isLoopback } from '../chat-http.ts';
import { ChatError } from '../chat-error.ts';
import { invalidResponse } from '../service-error.ts';
import type { AccessToken, TokenCredentialLike } from '../token-credential.ts';
import { headerValue } from '../validate.ts';
import type {
  ChatRealtimeClientOptions,
  RealtimeClock,
  RealtimeWebSocket,
} from './chat-realtime-client-options.ts';
import type { ChatRealtimeClientEvents, ChatRealtimeState } from './events.ts';
import { decodeNotification } from './notification-payloads.ts';
import type { ChatRealtimeErrorCode } from './realtime-error-code.ts';
import { realtimeRequest, statusError, type RealtimeResponse } from './realtime-request.ts';
import { browserReconnectTrigger } from './reconnect-trigger.ts';
import { eventFrame, parseFrame } from './socket-io-frames.ts';
import {
  backoffMs,
  clientDescription,
  clientInfo,
  configApiVersion,
  connectMs,
  correlationVectorBase,
  maxRegistrationTokenRetries,
  maxRegistrationTtlSeconds,
  pingIntervalMs,
  pongMs,
  registrationRenewSeconds,
  registrationRetryMs,
  userActivityMs,
  userAgent,
  uuid,
  watchdogGraceMs,
} from './trouter-settings.ts';

type EventName = keyof ChatRealtimeClientEvents;

/** Calls the listeners of `event`. */
export type Emit = <K extends EventName>(event: K, payload: ChatRealtimeClientEvents[K]) => void;

/** One connection, as the client part sees it. */
interface Connection {
  /** The token this connection was made with, once it has one. */
  token: AccessToken | undefined;
  /** A registration was sent: stopping must delete it. */
  registered?: boolean;
  /** Ends the connection: `0::` to the server when the socket is open, then closes it. */
  close(): void;
  /** Checks the socket with a ping: a dead one misses its ack and is replaced. */
  ping(): void;
  /** Watches the token's expiry: shortly before it, the client moves to a connection with a new one. */
  renewal(): void;
}

/** Where the configuration says the two services are, with the official client's suffixes. */
type TrouterConfig = [trouterUrl: string, registrarUrl: string, cloudType: string];

/** Thrown by a step (or by the config and token) to end the connection for good. */
class Unrecoverable {
  readonly error: ChatError;
  constructor(error: ChatError) {
    this.error = error;
  }
}

const realtimeError = (message: string, code: ChatRealtimeErrorCode): ChatError =>
  new ChatError(message, { code });

/** A URL the token may go to: https, or http to this machine (the emulator); throws otherwise. */
function checkServiceUrl(value: unknown, what: string): URL {
  let url: URL;
  try {
    url = new URL(value as string);
  } catch {
    throw new Unrecoverable(invalidResponse(what, `${JSON.stringify(value)} is not a URL`));
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url.hostname))) {
    throw new Unrecoverable(
      realtimeError(
        `${what}: the service named ${url.origin}; a token goes over plain http only to this machine.`,
        'InsecureUrl',
      ),
    );
  }
  return url;
}

const queryOf = (params: Record<string, unknown>) =>
  Object.entries(params)
    .filter(([, value]) => typeof value === 'string' || typeof value === 'number')
    .map(([key, value]) => `${key}=${value as string}`)
    .join('&');

/** socket.io 0.9 re-reads its query as `k=v` pairs split on '&' and '=': what it sends is that. */
function chunkQuery(query: string): string {
  const pairs: Record<string, string | undefined> = {};
  for (const part of query.split('&')) {
    const [key, value] = part.split('=');
    if (key) pairs[key] = value;
  }
  return Object.entries(pairs)
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

const deprecated = () =>
  realtimeError(
    'The service no longer accepts this kind of token for real-time notifications.',
    'TokenDeprecated',
  );

const systemClock: RealtimeClock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Bodies remembered to drop a copy delivered again on the next connection (one not answered
 * before its socket went, or sent to both sockets while switching). On one socket, the same body
 * twice is two events (two typing notifications in one millisecond).
 */
const recentBodies = 16;

/**
 * The client's behaviour for one endpoint and credential: returns its `start` and `stop`. It tells
 * `report` each new state (with the error behind it), and emits through `emit`.
 */
export function realtimeSession(
  endpoint: string,
  credential: TokenCredentialLike,
  options: ChatRealtimeClientOptions,
  emit: Emit,
  report: (state: ChatRealtimeState, error: ChatError | undefined) => void,
): [start: () => Promise<void>, stop: () => Promise<void>] {
  // One registration and one session per client, across restarts, as the official client.
  const registrationId = uuid();
  const sessionId = uuid();
  let state: ChatRealtimeState = 'stopped';
  let lastError: ChatError | undefined;
  // The platform, read by each start().
  let fetchImpl: (input: string, init?: RequestInit) => Promise<Response>;
  let WebSocketImpl: new (url: string) => RealtimeWebSocket;
  let clock = systemClock;
  let maxFrameLength = 0;
  // From start() to stop(): its promise, and how it settles.
  let started: Promise<void> | undefined;
  let resolveStarted = () => {};
  let rejectStarted = (_error: ChatError) => {};
  let config: Promise<TrouterConfig> | undefined;
  let current: Connection | undefined;
  // The connection being switched to: the current one delivers until it is connected.
  let pending: Connection | undefined;
  let pendingClientId = 0;
  let retry: unknown;
  let rejected: string | undefined;
  let failures = 0;
  let errorsInRow = 0;
  let lastDuplicate = false;
  // An allocation's connectparams, kept to reconnect to the same deployment.
  let cached: [url: string, serviceUrl: string, params: Record<string, unknown>] | undefined;
  let clientId = 0;
  let attempt = 0;
  let vectorBase = '';
  let vectorCount = 0;
  const recent: [string, Connection][] = [];
  let stopping: Promise<void> = Promise.resolve();
  let stopTrigger: (() => void) | undefined;

  /** The next user-activity correlation vector. */
  const activityVector = () => `${vectorBase}.${++vectorCount}`;

  const setState = (next: ChatRealtimeState, error?: ChatError) => {
    const previous = state;
    if (previous === next && lastError === error) return;
    state = next;
    lastError = error;
    report(next, error);
    if (previous !== next) {
      if (next === 'connected') emit('realTimeNotificationConnected', undefined);
      if (previous === 'connected') emit('realTimeNotificationDisconnected', undefined);
    }
    emit('stateChanged', error ? { state: next, error } : { state: next });
  };

  const connect = () => {
    retry = undefined;
    current = openConnection(`${clientId}_${++attempt}`, undefined, rejected);
  };

  const teardown = () => {
    started = undefined;
    if (retry !== undefined) clock.clearTimeout(retry);
    retry = undefined;
    stopTrigger?.();
    stopTrigger = undefined;
    current?.close();
    pending?.close();
    current = pending = undefined;
  };

  /** Stopped by itself: no retry can mend `error`. */
  const halt = (error: ChatError) => {
    const wasStarted = started;
    const reject = rejectStarted;
    teardown();
    setState('stopped', error);
    if (wasStarted) reject(error);
  };

  /** The network is back, or the app is in the foreground: no waiting out a back-off. */
  const wake = () => {
    if (retry !== undefined) {
      clock.clearTimeout(retry);
      failures = 0;
      connect();
    } else {
      current?.ping();
    }
  };

  const connected = (connection: Connection) => {
    if (connection === pending) {
      // The switch is made: the new connection takes over, and the old one is closed.
      const old = current;
      current = connection;
      pending = undefined;
      clientId = pendingClientId;
      attempt = 1;
      old?.close();
      emit('realTimeNotificationConnected', undefined);
      return;
    }
    if (connection !== current) return;
    failures = errorsInRow = 0;
    rejected = undefined;
    setState('connected');
    if (started) resolveStarted();
  };

  /**
   * A connection failed. `backoff`: wait out the back-off before the next attempt (the official
   * client does, unless it was connected). `refused`: the token the service refused, which the next
   * attempt must replace. `terminal`: no retry can mend it. `status`: a failed allocation's HTTP
   * status. `duplicate`: the service closed the socket as a duplicate (`0:::dup`).
   */
  const failed = (
    connection: Connection,
    error: ChatError,
    backoff: boolean,
    refused?: string,
    terminal?: boolean,
    status = 0,
    duplicate = false,
  ) => {
    if (connection === pending) {
      // The old connection still works; the service will close it if it must.
      pending = undefined;
      return;
    }
    if (connection !== current) return;
    current = undefined;
    if (terminal) {
      halt(error);
      return;
    }
    // Cached connectparams go after three failures in a row with a service error, or two dups.
    if (++errorsInRow >= 3 && status >= 400 && status <= 599) cached = undefined;
    if (duplicate && lastDuplicate) cached = undefined;
    lastDuplicate = duplicate;
    rejected = refused;
    setState(state === 'connecting' ? 'connecting' : 'disconnected', error);
    retry = clock.setTimeout(connect, backoff ? backoffMs(failures++) : 0);
  };

  /** A delivery's body: true when it was an event the client emitted. */
  const deliver = (connection: Connection, body: string): boolean => {
    if (connection !== current) return false;
    if (recent.some(([seen, on]) => seen === body && on !== connection)) return true;
    let decoded;
    try {
      decoded = decodeNotification(body, endpoint);
    } catch {
      return false;
    }
    if (!decoded) return false;
    recent.push([body, connection]);
    if (recent.length > recentBodies) recent.shift();
    emit(decoded[0], decoded[1] as never);
    return true;
  };

  /**
   * Moves to a new connection (the old one keeps delivering until the new one is connected): the
   * token is about to expire, or the service asks (`self`: to this deployment; `other`: elsewhere).
   */
  const renew = async (connection: Connection, reason: 'token' | 'self' | 'other') => {
    if (connection !== current || pending) return;
    let token: AccessToken | undefined;
    if (reason === 'token') {
      const old = connection.token!.token;
      try {
        token = credential.refreshAfterRejection
          ? await credential.refreshAfterRejection(old)
          : await credential.getToken();
      } catch {
        // No new token now: the check repeats closer to the expiry.
      }
      if (connection !== current || pending) return;
      if (!token || token.token === old) {
        connection.renewal();
        return;
      }
    }
    if (reason === 'other') cached = undefined;
    pendingClientId = clock.now();
    pending = openConnection(`${pendingClientId}_1`, token, undefined);
  };

  /** A token to connect with: another one than `refused` (through the credential's refresh), or the current one. */
  const getToken = async (refused: string | undefined): Promise<AccessToken> => {
    let token: AccessToken | undefined;
    try {
      if (refused !== undefined && credential.refreshAfterRejection) {
        token = await credential.refreshAfterRejection(refused);
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
  };

  /**
   * The configuration, fetched once per client: where the trouter and registrar services are.
   * A 401 is retried once with a refreshed token; a refusal other than 408, 429 and 5xx, or an
   * answer without the three URLs, is final: `start()` rejects with it.
   */
  const fetchConfig = async (signal: AbortSignal): Promise<TrouterConfig> => {
    const operation = 'Fetching the real-time configuration';
    let token = (await getToken(undefined)).token;
    for (let refreshed = false; ; refreshed = true) {
      try {
        const response = await realtimeRequest(
          fetchImpl,
          clock,
          signal,
          operation,
          `${endpoint}/chat/config/realTimeNotifications?api-version=${configApiVersion}`,
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
        return [
          `${trouterServiceUrl as string}/v4/a`,
          `${registrarServiceUrl as string}/v3/registrations`,
          cloudType as string,
        ];
      } catch (error) {
        const status = error instanceof ChatError ? error.statusCode : undefined;
        if (status === 401 && !refreshed) {
          token = (await getToken(token)).token;
          continue;
        }
        if (status !== undefined && status !== 408 && status !== 429 && status < 500) {
          throw new Unrecoverable(error as ChatError);
        }
        throw error;
      }
    }
  };

  const getConfig = (signal: AbortSignal) =>
    (config ??= fetchConfig(signal).catch((error: unknown) => {
      config = undefined;
      throw error;
    }));

  /** The registrar's DELETE: a refused token is refreshed once; 5xx and network errors are tried up to three times. */
  const unregister = async (token: string): Promise<void> => {
    const fetchNow = fetchImpl;
    const clockNow = clock;
    const known = await config?.catch(() => undefined);
    if (!known) return;
    const signal = new AbortController().signal;
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const response = await realtimeRequest(
          fetchNow,
          clockNow,
          signal,
          'Unregistering from real-time notifications',
          `${known[1]}/${registrationId}`,
          {
            method: 'DELETE',
            mode: 'cors',
            headers: { accept: 'application/json, text/javascript', 'X-Skypetoken': token },
          },
          () => true,
        );
        if (response.status === 401 && attempt === 0) {
          token = (await getToken(token)).token;
          continue;
        }
        if (response.status < 500) return;
      } catch {
        // Retried below, as the official registrar client retries network errors.
      }
      await new Promise<void>((resolve) => clockNow.setTimeout(resolve, backoffMs(attempt)));
    }
  };

  /**
   * Starts one connection attempt and returns it at once; what happens next it reports to
   * `connected`, `failed`, `deliver`, `renew` and the message-loss event.
   * @param conNum The `con_num` value, `{clientId}_{attempt}`.
   * @param preset A token to use rather than asking for one (a switch to a renewed token).
   * @param refused The token the service refused last, which must be replaced.
   */
  function openConnection(
    conNum: string,
    preset: AccessToken | undefined,
    refused: string | undefined,
  ): Connection {
    const closer = new AbortController();
    const timers = new Set<unknown>();
    // Acks awaited, by event number: at most a ping and a user.activity at a time.
    const acks = new Map<number, () => void>();
    let token = preset;
    let socket: RealtimeWebSocket | undefined;
    let eventNumber = 0;
    let watchdog: unknown;
    let watchdogMs = 0;
    let pong: unknown;
    let connectTimer: unknown;
    let trouterUrl = '';
    let registrarUrl = '';
    let cloudType = '';
    let surl = '';
    let expiresAt = 0;
    let isConnected = false;
    let closed = false;

    const after = (ms: number, callback: () => void): unknown => {
      const timer = clock.setTimeout(() => {
        timers.delete(timer);
        callback();
      }, ms);
      timers.add(timer);
      return timer;
    };
    const cancel = (timer: unknown) => {
      timers.delete(timer);
      clock.clearTimeout(timer);
    };
    // Resolves after `ms`, or never once the connection closed (its timer is cleared).
    const sleep = (ms: number) => new Promise<void>((resolve) => after(ms, resolve));
    const request = (
      operation: string,
      url: string,
      init: RequestInit,
      accept?: (status: number) => boolean,
    ) => realtimeRequest(fetchImpl, clock, closer.signal, operation, url, init, accept);
    const send = (frame: string) => {
      if (socket?.readyState === 1) socket.send(frame);
    };
    /** An event the service must ack within `ms`, or the socket is taken for dead. */
    const emitEvent = (
      name: string,
      args: unknown[] | undefined,
      ms: number,
      onAck: () => void,
    ): unknown => {
      const timer = after(ms, () => lost(`The service did not acknowledge ${name}.`, false));
      acks.set(++eventNumber, () => {
        cancel(timer);
        onAck();
      });
      send(eventFrame(eventNumber, name, args));
      return timer;
    };

    const close = () => {
      if (closed) return;
      closed = true;
      closer.abort(realtimeError('The connection was closed.', 'ConnectionLost'));
      for (const timer of timers) clock.clearTimeout(timer);
      timers.clear();
      acks.clear();
      if (socket) {
        socket.onopen = socket.onmessage = socket.onclose = socket.onerror = null;
        send('0::');
        socket.close();
      }
    };
    /** Closes, and tells the client part (see `failed` for the arguments). */
    const end = (
      error: ChatError,
      backoff: boolean,
      refusedToken?: string,
      terminal?: boolean,
      status?: number,
      duplicate?: boolean,
    ) => {
      if (closed) return;
      close();
      failed(connection, error, backoff, refusedToken, terminal, status, duplicate);
    };
    /** The socket failed: reconnect at once when it had connected, after the back-off otherwise. */
    const lost = (
      message: string,
      backoff = !isConnected,
      refusedToken?: string,
      duplicate?: boolean,
    ) =>
      end(
        realtimeError(message, 'ConnectionLost'),
        backoff,
        refusedToken,
        false,
        undefined,
        duplicate,
      );

    const ping = () => {
      if (!isConnected || pong !== undefined) return;
      pong = emitEvent('ping', undefined, pongMs, () => (pong = undefined));
    };
    const pingEvery = () =>
      after(pingIntervalMs, () => {
        ping();
        pingEvery();
      });
    const renewal = () => {
      const left = (token?.expiresOnTimestamp ?? 0) - clock.now();
      if (left > 2000) {
        after(left > 120_000 ? left - 60_000 : left / 2, () => void renew(connection, 'token'));
      }
    };
    /** `user.activity`, acked within 10 s; after the first ack, once more 10 s later. */
    const userActivity = (remaining: number) =>
      emitEvent(
        'user.activity',
        [{ state: 'active', cv: activityVector() }],
        userActivityMs,
        () => {
          if (remaining > 1) after(userActivityMs, () => userActivity(remaining - 1));
        },
      );
    /** Restarts the silence watchdog: any frame proves the socket alive. */
    const watch = () => {
      if (!watchdogMs) return;
      cancel(watchdog);
      watchdog = after(watchdogMs, () =>
        lost(`The real-time socket was silent for ${watchdogMs} ms.`),
      );
    };

    /** The allocation: where to shake hands (socketio), and the query to send there. */
    async function allocate(): Promise<[socketio: URL, query: string]> {
      // The official client drops cached parameters within an hour of their expiry (`se`, in ms)
      // and those of another service URL.
      const expiry = Number(cached?.[2].se);
      if (cached && ((expiry && expiry <= clock.now() + 3_600_000) || cached[1] !== trouterUrl)) {
        cached = undefined;
      }
      let url = cached?.[0] ?? trouterUrl;
      url += `${url.includes('?') ? '&' : '?'}cor_id=${sessionId}&con_num=${conNum}&epid=${registrationId}`;
      if (cached) url += `&${queryOf(cached[2])}${cached[2].v ? '' : '&v=v4'}`;
      const operation = 'Allocating a real-time connection';
      const response = await request(
        operation,
        url,
        {
          method: 'POST',
          mode: 'cors',
          headers: { 'Content-Type': 'text/plain', 'X-Skypetoken': token!.token },
        },
        () => true,
      );
      if (response.headers.get('x-trouter-skypetoken-deprecated') === '1') {
        throw new Unrecoverable(deprecated());
      }
      if (response.status < 200 || response.status > 299) throw statusError(response, operation);
      const type = response.headers.get('content-type') ?? '';
      let body: Record<string, unknown> = {};
      try {
        if (type === 'application/json' || type.startsWith('application/json;')) {
          body = JSON.parse(response.text) as Record<string, unknown>;
        }
      } catch {
        // Checked below.
      }
      const { socketio, ccid, connectparams } = body;
      if (
        typeof socketio !== 'string' ||
        typeof body.url !== 'string' ||
        typeof body.surl !== 'string' ||
        !isObject(connectparams)
      ) {
        throw invalidResponse(
          operation,
          'expected JSON with socketio, url, surl and connectparams',
        );
      }
      surl = body.surl;
      cached = [`${socketio}v4/a`, trouterUrl, connectparams];
      // The query of the handshake and the WebSocket, in the official client's order.
      let query = [
        queryOf(connectparams),
        'v=v4',
        `tc=${encodeURI(clientInfo)}`,
        `timeout=${pingIntervalMs / 1000}`,
        'auth=true',
        `epid=${registrationId}`,
        `userActivity=${encodeURI(JSON.stringify({ state: 'active', cv: activityVector() }))}`,
      ].join('&');
      if (!query.includes('ccid=')) query += `&ccid=${String(ccid)}`;
      // Browsers' official client names the page's host; nothing else has one.
      const dom = (globalThis as { location?: { hostname?: unknown } }).location?.hostname;
      if (typeof dom === 'string' && dom) query += `&dom=${dom}`;
      return [
        checkServiceUrl(socketio, operation),
        chunkQuery(`${query}&cor_id=${sessionId}&con_num=${conNum}`),
      ];
    }

    async function run(): Promise<void> {
      try {
        [trouterUrl, registrarUrl, cloudType] = await getConfig(closer.signal);
        connection.token = token ??= await getToken(refused);
        // The official connection timer: from the allocation request to trouter.connected.
        connectTimer = after(connectMs, () =>
          lost(`The connection was not made within ${connectMs} ms.`, false),
        );
        const [socketio, query] = await allocate();
        // Handshake and socket at the root of socketio's host and port, whatever its path.
        const secure = socketio.protocol === 'https:' ? 's' : '';
        const origin = `${socketio.hostname}:${socketio.port || (secure ? 443 : 80)}`;
        const operation = 'The real-time handshake';
        const response = await request(
          operation,
          `http${secure}://${origin}/socket.io/1/?${query}&t=${clock.now()}`,
          { headers: { 'X-Skypetoken': token.token } },
        );
        const [sid, heartbeat, closeTimeout, transports] = response.text.split(':');
        if (!sid || !transports?.split(',').includes('websocket')) {
          throw invalidResponse(
            operation,
            'expected sid:heartbeat:close:transports offering websocket',
          );
        }
        const silences = [Number(heartbeat), Number(closeTimeout)].filter((seconds) => seconds > 0);
        if (silences.length) watchdogMs = Math.min(...silences) * 1000 + watchdogGraceMs;
        socket = new WebSocketImpl(`ws${secure}://${origin}/socket.io/1/websocket/${sid}?${query}`);
        socket.onopen = watch;
        socket.onclose = socket.onerror = () => lost('The real-time socket closed.');
        socket.onmessage = (event) => receive(event.data);
      } catch (error) {
        if (closed) return;
        if (error instanceof Unrecoverable) {
          end(error.error, false, undefined, true);
          return;
        }
        const failure =
          error instanceof ChatError
            ? error
            : new ChatError(String(error), { code: 'RequestFailed', cause: error });
        end(
          failure,
          true,
          // Refused: this token. No token yet (the credential failed): still the one refused before.
          failure.statusCode === 401 ? token?.token : token ? undefined : refused,
          false,
          failure.statusCode,
        );
      }
    }

    function receive(data: unknown): void {
      if (closed) return;
      watch();
      if (typeof data !== 'string') return;
      if (data.length > maxFrameLength) {
        // Not read, so not answered: what it carried is reported as lost, for a resync.
        if (isConnected) messageLoss([]);
        return;
      }
      const frame = parseFrame(data);
      const type = frame?.type;
      const text = frame?.data ?? '';
      if (type === '0') disconnected(text);
      else if (type === '2') send('2::');
      else if (type === '3') delivery(text);
      else if (type === '5') event(text);
      else if (type === '6') {
        const id = parseInt(text, 10);
        const onAck = acks.get(id);
        acks.delete(id);
        onAck?.();
      }
    }

    function messageLoss(tags: string[]): void {
      if (connection === current) emit('realTimeNotificationMessageLoss', { tags });
    }

    function disconnected(data: string): void {
      let reason = data;
      if (data !== '' && data !== 'dup') {
        try {
          reason = String((JSON.parse(data) as { reason?: unknown }).reason);
        } catch {
          reason = 'disconnect';
        }
      }
      if (reason === 'skypetoken-deprecated') {
        end(deprecated(), false, undefined, true);
        return;
      }
      lost(
        `The service closed the real-time socket${reason ? ` (${reason})` : ''}.`,
        !isConnected && reason !== 'dup',
        reason === 'unauthorized' ? token?.token : undefined,
        reason === 'dup',
      );
    }

    function event(data: string): void {
      let parsed: { name?: unknown; args?: unknown };
      try {
        parsed = JSON.parse(data) as typeof parsed;
      } catch {
        return;
      }
      const args = (Array.isArray(parsed.args) ? parsed.args[0] : undefined) as
        Record<string, unknown> | undefined;
      const { name } = parsed;
      if (name === 'trouter.connected') {
        if (!isConnected) trouterConnected(args?.ttl);
      } else if (!isConnected) {
        // Nothing else counts before the connection does.
      } else if (name === 'trouter.reconnect') {
        void renew(connection, args?.target === 'self' ? 'self' : 'other');
      } else if (name === 'trouter.message_loss') {
        const indicators = Array.isArray(args?.droppedIndicators)
          ? (args.droppedIndicators as unknown[]).slice(0, 100)
          : [];
        messageLoss(
          indicators
            .map((indicator) => (isObject(indicator) ? indicator.tag : undefined))
            .filter((tag): tag is string => typeof tag === 'string'),
        );
        // Told the loss was processed, the service stops repeating it.
        send(
          eventFrame(++eventNumber, 'trouter.processed_message_loss', [
            { droppedIndicators: indicators },
          ]),
        );
      }
    }

    function trouterConnected(ttl: unknown): void {
      isConnected = true;
      const seconds = parseInt(String(ttl), 10);
      if (seconds > 0) expiresAt = clock.now() + seconds * 1000;
      cancel(connectTimer);
      userActivity(2);
      pingEvery();
      connected(connection);
      if (closed) return;
      void register();
      renewal();
    }

    /** A downstream request: answered as the official client answers, then followed by a ping. */
    function delivery(data: string): void {
      if (!isConnected) return;
      let parsed: unknown;
      try {
        parsed = JSON.parse(data);
      } catch {
        return;
      }
      if (!isObject(parsed)) return;
      const receivedAt = clock.now();
      const headers = isObject(parsed.headers) ? parsed.headers : {};
      const { id, body } = parsed;
      const handled = deliver(connection, typeof body === 'string' ? body : '');
      if (closed) return;
      const answer: Record<string, string> = handled ? {} : { 'Trouter-Responder': 'ClientLib' };
      const cv = headers['MS-CV'];
      if (typeof cv === 'string' && cv) answer['MS-CV'] = `${cv}.0`;
      if (headers['trouter-request'])
        answer['trouter-request'] = String(headers['trouter-request']);
      answer['trouter-client'] = JSON.stringify({ cd: clock.now() - receivedAt });
      if (headers['trouter-is-broadcast']) {
        answer['trouter-is-broadcast'] = String(headers['trouter-is-broadcast']);
      }
      send(
        `3:::${JSON.stringify({
          id: typeof id === 'number' ? id : typeof id === 'string' ? parseFloat(id) : -1,
          status: handled ? 200 : 404,
          headers: answer,
          body: '',
        })}`,
      );
      ping();
    }

    /**
     * Registers this connection's path with the registrar, and renews it before its TTL runs out
     * when the connection outlives it. Retries as the official registrar client does: a 401 with
     * another token (at once the first time), 5xx and network errors after the back-off, anything
     * else after 123 s. Failing never disconnects: delivery does not wait for it.
     */
    async function register(): Promise<void> {
      const left = expiresAt ? Math.round((expiresAt - clock.now()) / 1000) : 0;
      const ttl = left > 0 ? Math.min(maxRegistrationTtlSeconds, left) : maxRegistrationTtlSeconds;
      const body = JSON.stringify({
        clientDescription: clientDescription(cloudType),
        registrationId,
        nodeId: '',
        transports: { TROUTER: [{ context: '', path: surl, ttl }] },
      });
      connection.registered = true;
      let currentToken = token!.token;
      let refusals = 0;
      let registrarFailures = 0;
      for (;;) {
        let response: RealtimeResponse | undefined;
        try {
          response = await request(
            'Registering for real-time notifications',
            registrarUrl,
            {
              method: 'POST',
              mode: 'cors',
              headers: {
                'content-type': 'application/json',
                accept: 'application/json, text/javascript',
                'X-Skypetoken': currentToken,
              },
              body,
            },
            () => true,
          );
        } catch {
          if (closed) return;
        }
        const status = response?.status ?? 0;
        if (status >= 200 && status < 300) break;
        if (status === 401 && ++refusals <= maxRegistrationTokenRetries) {
          currentToken = await getToken(currentToken).then(
            (next) => next.token,
            () => currentToken,
          );
          if (closed) return;
          if (refusals > 1) await sleep(backoffMs(registrarFailures++));
        } else if (status && status < 500) {
          after(registrationRetryMs, () => void register());
          return;
        } else {
          await sleep(backoffMs(registrarFailures++));
        }
      }
      if (left > maxRegistrationTtlSeconds && ttl > registrationRenewSeconds) {
        after((ttl - registrationRenewSeconds) * 1000, () => void register());
      }
    }

    const connection: Connection = { token, close, ping, renewal };
    void run();
    return connection;
  }

  /**
   * Connects, and keeps connecting: resolves once connected. See ChatRealtimeClient's `start`.
   */
  const start = (): Promise<void> => {
    if (started) return started;
    let resolve!: () => void;
    let reject!: (error: ChatError) => void;
    const promise = new Promise<void>((yes, no) => ((resolve = yes), (reject = no)));
    // The app that does not await start() still hears of failures through `stateChanged`.
    promise.catch(() => undefined);
    started = promise;
    resolveStarted = resolve;
    rejectStarted = reject;
    const fetchOption = options.fetch ?? globalThis.fetch;
    const WebSocketOption = options.WebSocket ?? globalThis.WebSocket;
    if (typeof fetchOption !== 'function' || typeof WebSocketOption !== 'function') {
      halt(
        new ChatError(
          `This platform has no global ${typeof fetchOption !== 'function' ? 'fetch' : 'WebSocket'}: pass one in ChatRealtimeClient's options.`,
          { code: 'RealtimeUnsupported' },
        ),
      );
      return promise;
    }
    fetchImpl = fetchOption;
    WebSocketImpl = WebSocketOption;
    clock = options.clock ?? systemClock;
    maxFrameLength = options.maxFrameLength ?? 262_144;
    clientId = clock.now();
    attempt = vectorCount = failures = errorsInRow = 0;
    vectorBase = correlationVectorBase();
    rejected = undefined;
    setState('connecting');
    const trigger = options.reconnectTrigger ?? browserReconnectTrigger;
    if (trigger) stopTrigger = trigger(wake);
    // A stop still unregistering finishes first, so its DELETE cannot undo this registration.
    void stopping.then(() => {
      if (started === promise && !current) connect();
    });
    return promise;
  };

  /** See ChatRealtimeClient's `stop`. */
  const stop = (): Promise<void> => {
    if (!started) return stopping;
    const registered = current?.registered || pending?.registered;
    const token = current?.token;
    const reject = rejectStarted;
    teardown();
    setState('stopped');
    reject(
      new ChatError('stop() was called before the real-time connection was made.', {
        code: 'RealtimeStopped',
      }),
    );
    if (registered && token) stopping = unregister(token.token);
    return stopping;
  };

  return [start, stop];
}
