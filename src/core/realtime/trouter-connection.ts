// One connection to ACS's real-time channel, from its allocation to its close, as the official
// client makes it (protocol v4a): allocation (POST {trouter}/v4/a, or {socketio}v4/a with the
// cached connectparams), the socket.io 0.9 handshake, the WebSocket; then `user.activity` twice,
// pings, heartbeat echoes and their watchdogs, the registration, and each delivery answered. It
// reports to its host (the ChatRealtimeClient) and never retries by itself: the host decides.
// Written as a closure rather than a class: its state is local variables, which minify.
import { ChatError } from '../chat-error.ts';
import { invalidResponse } from '../service-error.ts';
import type { AccessToken } from '../token-credential.ts';
import type {
  RealtimeClock,
  RealtimeWebSocket,
  RealtimeWebSocketConstructor,
} from './chat-realtime-client-options.ts';
import type { ChatRealtimeErrorCode } from './realtime-error-code.ts';
import { realtimeRequest, statusError, type RealtimeResponse } from './realtime-request.ts';
import { eventFrame, parseFrame } from './socket-io-frames.ts';
import {
  backoffMs,
  clientDescription,
  clientInfo,
  maxRegistrationTokenRetries,
  maxRegistrationTtlSeconds,
  registrationRenewSeconds,
  timeouts,
} from './trouter-settings.ts';

/** Where the configuration says the two services are, with the official client's suffixes. */
export interface TrouterConfig {
  trouterUrl: string;
  registrarUrl: string;
  cloudType: string;
}

/** An allocation's connectparams, kept to reconnect to the same deployment. */
export interface ReconnectParams {
  url: string;
  serviceUrl: string;
  params: Record<string, unknown>;
}

export interface ConnectionFailure {
  error: ChatError;
  /** Wait out the back-off before the next attempt (the official client does, unless it was connected). */
  backoff: boolean;
  /** The token the service refused: the next attempt needs another. */
  rejected?: string;
  /** No retry can mend it. */
  terminal?: boolean;
  /** The HTTP status of a failed allocation. */
  status?: number;
  /** The service closed the socket as a duplicate (`0:::dup`). */
  duplicate?: boolean;
}

/** What a connection needs from the client that runs it, and tells it. */
export interface ConnectionHost {
  readonly registrationId: string;
  readonly sessionId: string;
  readonly fetch: (input: string, init?: RequestInit) => Promise<Response>;
  readonly WebSocket: RealtimeWebSocketConstructor;
  readonly clock: RealtimeClock;
  readonly maxFrameLength: number;
  reconnectParams: ReconnectParams | undefined;
  config(signal: AbortSignal): Promise<TrouterConfig>;
  /** The token to connect with; another one than `rejected`, when given. */
  token(rejected: string | undefined): Promise<AccessToken>;
  /** The next user-activity correlation vector. */
  activityVector(): string;
  connected(connection: TrouterConnection): void;
  failed(connection: TrouterConnection, failure: ConnectionFailure): void;
  /** A delivery's body; true when it was an event the client emitted. */
  deliver(connection: TrouterConnection, body: string): boolean;
  /** Time to move to a new connection: the token is about to expire, or the service asks. */
  renew(connection: TrouterConnection, reason: 'token' | 'self' | 'other'): void;
  messageLoss(connection: TrouterConnection, tags: string[]): void;
}

export interface TrouterConnection {
  /** The token this connection was made with, once it has one. */
  readonly token: AccessToken | undefined;
  /** A registration was sent: stopping must delete it. */
  readonly registered: boolean;
  /** Ends the connection: `0::` to the server when the socket is open, then closes it. */
  close(): void;
  /** Checks the socket with a ping: a dead one misses its ack and is replaced. */
  ping(): void;
  /** Watches the token's expiry: shortly before it, the host moves to a connection with a new one. */
  scheduleRenewal(): void;
}

/** Thrown by a step (or by the host's config and token) to end the connection for good. */
export class Unrecoverable {
  readonly error: ChatError;
  constructor(error: ChatError) {
    this.error = error;
  }
}

export function realtimeError(message: string, code: ChatRealtimeErrorCode): ChatError {
  return new ChatError(message, { code });
}

const isLoopback = (hostname: string) =>
  hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);

