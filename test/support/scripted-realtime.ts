// A real-time source the test drives: the official ChatClient's on/off, with `emit` in the
// test's hands. The browser tests use the official client itself against the emulator; this one
// lets jsdom tests hold events back, reorder them or cut the connection at exact points.
import type { ChatMessage } from '../../src/core/index.ts';
import type { ChatRealtimeEvents, ChatRealtimeSource } from '../../src/react/index.ts';

type Name = keyof ChatRealtimeEvents;

/**
 * How a source can fail, as the official ChatClient does: `'on'` and `'off'` throw from that method
 * (the client in Node), `'unstarted'` throws from `on` for all but the connection events (the
 * client before startRealtimeNotifications()).
 */
export type SourceFailure = 'on' | 'off' | 'unstarted';

const connectionEvents: readonly Name[] = [
  'realTimeNotificationConnected',
  'realTimeNotificationDisconnected',
];

export class ScriptedRealtime implements ChatRealtimeSource {
  readonly #listeners = new Map<Name, Set<(payload: never) => void>>();
  readonly #failure: SourceFailure | undefined;

  constructor(options: { failing?: SourceFailure } = {}) {
    this.#failure = options.failing;
  }

  on = <K extends Name>(event: K, listener: (payload: ChatRealtimeEvents[K]) => void) => {
    if (this.#failure === 'on')
      throw new Error('Realtime notifications are only supported in the browser.');
    if (this.#failure === 'unstarted' && !connectionEvents.includes(event))
      throw new Error(
        'You must call startRealtimeNotifications before you can subscribe to events.',
      );
    const set = this.#listeners.get(event) ?? new Set();
    set.add(listener as (payload: never) => void);
    this.#listeners.set(event, set);
  };

  off = <K extends Name>(event: K, listener: (payload: ChatRealtimeEvents[K]) => void) => {
    if (this.#failure === 'off' || this.#failure === 'on')
      throw new Error('Realtime notifications are only supported in the browser.');
    this.#listeners.get(event)?.delete(listener as (payload: never) => void);
  };

  emit<K extends Name>(
    event: K,
    ...payload: ChatRealtimeEvents[K] extends void ? [] : [ChatRealtimeEvents[K]]
  ) {
    for (const listener of this.#listeners.get(event) ?? [])
      (listener as (p: unknown) => void)(payload[0]);
  }

  /** Listeners held, over every event. */
  get listenerCount(): number {
    return [...this.#listeners.values()].reduce((n, set) => n + set.size, 0);
  }
}

/** The chatMessageReceived payload the service would push for a message. */
export function receivedEvent(threadId: string, message: ChatMessage, recipientId: string) {
  return {
    threadId,
    id: message.id,
    createdOn: message.createdOn,
    version: message.version,
    type: message.type === 'html' ? 'RichText/Html' : 'Text',
    message: message.content?.message ?? '',
    metadata: message.metadata ?? {},
    sender: message.sender!,
    senderDisplayName: message.senderDisplayName ?? '',
    recipient: { kind: 'communicationUser' as const, communicationUserId: recipientId },
  };
}
