// One connection to ACS's real-time channel, from its allocation to its close, as the official
// client makes it (protocol v4a): allocation (POST {trouter}/v4/a, or {socketio}v4/a with the
// cached connectparams), the socket.io 0.9 handshake, the WebSocket; then `user.activity` twice,
// pings, heartbeat echoes and their watchdogs, the registration, and each delivery answered. It
// reports to its host (the ChatRealtimeClient) and never retries by itself: the host decides.
import type { AccessToken } from '../token-credential.ts';
import { ChatError } from '../chat-error.ts';
import { invalidResponse, serviceError } from '../service-error.ts';
import type {
  RealtimeClock,
  RealtimeWebSocket,
  RealtimeWebSocketConstructor,
} from './chat-realtime-client-options.ts';
import type { ChatRealtimeErrorCode } from './realtime-error-code.ts';
import { realtimeRequest, type RealtimeResponse } from './realtime-request.ts';
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

/** Thrown by a step (or by the host's config and token) to end the connection for good. */
export class Unrecoverable {
  readonly error: ChatError;
  constructor(error: ChatError) {
    this.error = error;
  }
}

function realtimeError(message: string, code: ChatRealtimeErrorCode): ChatError {
  return new ChatError(message, { code });
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}

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
        `${what}: the service named ${url.origin}; the token goes over plain http only to this machine. Use https.`,
        'InsecureUrl',
      ),
    );
  }
  return url;
}

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

function queryOf(params: Record<string, unknown>): string {
  return Object.entries(params)
    .filter(([, value]) => typeof value === 'string' || typeof value === 'number')
    .map(([key, value]) => `${key}=${value as string}`)
    .join('&');
}

interface Allocation {
  socketio: URL;
  socketioText: string;
  url: string;
  surl: string;
  ccid: unknown;
  connectparams: Record<string, unknown>;
}

export class TrouterConnection {
  readonly #host: ConnectionHost;
  readonly #conNum: string;
  readonly #rejected: string | undefined;
  readonly #closer = new AbortController();
  readonly #timers = new Set<unknown>();
  /** Acks awaited, by event number: at most a ping and a user.activity at a time. */
  readonly #acks = new Map<number, () => void>();
  #socket: RealtimeWebSocket | undefined;
  #eventNumber = 0;
  #watchdog: unknown;
  #watchdogMs = 0;
  #pong: unknown;
  #allocation: Allocation | undefined;
  #config: TrouterConfig | undefined;
  #connectionExpiresAt = 0;
  #connectTimer: unknown;
  #closed = false;
  /** The token this connection was made with. */
  token: AccessToken | undefined;
  /** Set once trouter.connected arrived. */
  connected = false;
  /** Set once a registration was sent: stopping must delete it. */
  registered = false;

