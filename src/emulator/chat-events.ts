// What changed in the store, as one stream: every state change a client could be notified of is
// emitted here, from the store's own methods, so the real-time channel (and anything else) listens
// in one place instead of in each route. `recipients` are the rawIds to notify, fixed when the
// change happened: the thread's participants then (a removed participant hears of their removal,
// and of nothing after it).
import type {
  MessageRecord,
  ParticipantRecord,
  ReadReceiptRecord,
  ThreadRecord,
} from './records.ts';

interface Base {
  thread: ThreadRecord;
  /** Epoch milliseconds. */
  at: number;
  recipients: string[];
}

export type ChatEvent =
  | (Base & { kind: 'messageSent' | 'messageEdited' | 'messageDeleted'; message: MessageRecord })
  | (Base & { kind: 'typing'; sender: string; senderDisplayName: string })
  | (Base & { kind: 'readReceipt'; receipt: ReadReceiptRecord })
  | (Base & { kind: 'threadCreated' })
  | (Base & { kind: 'threadUpdated' | 'threadDeleted'; by: string })
  | (Base & {
      kind: 'participantsAdded' | 'participantsRemoved';
      by: string;
      participants: ParticipantRecord[];
    });

export type ChatEventListener = (event: ChatEvent) => void;

export class ChatEvents {
  readonly #listeners = new Set<ChatEventListener>();

  /** Calls `listener` for every later event; returns the function that stops it. */
  on(listener: ChatEventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  emit(event: ChatEvent): void {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch (error) {
        // A listener's failure must not undo or fail the request that changed the state.
        console.error('[react-acs-chat emulator] a chat event listener failed', error);
      }
    }
  }
}
