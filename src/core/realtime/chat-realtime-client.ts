// ChatRealtimeClient: ACS Chat's real-time notifications without the official SDK. It speaks the
// channel the official ChatClient speaks (realtime-session.ts), emits its ten events with its
// payloads (notification-payloads.ts), and adds what it lacks: it runs wherever fetch and
// WebSocket exist, reports every state change with the error behind it, refreshes a refused or
// expiring token through the credential, and reconnects at once when the network comes back.
import { parseEndpoint } from '../chat-http.ts';
import type { ChatError } from '../chat-error.ts';
import { CommunicationTokenCredential, type TokenCredentialLike } from '../token-credential.ts';
import { fail } from '../validate.ts';
import type { ChatRealtimeClientOptions } from './chat-realtime-client-options.ts';
import type { ChatRealtimeClientEvents, ChatRealtimeState } from './events.ts';
import { realtimeSession, type Emit } from './realtime-session.ts';

type EventName = keyof ChatRealtimeClientEvents;
type Listener<K extends EventName> = (payload: ChatRealtimeClientEvents[K]) => void;

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
  readonly #listeners = new Map<EventName, Set<(payload: never) => void>>();
  #state: ChatRealtimeState = 'stopped';
  #error: ChatError | undefined;
  readonly #start: () => Promise<void>;
  readonly #stop: () => Promise<void>;

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
    const tokens = toCredential(credential);
    if (typeof options !== 'object' || options === null) fail('options', 'expected an object.');
    const listeners = this.#listeners;
    const emit: Emit = (event, payload) => {
      for (const listener of [...(listeners.get(event) ?? [])]) {
        try {
          (listener as Listener<typeof event>)(payload);
        } catch (error) {
          // A listener's bug is the app's to see, and must not stop the others or the socket.
          queueMicrotask(() => {
            throw error;
          });
        }
      }
    };
    [this.#start, this.#stop] = realtimeSession(
      this.endpoint,
      tokens,
      options,
      emit,
      (state, error) => {
        this.#state = state;
        this.#error = error;
      },
    );
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
    return this.#start();
  }

  /**
   * Closes the socket, sends the registrar's DELETE (resolving once it is answered, or after its
   * retries), and reports `stopped` (and `realTimeNotificationDisconnected` when it was connected).
   */
  stop(): Promise<void> {
    return this.#stop();
  }
}
