import type { ChatError, ChatMessage, ChatPage } from '../core/index.ts';

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

/** A message as we sent it: `id` is the local id until the server gives one. */
export function outgoingMessage(
  id: string,
  message: OutgoingMessage,
  senderId: string,
): ChatMessageItem {
  return {
    id,
    type: message.type ?? 'text',
    sequenceId: '',
    version: '',
    content: { message: message.content },
    senderDisplayName: message.senderDisplayName,
    createdOn: new Date(),
    sender: { kind: 'communicationUser', communicationUserId: senderId },
    metadata: message.metadata,
  };
}
