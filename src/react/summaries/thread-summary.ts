// A thread's summary for an inbox row: how many messages the user has not read, the newest message
// as a preview, and when they last read. Computed from at most two requests (the user's read
// receipt, then the messages since it), then kept current by cache edits (summary-edits.ts).
import type { QueryClient } from '@tanstack/react-query';
import {
  getIdentifierRawId,
  type ChatMessage,
  type ChatMessageReadReceipt,
  type ChatParticipant,
} from '../../core/index.ts';
import { chatMessageText } from './message-text.ts';
import { ownRead } from '../records/own-reads.ts';
import { threadParticipants } from '../records/thread-participants.ts';
import { knownMessages } from '../records/tombstones.ts';
import type { ChatScope, ChatThreadSummary, ChatThreadSummaryMessage } from '../types.ts';

/** Counting stops here: a thread with this many unread or more says `unreadCapped` ("99+"). */
export const maxCountedUnread = 100;
// The service's largest page: one request normally holds every message since the receipt.
const summaryPageSize = 200;

const digits = /^\d+$/;

/**
 * Whether `id` is a message id (a numeric string). A receipt that names anything else is ignored:
 * compared with message ids, it would read everything or nothing.
 */
export const isMessageId = (id: string) => digits.test(id);

/**
 * Whether message `id` comes after message `than`. Message ids are numeric strings (epoch
 * milliseconds) that increase within a thread; other ids compare as strings.
 */
export function isAfter(id: string, than: string): boolean {
  return digits.test(id) && digits.test(than) ? Number(id) > Number(than) : id > than;
}

/** What may count as unread: a text or HTML message from someone else, not deleted. */
export const isMine = (message: ChatMessage, userId: string) =>
  message.sender !== undefined && getIdentifierRawId(message.sender) === userId;

export const countsAsUnread = (message: ChatMessage, userId: string) =>
  (message.type === 'text' || message.type === 'html') &&
  message.deletedOn === undefined &&
  !isMine(message, userId);

/**
 * Display names for system messages' previews: the thread's participants (when their list is
 * loaded), the user as "You", and `more` (e.g. senders of the messages just listed).
 */
export function namesFor(
  userId: string,
  participants: readonly ChatParticipant[] = [],
  more: readonly ChatMessage[] = [],
): (rawId: string) => string | undefined {
  const names = new Map<string, string>();
  for (const m of more)
    if (m.sender && m.senderDisplayName)
      names.set(getIdentifierRawId(m.sender), m.senderDisplayName);
  for (const p of participants)
    if (p.displayName) names.set(getIdentifierRawId(p.id), p.displayName);
  names.set(userId, 'You');
  return (rawId) => names.get(rawId);
}

export function previewMessage(
  message: ChatMessage,
  nameOf: (rawId: string) => string | undefined,
): ChatThreadSummaryMessage {
  return {
    id: message.id,
    type: message.type,
    sender: message.sender,
    senderDisplayName: message.senderDisplayName,
    preview: chatMessageText(message, { nameOf }),
    createdOn: message.createdOn,
    version: message.version,
  };
}

const later = (a: Date | undefined, b: Date) => (a === undefined || b > a ? b : a);

/**
 * The summary once the user has read up to message `chatMessageId` (at `readOn`): that message and
 * every one before it are read, counted or not. The same summary when it says so already (a poll
 * that brings the same receipt writes nothing).
 */
