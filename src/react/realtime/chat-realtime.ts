// The live side of a ChatProvider: it listens to the real-time source, merges every event into the
// caches (applyChatEvent, replayed over fetches in flight: event-replay), knows the connection
// state and who is typing, and, when the connection comes back or the tab returns to the
// foreground, fetches what was missed meanwhile (resync).
import type { QueryClient, StaleTimeFunction } from '@tanstack/react-query';
import {
  getIdentifierRawId,
  type ChatError,
  type CommunicationIdentifierKind,
} from '../../core/index.ts';
import { applyChatEvent } from '../cache/apply-chat-event.ts';
import { EventReplay } from './event-replay.ts';
import { eventMessage, participantsOf, receiptEvent } from './realtime-events.ts';
import type { ChatRealtimeEvents, ChatRealtimeSource } from './realtime-source.ts';
import { Resync } from './resync.ts';
import { chatKeys } from '../chat-keys.ts';
import type { ChatEvent, ChatScope } from '../types.ts';

/**
 * `off`: no real-time source (`realtime={false}`, or by default a platform without WebSocket;
 * polling, where asked for, keeps lists fresh); `connecting`: a source, not connected yet;
 * `connected`: events flow, the hooks do not poll, and what events keep current is not refetched;
 * `disconnected`: the source lost its connection and is reconnecting, the provider's own client
 * could not connect (useChatConnectionError says why), or a source's `on` threw (the official
 * client in Node, or before `startRealtimeNotifications()`); the hooks poll meanwhile.
 */
export type ChatConnectionState = 'off' | 'connecting' | 'connected' | 'disconnected';

/** Someone typing in a thread, until 8 s after their last notification or their message. */
export interface TypingIndicator {
  sender: CommunicationIdentifierKind;
  senderDisplayName?: string;
  /** When their latest notification arrived (this device's clock). */
  receivedOn: Date;
}

// As the official clients: a typing notification holds for 8 s.
const typingMs = 8000;
const noOneTyping: readonly TypingIndicator[] = [];

type Handlers = { [K in keyof ChatRealtimeEvents]: (payload: ChatRealtimeEvents[K]) => void };

export class ChatRealtime {
  #state: ChatConnectionState;
  // When events stopped keeping the caches current: the connection lost (see resync).
  #coveredUntil: number | undefined;
  #error: ChatError | undefined;
  readonly #queryClient: QueryClient;
  readonly #listeners = new Set<() => void>();
  readonly #typing = new Map<string, readonly TypingIndicator[]>();
  readonly #timers = new Map<string, ReturnType<typeof setTimeout>>();
  // Aborted when listening stops: the reads it started end with it.
  #reads = new AbortController();
  readonly #replay: EventReplay;
  readonly #resync: Resync;

  private readonly scope: ChatScope;
  readonly source: ChatRealtimeSource;

