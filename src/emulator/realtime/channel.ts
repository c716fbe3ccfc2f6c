// The real-time channel's state: handshakes waiting for their WebSocket, the open sockets of each
// user, and delivery. Every store change is sent to every open socket of every recipient. The
// transport (the `ws` package, in the Node server and the Vite plugin) is kept out: a socket is
// anything that can send text and close. A socket lives no longer than the token its handshake
// carried, is ended when its client falls silent, and each user's sockets and handshakes are
// capped (limits.ts). Times come from the emulator's clock, except the silence, which is the
// transport's own and counted by timers.
import type { ChatEvents } from '../chat-events.ts';
import { tooManyRequests } from '../errors.ts';
import { newCorrelationVector, newGuid } from '../ids.ts';
import { FrameLog, type FrameLogOptions, type RealtimeFrameRecord } from './frame-log.ts';
import { frames, parseFrame } from './frames.ts';
import { maxPendingHandshakesPerUser, maxSocketsPerUser } from './limits.ts';
import { notificationsFor } from './notifications.ts';

/** The transport side of one open WebSocket. */
export interface RealtimeSocket {
  send(text: string): void;
  /** Closes the socket with a closing handshake. */
  close(): void;
  /** Ends the socket at once, for a peer that stopped answering. Default: `close()`. */
  terminate?(): void;
}

/** One open socket, bound to the user whose token made its handshake. */
export interface RealtimeConnection {
  readonly id: string;
  readonly userId: string;
}

/** Whether a WebSocket for a sid would be let in now ('ok'), and if not, why. */
export type RealtimeAdmission = 'ok' | 'unknown-session' | 'too-many-sockets';

interface PendingHandshake {
  userId: string;
  expiresAt: number;
  /** When the token the handshake carried expires: its socket is closed then. */
  tokenExpiresAt: number;
}

interface OpenConnection extends RealtimeConnection {
  socket: RealtimeSocket;
  /** The id of the next downstream request on this socket. */
  nextRequestId: number;
  tokenExpiresAt: number;
  heartbeat: ReturnType<typeof setInterval>;
  /** Counts the silence checks since the client's last frame. */
  watchdog: ReturnType<typeof setInterval>;
  silentChecks: number;
  expiry: ReturnType<typeof setTimeout> | undefined;
}

/** Seconds, as the handshake announces them: the client drops a socket silent for longer (+2 s). */
export const heartbeatSeconds = 60;
/** How often the server sends a heartbeat: well inside the client's watchdog. */
const heartbeatIntervalMs = 25_000;
/**
 * The same timeout holds the other way: the client echoes every heartbeat (25 s) and pings every
 * 40 s, so one that sends no whole frame for `heartbeatSeconds` is gone or stuck (say, halfway
 * through a frame) and its socket is ended. Checked every half timeout: three checks in a row
 * without a frame end it, after 60 to 90 s of silence.
 */
const silenceCheckMs = (heartbeatSeconds * 1000) / 2;
const silentChecksAllowed = 2;
/** A handshake's sid must be used by a WebSocket within this time. */
const handshakeLifetimeMs = 60_000;
/** The connection TTL announced in trouter.connected, in seconds. */
const connectionTtlSeconds = 86_400;
/** The longest delay a timer takes (about 24.8 days); a later expiry is looked at again then. */
const maxTimerDelayMs = 2 ** 31 - 1;

/** A Node timer must not keep the process alive on its own. */
function unref<T>(timer: T): T {
  (timer as { unref?: () => void }).unref?.();
  return timer;
}

export class RealtimeChannel {
  readonly #now: () => number;
  /** By sid, in the order they were made (so also of their expiry, on a clock that moves on). */
  readonly #handshakes = new Map<string, PendingHandshake>();
  readonly #handshakesOf = new Map<string, Set<string>>();
  readonly #connections = new Map<string, Set<OpenConnection>>();
  readonly #byId = new Map<string, OpenConnection>();
  readonly #frames: FrameLog;