export function readUpTo(
  summary: ChatThreadSummary,
  chatMessageId: string,
  readOn?: Date,
): ChatThreadSummary {
  const held = summary.unreadMessageIds;
  const unreadMessageIds = held.filter((id) => isAfter(id, chatMessageId));
  const through = summary.lastReadMessageId;
  const lastReadMessageId =
    through === undefined || isAfter(chatMessageId, through) ? chatMessageId : through;
  const lastReadOn = readOn === undefined ? summary.lastReadOn : later(summary.lastReadOn, readOn);
  if (
    unreadMessageIds.length === held.length &&
    lastReadMessageId === through &&
    lastReadOn === summary.lastReadOn
  )
    return summary;
  return {
    ...summary,
    unreadMessageIds,
    unreadCount: unreadMessageIds.length,
    // Fewer counted: the count is exact again below the cap.
    unreadCapped:
      unreadMessageIds.length < held.length
        ? unreadMessageIds.length >= maxCountedUnread
        : summary.unreadCapped,
    lastReadMessageId,
    ...(lastReadOn === undefined ? {} : { lastReadOn }),
  };
}

/** The user's own latest receipt in the thread. */
async function ownReceipt(
  scope: ChatScope,
  threadId: string,
  signal: AbortSignal,
): Promise<ChatMessageReadReceipt | undefined> {
  const receipts = scope.client
    .getChatThreadClient(threadId)
    .listReadReceipts({ maxPageSize: summaryPageSize, signal });
  for await (const receipt of receipts)
    if (getIdentifierRawId(receipt.sender) === scope.userId) return receipt;
  return undefined;
}

/**
 * The thread's summary for the scope's user: their receipt (one request), then the messages since its message (one request; more pages only when the
 * first holds neither 100 unread nor the point where reading stopped).
 */
export async function fetchThreadSummary(
  scope: ChatScope,
  queryClient: QueryClient,
  threadId: string,
  signal: AbortSignal,
): Promise<ChatThreadSummary> {
  const held = await ownReceipt(scope, threadId, signal);
  const receipt = held && isMessageId(held.chatMessageId) ? held : undefined;
  let readThrough = receipt?.chatMessageId;
  // A message id is its creation time in ms. startTime is inclusive; taken to the whole second, in
  // case a service compares it with times kept in seconds: the few older messages are skipped below.
  const readAt = Number(readThrough);
  const startTime = readThrough === undefined ? undefined : new Date(readAt - (readAt % 1000));
  const listed: ChatMessage[] = [];
  const unread: string[] = [];
  let newest: ChatMessage | undefined;
  let lastReadOn = receipt?.readOn;
  let counting = true;
  const messages = scope.client
    .getChatThreadClient(threadId)
    .listMessages({ startTime, maxPageSize: summaryPageSize, signal });
  // Newest first: count until the receipt's message, the user's own message, or the cap. A message
  // this cache knows was deleted (the listing may have left before the deletion) is deleted.
  for await (const copy of messages) {
    const [message] = knownMessages(queryClient, scope, threadId, [copy]) as [ChatMessage];
    listed.push(message);
    if (newest === undefined && message.deletedOn === undefined) newest = message;
    if (counting) {
      if (readThrough !== undefined && !isAfter(message.id, readThrough)) counting = false;
      else if (isMine(message, scope.userId)) {
        counting = false;
        lastReadOn = later(lastReadOn, message.createdOn);
        readThrough = message.id;
      } else if (countsAsUnread(message, scope.userId)) {
        unread.push(message.id);
        counting = unread.length < maxCountedUnread;
      }
    }
    if (!counting && newest !== undefined) break;
  }
  // The names the thread's participants list holds, if loaded (the feeds hand them over).
  const participants = threadParticipants.get(queryClient, scope, threadId);
  const nameOf = namesFor(scope.userId, participants, listed);
  const summary: ChatThreadSummary = {
    unreadCount: unread.length,
    unreadCapped: unread.length >= maxCountedUnread,
    unreadMessageIds: unread,
    ...(newest === undefined ? {} : { lastMessage: previewMessage(newest, nameOf) }),
    ...(lastReadOn === undefined ? {} : { lastReadOn }),
    ...(readThrough === undefined ? {} : { lastReadMessageId: readThrough }),
  };
  // A read made since this request left (from here, or heard of from another device) stands.
  const read = ownRead(queryClient, scope, threadId);
  return read ? readUpTo(summary, read.chatMessageId, read.readOn) : summary;
}