  /** `heard`: the connection's state from the events heard before this listens, if any. */
  constructor(
    scope: ChatScope,
    queryClient: QueryClient,
    source: ChatRealtimeSource,
    heard?: 'connected' | 'disconnected',
  ) {
    this.scope = scope;
    this.source = source;
    this.#state = heard ?? 'connecting';
    this.#queryClient = queryClient;
    this.#replay = new EventReplay(queryClient, (event) =>
      applyChatEvent(queryClient, scope, event),
    );
    this.#resync = new Resync(scope, queryClient);
  }

  /**
   * For diagnostics and tests, all bounded and 0 when nothing is pending: fetches in flight that
   * events are replayed into, the events held for them, the queries a resync has still to bring up
   * to date, and how many of those wait to try again after a failure.
   */
  get pending(): { fetches: number; events: number; resyncs: number; retries: number } {
    const { queries, retries } = this.#resync.pending;
    return { ...this.#replay.pending, resyncs: queries, retries };
  }

  get state(): ChatConnectionState {
    return this.#state;
  }

  /** Why the source could not connect, until it connects: see `fail`. */
  get error(): ChatError | undefined {
    return this.#error;
  }

  /**
   * The source failed to connect (its start was refused, or a try failed and it is retrying):
   * 'disconnected', so the hooks poll, with the error to show, until it connects.
   */
  fail(error: ChatError): void {
    if (this.#error === error && this.#state === 'disconnected') return;
    this.#error = error;
    if (this.#state === 'disconnected') this.#notify();
    else this.#setState('disconnected');
  }

  /** Re-renders subscribers on a change of state or of who is typing. */
  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  typing(threadId: string): readonly TypingIndicator[] {
    return this.#typing.get(threadId) ?? noOneTyping;
  }

  /** Listens to the source (and to the tab's visibility); returns the function that stops. */
  start(): () => void {
    this.#reads = new AbortController();
    const stopReplays = this.#replay.start();
    const stopResyncs = this.#resync.start();
    const unlisten = this.#listen();
    // Connected before this listened: what came meanwhile is fetched.
    const stopFresh = this.#freshByEvents();
    if (this.#state === 'connected') this.resync();
    const onVisible = () => {
      if (document.visibilityState === 'visible') this.resync();
    };
    if (typeof document !== 'undefined') document.addEventListener('visibilitychange', onVisible);
    return () => {
      unlisten();
      stopFresh();
      if (typeof document !== 'undefined')
        document.removeEventListener('visibilitychange', onVisible);
      stopResyncs();
      stopReplays();
      this.#reads.abort();
      for (const timer of this.#timers.values()) clearTimeout(timer);
    };
  }

  /**
   * Fresh by events, not by refetch: the user's chat queries in this QueryClient get a default
   * staleTime that is Infinity while connected (events keep every one of them current, so a
   * remount or a refocus makes no request), else the staleTime they had (the app's defaults, or
   * TanStack's 0). A query default: a staleTime the app passes to a hook or over a factory's
   * options wins. A resync invalidates and refetches what it must, whatever this says. Returns the
   * function that takes the default away.
   */
  #freshByEvents(): () => void {
    const queryClient = this.#queryClient;
    const key = chatKeys(this.scope).all;
    const before = queryClient.getQueryDefaults(key).staleTime;
    const staleTime: StaleTimeFunction = (query) => {
      if (this.#state === 'connected') return Infinity;
      const fallback = before ?? queryClient.getDefaultOptions().queries?.staleTime ?? 0;
      return typeof fallback === 'function' ? fallback(query) : fallback;
    };
    queryClient.setQueryDefaults(key, { staleTime });
    return () => {
      if (queryClient.getQueryDefaults(key).staleTime === staleTime)
        queryClient.setQueryDefaults(key, {});
    };
  }

  /**
   * Catches up after a gap in the events: every loaded message list fetches what is new since its
   * newest message, and every other chat query in use fetches again; a list with a fetch in flight
   * catches up when it settles, and one that fails tries again, backing off, until it succeeds.
   * Safe to call any time: everything merges by id.
   */
  resync(): void {
    this.#resync.run(this.#coveredUntil);
  }

  // Adds a listener per event; returns the function that removes them. The source is the app's,
  // and whatever it throws must not break the app: the official ChatClient throws from `on` in
  // Node, and before startRealtimeNotifications() for all but the connection events. Then nothing
  // is heard (a Connected alone would stop the polls with no messages coming), and the hooks poll.
  #listen(): () => void {
    const { source } = this;
    const handlers = this.#handlers();
    const names = Object.keys(handlers) as (keyof ChatRealtimeEvents)[];
    // A listener the source failed to remove stays silent.
    let listening = true;
    const listeners = {} as Record<keyof ChatRealtimeEvents, (payload: never) => void>;
    for (const name of names) {
      const handler = handlers[name] as (payload: never) => void;
      listeners[name] = (payload) => {
        if (listening) handler(payload);
      };
    }
    const added: (keyof ChatRealtimeEvents)[] = [];
    const unlisten = () => {
      listening = false;
      for (const name of added.splice(0)) {
        try {
          source.off(name, listeners[name] as never);
        } catch {
          // Stopping must not throw; the listener left behind does nothing.
        }
      }
    };
    try {
      for (const name of names) {
        source.on(name, listeners[name] as never);
        added.push(name);
      }
    } catch {
      unlisten();
      this.#setState('disconnected');
    }
    return unlisten;
  }

  #apply(event: ChatEvent) {
    this.#heard();
    this.#replay.apply(event);
  }

  // An event means the channel is up, though its Connected may have come before we listened
  // (a source started earlier): stop polling now rather than never.
  #heard() {
    if (this.#state === 'connecting') this.#setState('connected');
  }

  #setState(state: ChatConnectionState) {
    if (state === this.#state) return;
    const wasConnected = this.#state === 'connected';
    if (wasConnected) this.#coveredUntil = Date.now();
    this.#state = state;
    if (state === 'connected') this.#error = undefined;
    this.#notify();
    if (state === 'connected' && !wasConnected) this.resync();
  }

  #notify() {
    for (const listener of this.#listeners) listener();
  }

  #setTyping(threadId: string, senderId: string, indicator?: TypingIndicator) {
    const key = `${threadId}\n${senderId}`;
    clearTimeout(this.#timers.get(key));
    this.#timers.delete(key);
    const others = this.typing(threadId).filter((t) => getIdentifierRawId(t.sender) !== senderId);
    if (!indicator && others.length === this.typing(threadId).length) return;
    this.#typing.set(threadId, indicator ? [...others, indicator] : others);
    if (indicator)
      this.#timers.set(
        key,
        setTimeout(() => this.#setTyping(threadId, senderId), typingMs),
      );
    this.#notify();
  }

  #handlers(): Handlers {
    const me = this.scope.userId;
    const mine = (sender: CommunicationIdentifierKind) => getIdentifierRawId(sender) === me;
    return {
      chatMessageReceived: (e) => {
        this.#setTyping(e.threadId, getIdentifierRawId(e.sender));
        const message = eventMessage(e);
        if (message) {
          this.#apply({ type: 'messageReceived', threadId: e.threadId, message });
          return;
        }
        // A system message: read it, for its structured content.
        void this.scope.client
          .getChatThreadClient(e.threadId)
          .getMessage(e.id, { signal: this.#reads.signal })
          .then((m) => this.#apply({ type: 'messageReceived', threadId: e.threadId, message: m }))
          .catch(() => {}); // the next resync brings it
      },
      chatMessageEdited: (e) => {
        const message = eventMessage(e);
        if (message)
          this.#apply({
            type: 'messageEdited',
            threadId: e.threadId,
            message: { ...message, editedOn: e.editedOn },
          });
      },
      chatMessageDeleted: (e) =>
        this.#apply({
          type: 'messageDeleted',
          threadId: e.threadId,
          messageId: e.id,
          deletedOn: e.deletedOn,
          version: e.version,
        }),
      typingIndicatorReceived: (e) => {
        this.#heard();
        if (mine(e.sender)) return;
        this.#setTyping(e.threadId, getIdentifierRawId(e.sender), {
          sender: e.sender,
          senderDisplayName: e.senderDisplayName || undefined,
          receivedOn: new Date(),
        });
      },
      readReceiptReceived: (e) => this.#apply(receiptEvent(e)),
      chatThreadCreated: (e) =>
        this.#apply({
          type: 'threadCreated',
          thread: { id: e.threadId, topic: e.properties.topic, lastMessageReceivedOn: e.createdOn },
        }),
      chatThreadPropertiesUpdated: (e) =>
        this.#apply({
          type: 'threadUpdated',
          threadId: e.threadId,
          topic: e.properties.topic,
          metadata: e.properties.metadata,
          version: e.version,
          updatedOn: e.updatedOn,
        }),
      chatThreadDeleted: (e) =>
        this.#apply({ type: 'threadDeleted', threadId: e.threadId, deletedOn: e.deletedOn }),
      participantsAdded: (e) =>
        this.#apply({
          type: 'participantsAdded',
          threadId: e.threadId,
          participants: participantsOf(e.participantsAdded),
        }),
      participantsRemoved: (e) =>
        this.#apply({
          type: 'participantsRemoved',
          threadId: e.threadId,
          participants: e.participantsRemoved.map((p) => p.id),
        }),
      realTimeNotificationConnected: () => this.#setState('connected'),
      realTimeNotificationDisconnected: () => this.#setState('disconnected'),
    };
  }
}
