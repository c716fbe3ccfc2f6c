// Shared helpers of the ChatRealtimeClient tests: a virtual clock (timers fire when a test says
// so), a WebSocket tap (the platform's own WebSocket, with what crosses it recorded, frames from the
// server filtered or added), a fetch that records requests, and waiting for a state.
import { afterAll, afterEach, beforeAll } from 'vitest';
import {
  ChatClient,
  ChatRealtimeClient,
  CommunicationTokenCredential,
  type ChatRealtimeClientOptions,
  type TokenCredentialLike,
} from '../../../src/core/index.ts';
import type {
  RealtimeClock,
  RealtimeWebSocket,
} from '../../../src/core/realtime/chat-realtime-client-options.ts';
import { startEmulator, type TestEmulator } from '../../support/emulator.ts';

interface VirtualTimer {
  id: number;
  /** The delay it was set with. */
  ms: number;
  due: number;
  callback: () => void;
}

/**
 * A clock whose timers fire only when the test advances it, except 0 ms ones, which fire on the
 * next turn of the real event loop (the client's "reconnect now").
 */
export class VirtualClock implements RealtimeClock {
  #now = Date.now();
  #next = 0;
  readonly #timers = new Map<number, VirtualTimer>();
  /** Every delay ever set, in order. */
  readonly delays: number[] = [];

  now(): number {
    return this.#now;
  }

  setTimeout(callback: () => void, ms: number): unknown {
    const id = ++this.#next;
    this.#timers.set(id, { id, ms, due: this.#now + Math.max(ms, 0), callback });
    this.delays.push(ms);
    if (ms <= 0) setImmediate(() => this.#fire(id));
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.#timers.delete(handle as number);
  }

  /** Timers set and not yet fired or cleared, earliest first. */
  get pending(): VirtualTimer[] {
    return [...this.#timers.values()].sort((a, b) => a.due - b.due || a.id - b.id);
  }

  /** Fires the earliest pending timer that matches, moving the clock to its time (never back). */
  fire(match: (timer: VirtualTimer) => boolean = () => true): VirtualTimer {
    const timer = this.pending.find(match);
    if (!timer) throw new Error(`No pending timer matches; pending: ${this.describe()}`);
    this.#now = Math.max(this.#now, timer.due);
    this.#fire(timer.id);
    return timer;
  }

  /** Moves the clock forward, firing every timer due meanwhile, in order. */
  advance(ms: number): void {
    const end = this.#now + ms;
    for (;;) {
      const timer = this.pending[0];
      if (!timer || timer.due > end) break;
      this.#now = Math.max(this.#now, timer.due);
      this.#fire(timer.id);
    }
    this.#now = end;
  }

  describe(): string {
    return this.pending.map((timer) => `${timer.ms} ms`).join(', ') || 'none';
  }

  #fire(id: number): void {
    const timer = this.#timers.get(id);
    if (!timer) return;
    this.#timers.delete(id);
    timer.callback();
  }
}

/** One socket the client opened, over the platform's WebSocket. */
export interface TappedSocket extends RealtimeWebSocket {
  readonly url: string;
  /** Frames the client sent, in order. */
  readonly sent: string[];
  /** Frames the server sent, in order (filtered ones included). */
  readonly received: string[];
  /** A frame from the server for which this returns false never reaches the client. */
  filter: (frame: string) => boolean;
  /** Hands the client a frame as if the server had sent it. */
  serverSends(frame: string): void;
  /** Set when the client closed the socket. */
  closedByClient: boolean;
}

export interface SocketTap {
  WebSocket: new (url: string) => TappedSocket;
  sockets: TappedSocket[];
  /** The filter each new socket starts with. */
  filter: (frame: string) => boolean;
}

/** A WebSocket constructor for the client's options, recording every socket it makes. */
export function socketTap(): SocketTap {
  const sockets: TappedSocket[] = [];
  const tap: SocketTap = { WebSocket: undefined!, sockets, filter: () => true };
  class Tapped implements TappedSocket {
    readonly url: string;
    readonly sent: string[] = [];
    readonly received: string[] = [];
    readonly #socket: WebSocket;
    filter = tap.filter;
    closedByClient = false;
    onopen: RealtimeWebSocket['onopen'] = null;
    onmessage: RealtimeWebSocket['onmessage'] = null;
    onclose: RealtimeWebSocket['onclose'] = null;
    onerror: RealtimeWebSocket['onerror'] = null;

    constructor(url: string) {
      this.url = url;
      this.#socket = new WebSocket(url);
      sockets.push(this);
      this.#socket.onopen = (event) => this.onopen?.(event);
      this.#socket.onclose = (event) => this.onclose?.(event);
      this.#socket.onerror = (event) => this.onerror?.(event);
      this.#socket.onmessage = (event: MessageEvent) => {
        const frame = String(event.data);
        this.received.push(frame);
        if (this.filter(frame)) this.onmessage?.({ data: frame });
      };
    }

    get readyState(): number {
      return this.#socket.readyState;
    }

    send(data: string): void {
      this.sent.push(data);
      this.#socket.send(data);
    }

    close(): void {
      this.closedByClient = true;
      this.#socket.close();
    }

    serverSends(frame: string): void {
      this.onmessage?.({ data: frame });
    }
  }
  tap.WebSocket = Tapped;
  return tap;
}

export interface RecordedRequest {
  method: string;
  url: URL;
  headers: Headers;
  body: string;
  /** The response's body, once it came. */
  response?: Promise<string>;
}

/** The platform's fetch, recording each request the client makes. */
export function fetchTap(): {
  fetch: (input: string, init?: RequestInit) => Promise<Response>;
  requests: RecordedRequest[];
} {
  const requests: RecordedRequest[] = [];
  return {
    requests,
    fetch: async (input, init = {}) => {
      const record: RecordedRequest = {
        method: init.method ?? 'GET',
        url: new URL(input),
        headers: new Headers(init.headers),
        body: typeof init.body === 'string' ? init.body : '',
      };
      requests.push(record);
      const response = await fetch(input, init);
      record.response = response.clone().text();
      return response;
    },
  };
}

/** Resolves with `check`'s first truthy value, re-checked on every turn of the event loop. */
export async function until<T>(check: () => T | undefined | null | false | 0 | ''): Promise<T> {
  for (;;) {
    const value = check();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/**
 * The emulator for a file's ChatRealtimeClient tests: started before them, closed after; every
 * real-time client `client` makes is stopped, and every chat client `chat` makes closed, after
 * each test.
 */
export function realtimeClientTestbed() {
  const clients: ChatRealtimeClient[] = [];
  const chats: ChatClient[] = [];
  const bed = {
    emu: undefined as unknown as TestEmulator,
    client(credential: TokenCredentialLike | string, options: ChatRealtimeClientOptions = {}) {
      const live = new ChatRealtimeClient(bed.emu.url, credential, options);
      clients.push(live);
      return live;
    },
    chat(token: string): ChatClient {
      const chat = new ChatClient(bed.emu.url, new CommunicationTokenCredential(token));
      chats.push(chat);
      return chat;
    },
  };
  beforeAll(async () => {
    bed.emu = await startEmulator();
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.stop()));
    for (const chat of chats.splice(0)) chat.close();
  });
  afterAll(() => bed.emu.close());
  return bed;
}