/** A URL the token may go to: https, or http to this machine (the emulator); throws otherwise. */
export function checkServiceUrl(value: unknown, what: string): URL {
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

/**
 * Starts one connection attempt and returns it at once; what happens next goes to the host.
 * @param conNum The `con_num` value, `{clientId}_{attempt}`.
 * @param preset A token to use rather than asking the host (a switch to a renewed token).
 * @param rejected The token the service refused last, which the host must replace.
 */
export function openConnection(
  host: ConnectionHost,
  conNum: string,
  preset: AccessToken | undefined,
  rejected: string | undefined,
): TrouterConnection {
  const { clock, registrationId, sessionId } = host;
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
  let config: TrouterConfig;
  let surl = '';
  let expiresAt = 0;
  let connected = false;
  let registered = false;
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
  ) =>
    realtimeRequest(
      { fetch: host.fetch, clock, signal: closer.signal },
      operation,
      url,
      init,
      accept,
    );
  const send = (frame: string) => {
    if (socket?.readyState === 1) socket.send(frame);
  };
  const emit = (name: string, args: unknown[] | undefined, onAck: () => void) => {
    acks.set(++eventNumber, onAck);
    send(eventFrame(eventNumber, name, args));
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
  const end = (failure: ConnectionFailure) => {
    if (closed) return;
    close();
    host.failed(connection, failure);
  };
  /** The socket failed: reconnect at once when it had connected, after the back-off otherwise. */
  const lost = (message: string, backoff = !connected, refused?: string, duplicate?: boolean) =>
    end({ error: realtimeError(message, 'ConnectionLost'), backoff, rejected: refused, duplicate });

  const ping = () => {
    if (!connected || pong !== undefined) return;
    pong = after(timeouts.pongMs, () => lost('The service did not acknowledge a ping.', false));
    emit('ping', undefined, () => {
      cancel(pong);
      pong = undefined;
    });
  };
  const pingEvery = () =>
    after(timeouts.pingIntervalMs, () => {
      ping();
      pingEvery();
    });
  const scheduleRenewal = () => {
    const left = (token?.expiresOnTimestamp ?? 0) - clock.now();
    if (left > 2000) {
      after(left > 120_000 ? left - 60_000 : left / 2, () => host.renew(connection, 'token'));
    }
  };
  /** `user.activity`, acked within 10 s; after the first ack, once more 10 s later. */
  const userActivity = (remaining: number) => {
    const timeout = after(timeouts.userActivityMs, () =>
      lost('The service did not acknowledge user.activity.', false),
    );
    emit('user.activity', [{ state: 'active', cv: host.activityVector() }], () => {
      cancel(timeout);
      if (remaining > 1) after(timeouts.userActivityMs, () => userActivity(remaining - 1));
    });
  };
  /** Restarts the silence watchdog: any frame proves the socket alive. */
  const watch = () => {
    if (!watchdogMs) return;
    cancel(watchdog);
    watchdog = after(watchdogMs, () =>
      lost(`The real-time socket was silent for ${watchdogMs} ms.`),
    );
  };

  async function allocate(): Promise<{ socketio: URL; query: string }> {
    let cached = host.reconnectParams;
    // The official client drops cached parameters within an hour of their expiry (`se`, in ms)
    // and those of another service URL.
    const expiry = Number(cached?.params.se);
    if (
      cached &&
      ((expiry && expiry <= clock.now() + 3_600_000) || cached.serviceUrl !== config.trouterUrl)
    ) {
      cached = host.reconnectParams = undefined;
    }
    let url = cached?.url ?? config.trouterUrl;
    url += `${url.includes('?') ? '&' : '?'}cor_id=${sessionId}&con_num=${conNum}&epid=${registrationId}`;
    if (cached) url += `&${queryOf(cached.params)}${cached.params.v ? '' : '&v=v4'}`;
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
      throw invalidResponse(operation, 'expected JSON with socketio, url, surl and connectparams');
    }
    surl = body.surl;
    host.reconnectParams = {
      url: `${socketio}v4/a`,
      serviceUrl: config.trouterUrl,
      params: connectparams,
    };
    // The query of the handshake and the WebSocket, in the official client's order.
    let query = [
      queryOf(connectparams),
      'v=v4',
      `tc=${encodeURI(clientInfo)}`,
      `timeout=${timeouts.pingIntervalMs / 1000}`,
      'auth=true',
      `epid=${registrationId}`,
      `userActivity=${encodeURI(JSON.stringify({ state: 'active', cv: host.activityVector() }))}`,
    ].join('&');
    if (!query.includes('ccid=')) query += `&ccid=${String(ccid)}`;
    // Browsers' official client names the page's host; nothing else has one.
    const dom = (globalThis as { location?: { hostname?: unknown } }).location?.hostname;
    if (typeof dom === 'string' && dom) query += `&dom=${dom}`;
    return {
      socketio: checkServiceUrl(socketio, operation),
      query: chunkQuery(`${query}&cor_id=${sessionId}&con_num=${conNum}`),
    };
  }

  async function open(): Promise<void> {
    try {
      config = await host.config(closer.signal);
      token ??= await host.token(rejected);
      // The official connection timer: from the allocation request to trouter.connected.
      connectTimer = after(timeouts.connectMs, () =>
        lost(`The connection was not made within ${timeouts.connectMs} ms.`, false),
      );
      const { socketio, query } = await allocate();
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
      if (silences.length) watchdogMs = Math.min(...silences) * 1000 + timeouts.watchdogGraceMs;
      socket = new host.WebSocket(`ws${secure}://${origin}/socket.io/1/websocket/${sid}?${query}`);
      socket.onopen = watch;
      socket.onclose = socket.onerror = () => lost('The real-time socket closed.');
      socket.onmessage = (event) => receive(event.data);
    } catch (error) {
      if (closed) return;
      if (error instanceof Unrecoverable) {
        end({ error: error.error, backoff: false, terminal: true });
        return;
      }
      const failure =
        error instanceof ChatError
          ? error
          : new ChatError(String(error), { code: 'RequestFailed', cause: error });
      end({
        error: failure,
        backoff: true,
        // Refused: this token. No token yet (the credential failed): still the one refused before.
        rejected: failure.statusCode === 401 ? token?.token : token ? undefined : rejected,
        status: failure.statusCode,
      });
    }
  }

  function receive(data: unknown): void {
    if (closed) return;
    watch();
    if (typeof data !== 'string') return;
    if (data.length > host.maxFrameLength) {
      // Not read, so not answered: what it carried is reported as lost, for a resync.
      if (connected) host.messageLoss(connection, []);
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
      end({ error: deprecated(), backoff: false, terminal: true });
      return;
    }
    lost(
      `The service closed the real-time socket${reason ? ` (${reason})` : ''}.`,
      !connected && reason !== 'dup',
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
      if (!connected) trouterConnected(args?.ttl);
    } else if (!connected) {
      // Nothing else counts before the connection does.
    } else if (name === 'trouter.reconnect') {
      host.renew(connection, args?.target === 'self' ? 'self' : 'other');
    } else if (name === 'trouter.message_loss') {
      const indicators = Array.isArray(args?.droppedIndicators)
        ? (args.droppedIndicators as unknown[]).slice(0, 100)
        : [];
      host.messageLoss(
        connection,
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
    connected = true;
    const seconds = parseInt(String(ttl), 10);
    if (seconds > 0) expiresAt = clock.now() + seconds * 1000;
    cancel(connectTimer);
    userActivity(2);
    pingEvery();
    host.connected(connection);
    if (closed) return;
    void register();
    scheduleRenewal();
  }

  /** A downstream request: answered as the official client answers, then followed by a ping. */
  function delivery(data: string): void {
    if (!connected) return;
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
    const handled = host.deliver(connection, typeof body === 'string' ? body : '');
    if (closed) return;
    const answer: Record<string, string> = handled ? {} : { 'Trouter-Responder': 'ClientLib' };
    const cv = headers['MS-CV'];
    if (typeof cv === 'string' && cv) answer['MS-CV'] = `${cv}.0`;
    if (headers['trouter-request']) answer['trouter-request'] = String(headers['trouter-request']);
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
      clientDescription: clientDescription(config.cloudType),
      registrationId,
      nodeId: '',
      transports: { TROUTER: [{ context: '', path: surl, ttl }] },
    });
    registered = true;
    let current = token!.token;
    let refusals = 0;
    let failures = 0;
    for (;;) {
      let response: RealtimeResponse | undefined;
      try {
        response = await request(
          'Registering for real-time notifications',
          config.registrarUrl,
          {
            method: 'POST',
            mode: 'cors',
            headers: {
              'content-type': 'application/json',
              accept: 'application/json, text/javascript',
              'X-Skypetoken': current,
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
        current = await host.token(current).then(
          (next) => next.token,
          () => current,
        );
        if (closed) return;
        if (refusals > 1) await sleep(backoffMs(failures++));
      } else if (status && status < 500) {
        after(timeouts.registrationRetryMs, () => void register());
        return;
      } else {
        await sleep(backoffMs(failures++));
      }
    }
    if (left > maxRegistrationTtlSeconds && ttl > registrationRenewSeconds) {
      after((ttl - registrationRenewSeconds) * 1000, () => void register());
    }
  }

  const connection: TrouterConnection = {
    get token() {
      return token;
    },
    get registered() {
      return registered;
    },
    close,
    ping,
    scheduleRenewal,
  };
  void open();
  return connection;
}
