// The types every part of the React layer shares, in one leaf that imports nothing of the layer:
// the scope that roots every key, the events merged into the caches, and the data some caches hold.
// No file imports a type from a file above it, so the imports draw no circle.
import type {
  ChatClient,
  ChatError,
  ChatMessage,
  ChatMessageReadReceipt,
  ChatMessageType,
  ChatPage,
  ChatParticipant,
  ChatThreadItem,
  CommunicationIdentifier,
  CommunicationIdentifierKind,
} from '../core/index.ts';

/**
 * What the query keys and options factories need: the client, and the endpoint and user that root
 * every key (so two users, or two resources, never share cached data).
 */
export interface ChatScope {
  readonly client: ChatClient;
  readonly endpoint: string;
  /** The ACS user id (`8:acs:...`) the client acts as. */
  readonly userId: string;
}

/** The part of a scope that query keys use. */
export type ChatKeyScope = Pick<ChatScope, 'endpoint' | 'userId'>;

export type ChatEvent =
  | { type: 'messageReceived'; threadId: string; message: ChatMessage }
  | { type: 'messageEdited'; threadId: string; message: ChatMessage }
  | {
      type: 'messageDeleted';
      threadId: string;
      messageId: string;
      deletedOn?: Date;
      /** The deleted message's version: a copy with a newer one is not deleted. */
      version?: string;
    }
  | { type: 'readReceiptReceived'; threadId: string; receipt: ChatMessageReadReceipt }
  | { type: 'threadCreated'; thread: ChatThreadItem }
  | {
      type: 'threadUpdated';
      threadId: string;
      topic?: string;
      metadata?: Record<string, string>;
      /** The thread's version after the update, and when it happened: an older update is ignored. */
      version?: string;
      updatedOn?: Date;
    }
  | { type: 'threadDeleted'; threadId: string; deletedOn?: Date }
  | { type: 'participantsAdded'; threadId: string; participants: ChatParticipant[] }
  | { type: 'participantsRemoved'; threadId: string; participants: CommunicationIdentifier[] };

/** A page of the user's threads. */
export type ChatThreadsPage = ChatPage<ChatThreadItem>;

/**
 * A message as `useChatMessages` shows it: the server's, or one being sent from here. A message
 * being sent has `status: 'pending'` (then `'failed'`, with the error, if the service refused it)
 * and its `id` is its `clientMessageId` until the server's message replaces it. Cached pages hold
 * the server's messages only.
 */
export interface ChatMessageItem extends ChatMessage {
  status?: 'pending' | 'failed';
  /** Set on messages sent from here; keeps one identity across a retry. */
  clientMessageId?: string;
  error?: ChatError;
}

/** A page of messages, newest first. */
export interface ChatMessagesPage extends ChatPage<ChatMessageItem> {
  /**
   * On the first page: the newest `createdOn` that listing (not sending or events) has reached.
   * Polls ask for what is new since then, so a message inserted locally never hides a gap.
   */
  listedThrough?: Date;
}

/** What we know of a message we send, before (or without) the server's copy. */
export interface OutgoingMessage {
  content: string;
  senderDisplayName?: string;
  type?: 'text' | 'html';
  metadata?: Record<string, string>;
}

export interface SendChatMessageVariables extends OutgoingMessage {
  /** The local copy's id. Default: one per `mutate`; `retry` reuses the failed message's. */
  clientMessageId?: string;
}

/** The newest visible message of a thread, as a preview. */
export interface ChatThreadSummaryMessage {
  id: string;
  type: ChatMessageType;
  sender?: CommunicationIdentifierKind;
  senderDisplayName?: string;
  /** The message as words: its text (HTML as plain text), or what a system message says happened. */
  preview: string;
  createdOn: Date;
  /** The message's version: an edit of it that is older does not change the preview. */
  version: string;
}

export interface ChatThreadSummary {
  /**
   * Text and HTML messages from others that are newer than the user's latest read receipt and
   * than their own latest message (sending counts as reading). Counting stops at 100.
   */
  unreadCount: number;
  /** True when there are 100 unread or more, so the count is a lower bound: show "99+". */
  unreadCapped: boolean;
  /** The ids of the messages counted as unread, newest first (what a receipt or a delete removes). */
  unreadMessageIds: string[];
  /** The newest message not deleted, if the messages since the user last read hold one. */
  lastMessage?: ChatThreadSummaryMessage;
  /** When the user last read the thread: their latest receipt, or their latest message if later. */
  lastReadOn?: Date;
  /**
   * The newest message the user has read: their latest receipt's, or their own latest message if
   * newer. What others sent after it is unread, whatever order it arrives in.
   */
  lastReadMessageId?: string;
}
