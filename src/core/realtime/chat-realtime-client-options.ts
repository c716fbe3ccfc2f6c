// What ChatRealtimeClient takes besides the endpoint and credential. Every platform dependency
// (fetch, WebSocket, timers, the "network is back" signal) can be given, so the client runs where
// they exist under other names, and tests can count and steer them.

/** A function type whose parameter is checked bivariantly, so the platform's handlers fit. */
type Handler<E> = { bivarianceHack(event: E): void }['bivarianceHack'];

/** The part of a WebSocket the client uses: the platform's own (browsers, Node 22+, Deno, Bun, React Native) fits. */
export interface RealtimeWebSocket {
  readonly readyState: number;
  onopen: Handler<unknown> | null;
  onmessage: Handler<{ data: unknown }> | null;
  onclose: Handler<unknown> | null;
  onerror: Handler<unknown> | null;
  send(data: string): void;
  close(): void;
}

export type RealtimeWebSocketConstructor = new (url: string) => RealtimeWebSocket;

/** The clock and timers the client schedules with. */
export interface RealtimeClock {
  /** Epoch milliseconds. */
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/**
 * Subscribes to the moments a reconnect should not wait for its back-off (the network came back,
 * the app returned to the foreground): calls `wake` then, and returns the function that stops.
 */
export type ReconnectTrigger = (wake: () => void) => () => void;

export interface ChatRealtimeClientOptions {
  /** A Fetch API implementation. Default `globalThis.fetch`, read when the client starts. */
  fetch?: (input: string, init?: RequestInit) => Promise<Response>;
  /** A WebSocket constructor. Default `globalThis.WebSocket`, read when the client starts. */
  WebSocket?: RealtimeWebSocketConstructor;
  /** Default: `Date.now` and the global `setTimeout`/`clearTimeout`. */
  clock?: RealtimeClock;
  /**
   * When to reconnect at once instead of after the back-off, and, while connected, to check the
   * socket with a ping. Default: the `online` event and a `visibilitychange` to visible, where
   * `globalThis.addEventListener` and `document` exist (browsers); nothing elsewhere. `false` for
   * none.
   */
  reconnectTrigger?: ReconnectTrigger | false;
  /**
   * The longest frame read, in characters; a longer one is dropped and reported as
   * `realTimeNotificationMessageLoss`. Default 262144.
   */
  maxFrameLength?: number;
}
