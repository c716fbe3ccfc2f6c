// The live side of a ChatProvider: it listens to the real-time source, merges every event into the
// caches (applyChatEvent), knows the connection state and who is typing, and, when the connection
// comes back or the tab returns to the foreground, fetches what was missed meanwhile.
import type { QueryClient } from '@tanstack/react-query';
import { getIdentifierRawId, type CommunicationIdentifierKind } from '../core/index.ts';
import { applyChatEvent, type ChatEvent } from './apply-chat-event.ts';
import { chatKeys, type MessagesKeyOptions } from './chat-keys.ts';
import type { ChatScope } from './chat-provider.tsx';
import { pollNewMessages } from './poll-new-messages.ts';
import { eventMessage, participantsOf, receiptEvent } from './realtime-events.ts';
import type { ChatRealtimeEvents, ChatRealtimeSource } from './realtime-source.ts';

/**
 * `off`: no real-time source (polling, where asked for, keeps lists fresh); `connecting`: a source,
 * not connected yet; `connected`: events flow, and the hooks do not poll; `disconnected`: the
 * source lost its connection and is reconnecting, and the hooks poll meanwhile.
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
  readonly #listeners = new Set<() => void>();
  readonly #typing = new Map<string, readonly TypingIndicator[]>();
  readonly #timers = new Map<string, ReturnType<typeof setTimeout>>();
  // Aborted when listening stops: resyncs and reads it started end with it.
  #resyncs = new AbortController();
  // Events merged lately, and when each cached query's fetch in flight started: a fetch that
  // started before an event may answer without it and overwrite the merge, so the events since its
  // start are merged again into what it brought (every edit is keyed by id, so twice is once).
  #recent: { at: number; event: ChatEvent }[] = [];
  readonly #fetchStarts = new Map<string, number>();

  private readonly scope: ChatScope;
  private readonly queryClient: QueryClient;
  readonly source: ChatRealtimeSource;

  /** `heard`: the connection's state from the events heard before this listens, if any. */
  constructor(
    scope: ChatScope,
    queryClient: QueryClient,
    source: ChatRealtimeSource,
    heard?: 'connected' | 'disconnected',
  ) {
    this.scope = scope;
    this.queryClient = queryClient;
    this.source = source;
    this.#state = heard ?? 'connecting';
  }

  get state(): ChatConnectionState {
    return this.#state;
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
    const { source } = this;
    this.#resyncs = new AbortController();
    const handlers = this.#handlers();
    const names = Object.keys(handlers) as (keyof ChatRealtimeEvents)[];
    try {
      for (const name of names) source.on(name, handlers[name] as never);
    } catch {
      // E.g. the official client before startRealtimeNotifications(): no events, so poll.
      this.#setState('disconnected');
    }
    // Connected before this listened: what came meanwhile is fetched.
    if (this.#state === 'connected') this.resync();
    const onVisible = () => {
      if (document.visibilityState === 'visible') this.resync();
    };
    if (typeof document !== 'undefined') document.addEventListener('visibilitychange', onVisible);
    const stopReplays = this.queryClient.getQueryCache().subscribe((e) => {
      if (e.type !== 'updated') return;
      const hash = e.query.queryHash;
      if (e.action.type === 'fetch') {
        if (!this.#fetchStarts.has(hash)) this.#fetchStarts.set(hash, this.#clock());
      } else if (e.action.type === 'success' && !e.action.manual) {
        const since = this.#fetchStarts.get(hash);
        this.#fetchStarts.delete(hash);
        const missed = this.#recent.filter((r) => since !== undefined && r.at >= since);
        if (missed.length > 0) queueMicrotask(() => missed.forEach((r) => this.#merge(r.event)));
      } else if (e.action.type === 'error') {
        this.#fetchStarts.delete(hash);
      }
    });
    return () => {
      stopReplays();
      for (const name of names) source.off(name, handlers[name] as never);
      if (typeof document !== 'undefined')
        document.removeEventListener('visibilitychange', onVisible);
      this.#resyncs.abort();
      for (const timer of this.#timers.values()) clearTimeout(timer);
    };
  }

  /**
   * Catches up after a gap in the events: every loaded message list fetches what is new since its
   * newest message, and every other loaded list or property (threads, participants, receipts)
   * revalidates. Safe to call any time: everything merges by id.
   */
  resync(): void {
    const keys = chatKeys(this.scope);
    const cache = this.queryClient.getQueryCache();
    for (const query of cache.findAll({ queryKey: [...keys.all, 'thread'] })) {
      const [, , , , threadId, kind, options] = query.queryKey as unknown[];
      if (kind !== 'messages' || query.state.data === undefined) continue;
      void pollNewMessages(
        this.scope,
        this.queryClient,
        threadId as string,
        options as MessagesKeyOptions,
        this.#resyncs.signal,
      ).catch(() => {}); // the next resync or poll catches up
    }
    void this.queryClient.invalidateQueries({
      queryKey: keys.all,
      predicate: ({ queryKey }) => queryKey[5] !== 'messages',
    });
  }

  // A counter, not the clock: two things in one millisecond keep their order.
  #ticks = 0;
  #clock() {
    return ++this.#ticks;
  }

  #apply(event: ChatEvent) {
    this.#heard();
    this.#recent.push({ at: this.#clock(), event });
    // Only events newer than every fetch still in flight can be needed again.
    const oldest = Math.min(...this.#fetchStarts.values());
    this.#recent = this.#recent.filter((r) => r.at >= oldest);
    this.#merge(event);
  }

  #merge(event: ChatEvent) {
    applyChatEvent(this.queryClient, this.scope, event);
  }

  // An event means the channel is up, though its Connected may have come before we listened
  // (a source started earlier): stop polling now rather than never.
  #heard() {
    if (this.#state === 'connecting') this.#setState('connected');
  }

  #setState(state: ChatConnectionState) {
    if (state === this.#state) return;
    const wasConnected = this.#state === 'connected';
    this.#state = state;
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
          .getMessage(e.id, { signal: this.#resyncs.signal })
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