  /**
   * @param conNum The `con_num` value, `{clientId}_{attempt}`.
   * @param token A token to use rather than asking the host (a switch to a renewed token).
   * @param rejected The token the service refused last, which the host must replace.
   */
  constructor(
    host: ConnectionHost,
    conNum: string,
    token: AccessToken | undefined,
    rejected: string | undefined,
  ) {
    this.#host = host;
    this.#conNum = conNum;
    this.token = token;
    this.#rejected = rejected;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Allocates, shakes hands and opens the socket; every outcome goes to the host. */
  async open(): Promise<void> {
    const host = this.#host;
    try {
      this.#config = await host.config(this.#closer.signal);
      this.token ??= await host.token(this.#rejected);
      // The official connection timer: from the allocation request to trouter.connected.
      this.#connectTimer = this.#after(timeouts.connectMs, () =>
        this.#fail(
          realtimeError(
            `The connection was not made within ${timeouts.connectMs} ms.`,
            'ConnectionLost',
          ),
          false,
        ),
      );
      const allocation = await this.#allocate(this.#config);
      const sid = await this.#handshake(allocation);
      this.#openSocket(allocation, sid);
    } catch (error) {
      if (this.#closed) return;
      if (error instanceof Unrecoverable) {
        this.#end({ error: error.error, backoff: false, terminal: true });
        return;
      }
      const failure =
        error instanceof ChatError
          ? error
          : new ChatError(String(error), { code: 'RequestFailed', cause: error });
      this.#end({
        error: failure,
        backoff: true,
        // Refused: this token. No token yet (the credential failed): still the one refused before.
        rejected:
          failure.statusCode === 401 ? this.token?.token : this.token ? undefined : this.#rejected,
        status: failure.statusCode,
      });
    }
  }

  /** Ends the connection: `0::` to the server when the socket is open, then closes it. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#closer.abort(realtimeError('The connection was closed.', 'ConnectionLost'));
    for (const timer of this.#timers) this.#host.clock.clearTimeout(timer);
    this.#timers.clear();
    this.#acks.clear();
    const socket = this.#socket;
    if (socket) {
      socket.onopen = socket.onmessage = socket.onclose = socket.onerror = null;
      if (socket.readyState === 1) socket.send('0::');
      socket.close();
    }
  }

  /** Checks the socket with a ping: a dead one misses its ack and is replaced. */
  ping(): void {
    if (!this.connected || this.#pong !== undefined) return;
    this.#pong = this.#after(timeouts.pongMs, () =>
      this.#fail(realtimeError('The service did not acknowledge a ping.', 'ConnectionLost'), false),
    );
    this.#emit('ping', undefined, () => {
      this.#cancel(this.#pong);
      this.#pong = undefined;
    });
  }

  /** Watches the token's expiry: shortly before it, the host moves to a connection with a new one. */
  scheduleRenewal(): void {
    const left = (this.token?.expiresOnTimestamp ?? 0) - this.#host.clock.now();
    if (left <= 2000) return;
    this.#after(left > 120_000 ? left - 60_000 : left / 2, () => this.#host.renew(this, 'token'));
  }

  #after(ms: number, callback: () => void): unknown {
    const timer = this.#host.clock.setTimeout(() => {
      this.#timers.delete(timer);
      callback();
    }, ms);
    this.#timers.add(timer);
    return timer;
  }

  #cancel(timer: unknown): void {
    if (timer === undefined) return;
    this.#timers.delete(timer);
    this.#host.clock.clearTimeout(timer);
  }

  /** Resolves after `ms`, or never once the connection closed (its timer is cleared). */
  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.#after(ms, resolve));
  }

  #request(
    operation: string,
    url: string,
    init: RequestInit,
    accept?: (status: number) => boolean,
  ) {
    const host = this.#host;
    return realtimeRequest(
      { fetch: host.fetch, clock: host.clock, signal: this.#closer.signal },
      operation,
      url,
      init,
      accept,
    );
  }

  #end(failure: ConnectionFailure): void {
    if (this.#closed) return;
    this.close();
    this.#host.failed(this, failure);
  }

  /** The socket failed: reconnect at once when it had connected, after the back-off otherwise. */
  #fail(error: ChatError, backoff = !this.connected, rejected?: string, duplicate?: boolean): void {
    this.#end({ error, backoff, rejected, duplicate });
  }

  async #allocate(config: TrouterConfig): Promise<Allocation> {
    const host = this.#host;
    const now = host.clock.now();
    let cached = host.reconnectParams;
    // The official client drops cached parameters within an hour of their expiry (`se`, in ms)
    // and those of another service URL.
    const expiry = Number(cached?.params.se);
    if (
      cached &&
      ((expiry && expiry <= now + 3_600_000) || cached.serviceUrl !== config.trouterUrl)
    ) {
      cached = host.reconnectParams = undefined;
    }
    let url = cached?.url ?? config.trouterUrl;
    url += `${url.includes('?') ? '&' : '?'}cor_id=${host.sessionId}&con_num=${this.#conNum}&epid=${host.registrationId}`;
    if (cached) url += `&${queryOf(cached.params)}${cached.params.v ? '' : '&v=v4'}`;
    const operation = 'Allocating a real-time connection';
    const response = await this.#request(
      operation,
      url,
      {
        method: 'POST',
        mode: 'cors',
        headers: { 'Content-Type': 'text/plain', 'X-Skypetoken': this.token!.token },
      },
      () => true,
    );
    if (response.headers.get('x-trouter-skypetoken-deprecated') === '1') {
      throw new Unrecoverable(
        realtimeError(
          'The service no longer accepts this kind of token for real-time notifications; the client stopped.',
          'TokenDeprecated',
        ),
      );
    }
    if (response.status < 200 || response.status > 299) throw statusError(response, operation);
    const type = response.headers.get('content-type') ?? '';
    let body: Record<string, unknown>;
    try {
      if (type !== 'application/json' && !type.startsWith('application/json;')) throw 0;
      body = JSON.parse(response.text) as Record<string, unknown>;
      if (
        typeof body.socketio !== 'string' ||
        typeof body.url !== 'string' ||
        typeof body.surl !== 'string' ||
        typeof body.connectparams !== 'object' ||
        body.connectparams === null
      ) {
        throw 0;
      }
    } catch {
      throw invalidResponse(operation, 'expected JSON with socketio, url, surl and connectparams');
    }
    const connectparams = body.connectparams as Record<string, unknown>;
    host.reconnectParams = {
      url: `${body.socketio}v4/a`,
      serviceUrl: config.trouterUrl,
      params: connectparams,
    };
    return {
      socketio: checkServiceUrl(body.socketio, operation),
      socketioText: body.socketio,
      url: body.url,
      surl: body.surl,
      ccid: body.ccid,
      connectparams,
    };
  }

  /** The query of the handshake and the WebSocket, in the official client's order. */
  #query(allocation: Allocation): string {
    const host = this.#host;
    let query = [
      queryOf(allocation.connectparams),
      'v=v4',
      `tc=${encodeURI(clientInfo)}`,
      `timeout=${timeouts.pingIntervalMs / 1000}`,
      'auth=true',
      `epid=${host.registrationId}`,
      `userActivity=${encodeURI(JSON.stringify({ state: 'active', cv: host.activityVector() }))}`,
    ].join('&');
    if (!query.includes('ccid=')) query += `&ccid=${String(allocation.ccid)}`;
    // Browsers' official client names the page's host; nothing else has one.
    const dom = (globalThis as { location?: { hostname?: unknown } }).location?.hostname;
    if (typeof dom === 'string' && dom !== '') query += `&dom=${dom}`;
    return chunkQuery(`${query}&cor_id=${host.sessionId}&con_num=${this.#conNum}`);
  }

  async #handshake(allocation: Allocation): Promise<{ sid: string; query: string }> {
    const query = this.#query(allocation);
    const operation = 'The real-time handshake';
    const response = await this.#request(
      operation,
      `${this.#origin(allocation, 'http')}/socket.io/1/?${query}&t=${this.#host.clock.now()}`,
      { headers: { 'X-Skypetoken': this.token!.token } },
    );
    const [sid, heartbeat, close, transports] = response.text.split(':');
    if (!sid || !transports?.split(',').includes('websocket')) {
      throw invalidResponse(
        operation,
        'expected sid:heartbeat:close:transports offering websocket',
      );
    }
    const silences = [Number(heartbeat), Number(close)].filter((seconds) => seconds > 0);
    this.#watchdogMs = silences.length
      ? Math.min(...silences) * 1000 + timeouts.watchdogGraceMs
      : 0;
    return { sid, query };
  }

  /** `http(s)://host:port` or `ws(s)://host:port` of the allocation's socketio URL. */
  #origin(allocation: Allocation, scheme: 'http' | 'ws'): string {
    const { protocol, hostname, port } = allocation.socketio;
    const secure = protocol === 'https:';
    return `${scheme}${secure ? 's' : ''}://${hostname}:${port || (secure ? 443 : 80)}`;
  }

  #openSocket(allocation: Allocation, { sid, query }: { sid: string; query: string }): void {
    this.#allocation = allocation;
    const socket = new this.#host.WebSocket(
      `${this.#origin(allocation, 'ws')}/socket.io/1/websocket/${sid}?${query}`,
    );
    this.#socket = socket;
    const lost = () => this.#fail(realtimeError('The real-time socket closed.', 'ConnectionLost'));
    socket.onopen = () => this.#watch();
    socket.onclose = lost;
    socket.onerror = lost;
    socket.onmessage = (event) => this.#receive(event.data);
  }

  /** Restarts the silence watchdog: any frame proves the socket alive. */
  #watch(): void {
    if (this.#watchdogMs === 0) return;
    this.#cancel(this.#watchdog);
    this.#watchdog = this.#after(this.#watchdogMs, () =>
      this.#fail(
        realtimeError(
          `The real-time socket was silent for ${this.#watchdogMs} ms.`,
          'ConnectionLost',
        ),
      ),
    );
  }

  #send(frame: string): void {
    if (this.#socket?.readyState === 1) this.#socket.send(frame);
  }

  #emit(name: string, args: unknown[] | undefined, onAck: () => void): void {
    const id = ++this.#eventNumber;
    this.#acks.set(id, onAck);
    this.#send(eventFrame(id, name, args));
  }

  #receive(data: unknown): void {
    if (this.#closed) return;
    this.#watch();
    if (typeof data !== 'string') return;
    if (data.length > this.#host.maxFrameLength) {
      // Not read, so not answered: what it carried is reported as lost, for a resync.
      if (this.connected) this.#host.messageLoss(this, []);
      return;
    }
    const frame = parseFrame(data);
    switch (frame?.type) {
      case '0':
        return this.#disconnected(frame.data);
      case '2':
        return this.#send('2::');
      case '3':
        return this.#delivery(frame.data);
      case '5':
        return this.#event(frame.data);
      case '6': {
        const id = parseInt(frame.data, 10);
        const onAck = this.#acks.get(id);
        this.#acks.delete(id);
        return onAck?.();
      }
    }
  }

  #disconnected(data: string): void {
    let reason = data;
    if (data !== '' && data !== 'dup') {
      try {
        reason = String((JSON.parse(data) as { reason?: unknown }).reason);
      } catch {
        reason = 'disconnect';
      }
    }
    if (reason === 'skypetoken-deprecated') {
      this.#end({
        error: realtimeError(
          'The service no longer accepts this kind of token for real-time notifications; the client stopped.',
          'TokenDeprecated',
        ),
        backoff: false,
        terminal: true,
      });
      return;
    }
    this.#fail(
      realtimeError(
        `The service closed the real-time socket${reason ? ` (${reason})` : ''}.`,
        'ConnectionLost',
      ),
      !this.connected && reason !== 'dup',
      reason === 'unauthorized' ? this.token?.token : undefined,
      reason === 'dup',
    );
  }

  #event(data: string): void {
    let event: { name?: unknown; args?: unknown };
    try {
      event = JSON.parse(data) as typeof event;
    } catch {
      return;
    }
    const args = (Array.isArray(event.args) ? event.args[0] : undefined) as
      Record<string, unknown> | undefined;
    if (event.name === 'trouter.connected') {
      if (!this.connected) this.#trouterConnected(args?.ttl);
    } else if (!this.connected) {
      return;
    } else if (event.name === 'trouter.reconnect') {
      this.#host.renew(this, args?.target === 'self' ? 'self' : 'other');
    } else if (event.name === 'trouter.message_loss') {
      const indicators = Array.isArray(args?.droppedIndicators)
        ? (args.droppedIndicators as unknown[]).slice(0, 100)
        : [];
      const tags = indicators
        .map((indicator) => (indicator as { tag?: unknown } | null)?.tag)
        .filter((tag): tag is string => typeof tag === 'string');
      this.#host.messageLoss(this, tags);
      // Told the loss was processed, the service stops repeating it.
      this.#send(
        eventFrame(++this.#eventNumber, 'trouter.processed_message_loss', [
          { droppedIndicators: indicators },
        ]),
      );
    }
  }

  #trouterConnected(ttl: unknown): void {
    this.connected = true;
    const seconds = parseInt(String(ttl), 10);
    if (seconds > 0) this.#connectionExpiresAt = this.#host.clock.now() + seconds * 1000;
    this.#cancel(this.#connectTimer);
    this.#userActivity(2);
    this.#pingEvery();
    this.#host.connected(this);
    if (this.#closed) return;
    void this.#register();
    this.scheduleRenewal();
  }

  /** `user.activity`, acked within 10 s; after the first ack, once more 10 s later. */
  #userActivity(remaining: number): void {
    const timeout = this.#after(timeouts.userActivityMs, () =>
      this.#fail(
        realtimeError('The service did not acknowledge user.activity.', 'ConnectionLost'),
        false,
      ),
    );
    this.#emit('user.activity', [{ state: 'active', cv: this.#host.activityVector() }], () => {
      this.#cancel(timeout);
      if (remaining > 1)
        this.#after(timeouts.userActivityMs, () => this.#userActivity(remaining - 1));
    });
  }

  #pingEvery(): void {
    this.#after(timeouts.pingIntervalMs, () => {
      this.ping();
      this.#pingEvery();
    });
  }

  /** A downstream request: answered as the official client answers, then followed by a ping. */
  #delivery(data: string): void {
    if (!this.connected) return;
    let request: Record<string, unknown>;
    try {
      request = JSON.parse(data) as Record<string, unknown>;
      if (typeof request !== 'object' || request === null) return;
    } catch {
      return;
    }
    const receivedAt = this.#host.clock.now();
    const headers = (
      typeof request.headers === 'object' && request.headers !== null ? request.headers : {}
    ) as Record<string, unknown>;
    const id =
      typeof request.id === 'number'
        ? request.id
        : typeof request.id === 'string'
          ? parseFloat(request.id)
          : -1;
    const handled = this.#host.deliver(this, typeof request.body === 'string' ? request.body : '');
    if (this.#closed) return;
    const answer: Record<string, string> = handled ? {} : { 'Trouter-Responder': 'ClientLib' };
    if (typeof headers['MS-CV'] === 'string' && headers['MS-CV'])
      answer['MS-CV'] = `${headers['MS-CV']}.0`;
    if (headers['trouter-request']) answer['trouter-request'] = String(headers['trouter-request']);
    answer['trouter-client'] = JSON.stringify({ cd: this.#host.clock.now() - receivedAt });
    if (headers['trouter-is-broadcast'])
      answer['trouter-is-broadcast'] = String(headers['trouter-is-broadcast']);
    this.#send(
      `3:::${JSON.stringify({ id, status: handled ? 200 : 404, headers: answer, body: '' })}`,
    );
    this.ping();
  }

  /**
   * Registers this connection's path with the registrar, and renews it before its TTL runs out
   * when the connection outlives it. Retries as the official registrar client does: a 401 with
   * another token (at once the first time), 5xx and network errors after the back-off, anything
   * else after 123 s. Failing never disconnects: delivery does not wait for it.
   */
  async #register(): Promise<void> {
    const host = this.#host;
    const config = this.#config!;
    const left = this.#connectionExpiresAt
      ? Math.round((this.#connectionExpiresAt - host.clock.now()) / 1000)
      : 0;
    const ttl = left > 0 ? Math.min(maxRegistrationTtlSeconds, left) : maxRegistrationTtlSeconds;
    const renews = left > maxRegistrationTtlSeconds && ttl > registrationRenewSeconds;
    const body = JSON.stringify({
      clientDescription: clientDescription(config.cloudType),
      registrationId: host.registrationId,
      nodeId: '',
      transports: { TROUTER: [{ context: '', path: this.#allocation!.surl, ttl }] },
    });
    this.registered = true;
    let token = this.token!.token;
    let refusals = 0;
    let failures = 0;
    for (;;) {
      let response: RealtimeResponse | undefined;
      try {
        response = await this.#request(
          'Registering for real-time notifications',
          config.registrarUrl,
          {
            method: 'POST',
            mode: 'cors',
            headers: {
              'content-type': 'application/json',
              accept: 'application/json, text/javascript',
              'X-Skypetoken': token,
            },
            body,
          },
          () => true,
        );
      } catch {
        if (this.#closed) return;
      }
      if (response && response.status >= 200 && response.status < 300) break;
      if (response?.status === 401 && ++refusals <= maxRegistrationTokenRetries) {
        try {
          token = (await host.token(token)).token;
        } catch {
          // No other token: wait as for any refusal.
        }
        if (this.#closed) return;
        if (refusals > 1) await this.#sleep(backoffMs(failures++));
        continue;
      }
      if (response && response.status < 500) {
        this.#after(timeouts.registrationRetryMs, () => void this.#register());
        return;
      }
      await this.#sleep(backoffMs(failures++));
    }
    if (renews) this.#after((ttl - registrationRenewSeconds) * 1000, () => void this.#register());
  }
}

/** The error for a response whose status says it failed. */
function statusError(response: RealtimeResponse, operation: string): ChatError {
  let body: unknown;
  try {
    body = JSON.parse(response.text);
  } catch {
    // Not JSON: the status tells the story.
  }
  return serviceError(response.status, response.headers, body, operation);
}