  constructor(events: ChatEvents, now: () => number, frameLog?: FrameLogOptions) {
    this.#now = now;
    this.#frames = new FrameLog(frameLog);
    events.on((event) => {
      // Most changes (a seed of many threads) have no one listening: build nothing for them.
      if (!event.recipients.some((recipient) => this.#connections.has(recipient))) return;
      for (const { recipient, body } of notificationsFor(event)) {
        for (const connection of this.#connections.get(recipient) ?? []) {
          this.#deliver(connection, body);
        }
      }
    });
  }

  /**
   * Records a handshake by an authenticated user whose token expires at `tokenExpiresAt` (epoch
   * ms); returns the sid its WebSocket must use. A 429 when the user has as many sockets open, or
   * handshakes unused, as the limits allow.
   */
  handshake(userId: string, tokenExpiresAt = Number.POSITIVE_INFINITY): string {
    const now = this.#now();
    this.#pruneHandshakes(now);
    if (this.connectionCount(userId) >= maxSocketsPerUser) {
      throw tooManyRequests(
        `This user has ${maxSocketsPerUser} real-time sockets open, as many as the emulator ` +
          'allows one user: close one before opening another.',
      );
    }
    const mine = this.#handshakesOf.get(userId) ?? new Set<string>();
    if (mine.size >= maxPendingHandshakesPerUser) {
      let nextLapse = Number.POSITIVE_INFINITY;
      for (const sid of mine) {
        const expiresAt = this.#handshakes.get(sid)!.expiresAt;
        if (expiresAt <= now) this.#forgetHandshake(sid);
        else nextLapse = Math.min(nextLapse, expiresAt);
      }
      if (mine.size >= maxPendingHandshakesPerUser) {
        throw tooManyRequests(
          `This user has ${maxPendingHandshakesPerUser} handshakes whose session no WebSocket has ` +
            'used yet: open their sockets, or retry once one lapses.',
          nextLapse - now,
        );
      }
    }
    const sid = newGuid().replace(/-/g, '');
    this.#handshakes.set(sid, { userId, expiresAt: now + handshakeLifetimeMs, tokenExpiresAt });
    mine.add(sid);
    this.#handshakesOf.set(userId, mine);
    return sid;
  }

  /** A handshake made this sid and no socket has used it yet. */
  isPending(sid: string): boolean {
    return this.admission(sid) !== 'unknown-session';
  }

  /** Whether a WebSocket for this sid would be let in now, and if not, why. */
  admission(sid: string): RealtimeAdmission {
    const pending = this.#handshakes.get(sid);
    if (pending === undefined || pending.expiresAt <= this.#now()) return 'unknown-session';
    if (this.connectionCount(pending.userId) >= maxSocketsPerUser) return 'too-many-sockets';
    return 'ok';
  }

  /**
   * What crossed each socket, oldest first (see `frameLog`): kinds, never text. A fresh array on
   * every read.
   */
  get frames(): RealtimeFrameRecord[] {
    return this.#frames.list();
  }

  /**
   * Opens the socket for a handshake's sid (each sid is tried once): sends socket.io's connect
   * and trouter.connected, and starts the heartbeat. Undefined when `admission` would not let it
   * in: the caller refuses the socket. `url` is the upgrade's path and query, for the frame log.
   */
  open(sid: string, socket: RealtimeSocket, url?: string): RealtimeConnection | undefined {
    const admission = this.admission(sid);
    const pending = this.#handshakes.get(sid);
    this.#forgetHandshake(sid);
    if (admission !== 'ok' || pending === undefined) return undefined;
    const connection: OpenConnection = {
      id: sid,
      userId: pending.userId,
      socket,
      nextRequestId: 1,
      tokenExpiresAt: pending.tokenExpiresAt,
      heartbeat: unref(
        setInterval(() => this.#send(connection, frames.heartbeat), heartbeatIntervalMs),
      ),
      watchdog: unref(
        setInterval(() => {
          if (++connection.silentChecks > silentChecksAllowed) this.#end(connection, 'terminate');
        }, silenceCheckMs),
      ),
      silentChecks: 0,
      expiry: undefined,
    };
    let sockets = this.#connections.get(connection.userId);
    if (sockets === undefined) this.#connections.set(connection.userId, (sockets = new Set()));
    sockets.add(connection);
    this.#byId.set(connection.id, connection);
    this.#frames.opened(connection.id, connection.userId, url);
    this.#send(connection, frames.connect);
    this.#send(connection, frames.trouterConnected(connectionTtlSeconds));
    this.#watchExpiry(connection);
    return connection;
  }

  /** A frame from the client: its events (user.activity, ping) are acknowledged; the rest needs nothing. */
  receive(connection: RealtimeConnection, text: string): void {
    const open = this.#byId.get(connection.id);
    if (open === undefined) return;
    open.silentChecks = 0;
    this.#frames.frame(open.id, open.userId, 'in', text);
    if (this.#expired(open)) return;
    const frame = parseFrame(text);
    if (frame?.id !== undefined && frame.wantsAck) this.#send(open, frames.ack(frame.id));
  }

  /** The socket closed (either side): forget it. */
  closed(connection: RealtimeConnection): void {
    this.#forget(connection, 'in');
  }

  #forget(connection: RealtimeConnection, closedBy: 'in' | 'out'): void {
    const open = this.#byId.get(connection.id);
    if (open === undefined) return;
    this.#frames.closed(open.id, open.userId, closedBy);
    clearInterval(open.heartbeat);
    clearInterval(open.watchdog);
    clearTimeout(open.expiry);
    this.#byId.delete(open.id);
    const sockets = this.#connections.get(open.userId)!;
    sockets.delete(open);
    if (sockets.size === 0) this.#connections.delete(open.userId);
  }

  /** Open sockets, of one user or of everyone. */
  connectionCount(userId?: string): number {
    if (userId !== undefined) return this.#connections.get(userId)?.size ?? 0;
    return this.#byId.size;
  }

  /** Closes the sockets of one user, or all of them (the client reconnects); returns how many. */
  drop(userId?: string): number {
    const dropped = [...this.#connections.entries()]
      .filter(([owner]) => userId === undefined || owner === userId)
      .flatMap(([, sockets]) => [...sockets]);
    for (const connection of dropped) this.#end(connection, 'close');
    return dropped.length;
  }

  /** Closes every socket and forgets every handshake and frame, as the emulator's reset forgets users. */
  clear(): void {
    this.drop();
    this.#handshakes.clear();
    this.#handshakesOf.clear();
    this.#frames.clear();
  }

  #forgetHandshake(sid: string): void {
    const pending = this.#handshakes.get(sid);
    if (pending === undefined) return;
    this.#handshakes.delete(sid);
    const mine = this.#handshakesOf.get(pending.userId);
    mine?.delete(sid);
    if (mine?.size === 0) this.#handshakesOf.delete(pending.userId);
  }

  /** Forgets lapsed handshakes from the oldest on, stopping at the first that still holds. */
  #pruneHandshakes(now: number): void {
    for (const [sid, pending] of this.#handshakes) {
      if (pending.expiresAt > now) return;
      this.#forgetHandshake(sid);
    }
  }

  /** Sends, ending the socket if the transport throws; false when the frame was not sent. */
  #send(connection: OpenConnection, text: string): boolean {
    try {
      connection.socket.send(text);
      this.#frames.frame(connection.id, connection.userId, 'out', text);
      return true;
    } catch (error) {
      console.error('[react-acs-chat emulator] failed to send on a real-time socket', error);
      this.#end(connection, 'terminate');
      return false;
    }
  }

  #end(connection: OpenConnection, how: 'close' | 'terminate'): void {
    this.#forget(connection, 'out');
    const { socket } = connection;
    try {
      if (how === 'terminate' && socket.terminate !== undefined) socket.terminate();
      else socket.close();
    } catch (error) {
      console.error('[react-acs-chat emulator] failed to close a real-time socket', error);
    }
  }

  /** Closes the socket when its token expires, on the emulator's clock. */
  #watchExpiry(connection: OpenConnection): void {
    if (this.#expired(connection)) return;
    const remaining = connection.tokenExpiresAt - this.#now();
    if (remaining === Number.POSITIVE_INFINITY) return;
    // A clock that is not the wall clock (tests) is read again when the timer fires.
    connection.expiry = unref(
      setTimeout(() => this.#watchExpiry(connection), Math.min(remaining, maxTimerDelayMs)),
    );
  }

  /**
   * Whether the socket's token has expired; if so the socket is closed the way the service asks
   * a client to fetch a fresh token (`0:::{"reason":"unauthorized"}`): it reconnects with one.
   */
  #expired(connection: OpenConnection): boolean {
    if (this.#now() < connection.tokenExpiresAt) return false;
    if (this.#send(connection, frames.unauthorized)) this.#end(connection, 'close');
    return true;
  }

  #deliver(connection: OpenConnection, body: Record<string, unknown>): void {
    if (this.#expired(connection)) return;
    this.#send(
      connection,
      frames.message({
        id: connection.nextRequestId++,
        method: 'POST',
        url: `/v4/f/${connection.id}/messaging`,
        headers: { 'MS-CV': newCorrelationVector(), 'Content-Type': 'application/json' },
        // The client parses the body itself: a JSON string inside the JSON envelope.
        body: JSON.stringify(body),
      }),
    );
  }
}
