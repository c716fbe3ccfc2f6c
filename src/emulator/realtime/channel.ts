// The real-time channel's state: handshakes waiting for their WebSocket, the open sockets of each
// user, and delivery. Every store change is sent to every open socket of every recipient. The
// transport (the `ws` package, in the Node server and the Vite plugin) is kept out: a socket is
// anything that can send text and close.
import type { ChatEvents } from '../chat-events.ts';
import { newCorrelationVector, newGuid } from '../ids.ts';
import { frames, parseFrame } from './frames.ts';
import { notificationsFor } from './notifications.ts';

/** The transport side of one open WebSocket. */
export interface RealtimeSocket {
  send(text: string): void;
  close(): void;
}

/** One open socket, bound to the user whose token made its handshake. */
export interface RealtimeConnection {
  readonly id: string;
  readonly userId: string;
}

interface OpenConnection extends RealtimeConnection {
  socket: RealtimeSocket;
  /** The id of the next downstream request on this socket. */
  nextRequestId: number;
  heartbeat: ReturnType<typeof setInterval>;
}

/** Seconds, as the handshake announces them: the client drops a socket silent for longer (+2 s). */
export const heartbeatSeconds = 60;
/** How often the server sends a heartbeat: well inside the client's watchdog. */
const heartbeatIntervalMs = 25_000;
/** A handshake's sid must be used by a WebSocket within this time. */
const handshakeLifetimeMs = 60_000;
/** The connection TTL announced in trouter.connected, in seconds. */
const connectionTtlSeconds = 86_400;

export class RealtimeChannel {
  readonly #now: () => number;
  readonly #handshakes = new Map<string, { userId: string; expiresAt: number }>();
  readonly #connections = new Map<string, Set<OpenConnection>>();

  constructor(events: ChatEvents, now: () => number) {
    this.#now = now;
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

  /** Records a handshake by an authenticated user; returns the sid its WebSocket must use. */
  handshake(userId: string): string {
    const now = this.#now();
    for (const [sid, pending] of this.#handshakes) {
      if (pending.expiresAt <= now) this.#handshakes.delete(sid);
    }
    const sid = newGuid().replace(/-/g, '');
    this.#handshakes.set(sid, { userId, expiresAt: now + handshakeLifetimeMs });
    return sid;
  }

  /** A handshake made this sid and no socket has used it yet. */
  isPending(sid: string): boolean {
    const pending = this.#handshakes.get(sid);
    return pending !== undefined && pending.expiresAt > this.#now();
  }

  /**
   * Opens the socket for a handshake's sid (each sid opens one socket): sends socket.io's connect
   * and trouter.connected, and starts the heartbeat. Undefined for an unknown or stale sid: the
   * caller refuses the socket.
   */
  open(sid: string, socket: RealtimeSocket): RealtimeConnection | undefined {
    const pending = this.#handshakes.get(sid);
    this.#handshakes.delete(sid);
    if (pending === undefined || pending.expiresAt <= this.#now()) return undefined;
    const heartbeat = setInterval(() => socket.send(frames.heartbeat), heartbeatIntervalMs);
    // A Node timer must not keep the process alive on its own.
    (heartbeat as { unref?: () => void }).unref?.();
    const connection: OpenConnection = {
      id: sid,
      userId: pending.userId,
      socket,
      nextRequestId: 1,
      heartbeat,
    };
    let sockets = this.#connections.get(connection.userId);
    if (sockets === undefined) this.#connections.set(connection.userId, (sockets = new Set()));
    sockets.add(connection);
    socket.send(frames.connect);
    socket.send(frames.trouterConnected(connectionTtlSeconds));
    return connection;
  }

  /** A frame from the client: its events (user.activity, ping) are acknowledged; the rest needs nothing. */
  receive(connection: RealtimeConnection, text: string): void {
    const frame = parseFrame(text);
    if (frame?.id !== undefined && frame.wantsAck) {
      this.#open(connection)?.socket.send(frames.ack(frame.id));
    }
  }

  /** The socket closed (either side): forget it. */
  closed(connection: RealtimeConnection): void {
    const open = this.#open(connection);
    if (open === undefined) return;
    clearInterval(open.heartbeat);
    const sockets = this.#connections.get(open.userId)!;
    sockets.delete(open);
    if (sockets.size === 0) this.#connections.delete(open.userId);
  }

  /** Open sockets, of one user or of everyone. */
  connectionCount(userId?: string): number {
    if (userId !== undefined) return this.#connections.get(userId)?.size ?? 0;
    let count = 0;
    for (const sockets of this.#connections.values()) count += sockets.size;
    return count;
  }

  /** Closes the sockets of one user, or all of them (the client reconnects); returns how many. */
  drop(userId?: string): number {
    const dropped = [...this.#connections.entries()]
      .filter(([owner]) => userId === undefined || owner === userId)
      .flatMap(([, sockets]) => [...sockets]);
    for (const connection of dropped) {
      this.closed(connection);
      connection.socket.close();
    }
    return dropped.length;
  }

  /** Closes every socket and forgets every handshake, as the emulator's reset forgets users. */
  clear(): void {
    this.drop();
    this.#handshakes.clear();
  }

  #open(connection: RealtimeConnection): OpenConnection | undefined {
    for (const open of this.#connections.get(connection.userId) ?? []) {
      if (open.id === connection.id) return open;
    }
    return undefined;
  }

  #deliver(connection: OpenConnection, body: Record<string, unknown>): void {
    connection.socket.send(
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
