// A bare client of the emulator's real-time channel for node tests, written from the protocol
// description (not the official client, whose real-time part runs only in browsers): config,
// allocation, socket.io handshake and WebSocket, collecting frames and the notifications they carry.
import { afterAll, afterEach, beforeAll, vi } from 'vitest';
import { WebSocket } from 'ws';
import { startEmulator, type TestEmulator } from './emulator.ts';

export interface RealtimeTestClient {
  /** Every text frame received, in order. */
  readonly frames: string[];
  /** The parsed `body` of every downstream request (type-3 frame), in order. */
  readonly notifications: Array<Record<string, unknown>>;
  send(frame: string): void;
  /** Resolves with the first frame (already received or to come) that matches. */
  frame(match: (frame: string) => boolean): Promise<string>;
  /** Resolves with the first notification with this eventId (and matching `where`, if given). */
  notification(
    eventId: number,
    where?: (body: Record<string, unknown>) => boolean,
  ): Promise<Record<string, unknown>>;
  /** Resolves with the close code when the socket closes. */
  readonly closed: Promise<number>;
  close(): void;
}

export async function allocate(base: string, token: string): Promise<Response> {
  return fetch(`${base}/trouter/v4/a?cor_id=c&con_num=1_1&epid=e`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain', 'x-skypetoken': token },
  });
}

export async function handshake(origin: string, token: string): Promise<Response> {
  return fetch(`${origin}/socket.io/1/?v=v4&epid=e&t=1`, { headers: { 'x-skypetoken': token } });
}

/** Opens a socket for `sid` (the handshake's first field); rejects if the server refuses it. */
export function openSocket(origin: string, sid: string): Promise<RealtimeTestClient> {
  const socket = new WebSocket(`${origin.replace(/^http/, 'ws')}/socket.io/1/websocket/${sid}`);
  const frames: string[] = [];
  const notifications: Array<Record<string, unknown>> = [];
  const waiters = new Set<() => void>();
  const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
  socket.on('message', (data) => {
    const text = String(data);
    frames.push(text);
    // As the official client: every heartbeat is echoed, which tells the server it is alive.
    if (text === '2::' && socket.readyState === WebSocket.OPEN) socket.send('2::');
    if (text.startsWith('3:::')) {
      const envelope = JSON.parse(text.slice(4)) as { body: string };
      notifications.push(JSON.parse(envelope.body) as Record<string, unknown>);
    }
    for (const wake of [...waiters]) wake();
  });
  function waitFor<T>(find: () => T | undefined): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = find();
        if (found !== undefined) {
          waiters.delete(check);
          resolve(found);
        } else if (socket.readyState === WebSocket.CLOSED) {
          waiters.delete(check);
          reject(new Error(`The socket closed first; frames: ${frames.join(' | ')}`));
        }
      };
      waiters.add(check);
      void closed.then(check);
      check();
    });
  }
  const client: RealtimeTestClient = {
    frames,
    notifications,
    send: (frame) => socket.send(frame),
    frame: (match) => waitFor(() => frames.find(match)),
    notification: (eventId, where = () => true) =>
      waitFor(() => notifications.find((body) => body.eventId === eventId && where(body))),
    closed,
    close: () => socket.close(),
  };
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(client));
    socket.once('unexpected-response', (_request, response) =>
      reject(new Error(`WebSocket refused: HTTP ${response.statusCode}`)),
    );
    socket.once('error', reject);
  });
}

/** Allocation, handshake and socket for a user's token, as the official client does them. */
export async function connectRealtime(base: string, token: string): Promise<RealtimeTestClient> {
  const allocation = (await (await allocate(base, token)).json()) as { socketio: string };
  const origin = allocation.socketio.replace(/\/$/, '');
  const sid = (await (await handshake(origin, token)).text()).split(':')[0]!;
  const client = await openSocket(origin, sid);
  await client.frame((frame) => frame.includes('"trouter.connected"'));
  return client;
}

/**
 * The emulator on a clock the test moves, for real-time tests: started before the file's tests,
 * closed after them; the test clients `connect` opens are closed after each test, with fake
 * timers undone.
 */
export function realtimeTestbed() {
  let now = Date.UTC(2026, 0, 1, 12);
  const clients: RealtimeTestClient[] = [];
  const bed = {
    emu: undefined as unknown as TestEmulator,
    /** Moves the emulator's clock on. */
    advance(ms: number) {
      now += ms;
    },
    /** Closes `client` after the test. */
    track<T extends RealtimeTestClient>(client: T): T {
      clients.push(client);
      return client;
    },
    async connect(token: string) {
      return bed.track(await connectRealtime(bed.emu.url, token));
    },
  };
  beforeAll(async () => {
    bed.emu = await startEmulator({ now: () => now });
  });
  afterEach(() => {
    vi.useRealTimers();
    for (const client of clients.splice(0)) client.close();
  });
  afterAll(() => bed.emu.close());
  return bed;
}
