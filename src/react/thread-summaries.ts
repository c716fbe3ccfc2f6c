// Every edit of the cached thread summaries, in one place: a message received (event or poll) or
// sent from here, edited or deleted, and a read receipt this user sent (from here or, as an event,
// from another of their devices). Each takes the ChatEvent that describes it; the summary changes
// in place, with no request. Edits are keyed by message id, so an event, the poll that brings the
// same message and a send's answer count it once.
import type { QueryClient } from '@tanstack/react-query';
import { getIdentifierRawId, type ChatMessage } from '../core/index.ts';
import type { ChatEvent } from './apply-chat-event.ts';
import { chatKeys } from './chat-keys.ts';
import type { ChatKeyScope } from './chat-provider.tsx';
import { visibleMessages, type MessageListData } from './message-lists.ts';
import {
  countsAsUnread,
  isAfter,
  isMine,
  maxCountedUnread,
  namesFor,
  previewMessage,
  type ChatThreadSummary,
} from './thread-summary.ts';

// The same summary when it says so already: a poll that brings the same receipt writes nothing.
const read = (summary: ChatThreadSummary, at?: Date): ChatThreadSummary => {
  const later = at !== undefined && (summary.lastReadOn === undefined || summary.lastReadOn < at);
  if (summary.unreadCount === 0 && !summary.unreadCapped && !later) return summary;
  return {
    ...summary,
    unreadCount: 0,
    unreadCapped: false,
    unreadMessageIds: [],
    ...(later ? { lastReadOn: at } : {}),
  };
};

/** The event of a receipt the user just sent from here (read now, by this device's clock). */
export const ownReceipt = (scope: ChatKeyScope, threadId: string, chatMessageId: string) =>
  ({
    type: 'readReceiptReceived',
    threadId,
    receipt: { sender: { kind: 'unknown', id: scope.userId }, chatMessageId, readOn: new Date() },
  }) satisfies ChatEvent;

/** Updates the thread's cached summary, if there is one, for what `event` says happened. */
export function updateThreadSummary(
  queryClient: QueryClient,
  scope: ChatKeyScope,
  event: ChatEvent,
): void {
  if (!('threadId' in event)) return;
  const { threadId } = event;
  const key = chatKeys(scope).threadSummary(threadId);
  const edit = (change: (summary: ChatThreadSummary) => ChatThreadSummary | undefined) => {
    const summary = queryClient.getQueryData(key);
    const changed = summary && change(summary);
    if (changed && changed !== summary) queryClient.setQueryData(key, changed);
  };
  const preview = (message: ChatMessage) =>
    previewMessage(message, namesFor(queryClient, scope, threadId));

  switch (event.type) {
    case 'messageReceived':
      return edit((summary) => {
        const { message } = event;
        const last = summary.lastMessage;
        // Seen already (the same message from an event, a poll, a send), or deleted: no change.
        if (message.deletedOn !== undefined || (last && !isAfter(message.id, last.id)))
          return summary;
        const withLast = { ...summary, lastMessage: preview(message) };
        if (isMine(message, scope.userId)) return read(withLast, message.createdOn);
        if (!countsAsUnread(message, scope.userId)) return withLast;
        const unreadMessageIds = [message.id, ...summary.unreadMessageIds];
        return {
          ...withLast,
          unreadMessageIds,
          unreadCount: unreadMessageIds.length,
          unreadCapped: summary.unreadCapped || unreadMessageIds.length >= maxCountedUnread,
        };
      });
    case 'messageEdited':
      return edit((summary) =>
        summary.lastMessage?.id === event.message.id
          ? { ...summary, lastMessage: preview(event.message) }
          : summary,
      );
    case 'messageDeleted': {
      let unknown = false;
      edit((summary) => {
        const { messageId } = event;
        let next = summary;
        if (summary.unreadMessageIds.includes(messageId)) {
          const unreadMessageIds = summary.unreadMessageIds.filter((id) => id !== messageId);
          next = { ...summary, unreadMessageIds, unreadCount: unreadMessageIds.length };
        }
        if (summary.lastMessage?.id !== messageId) return next;
        // The message before it is the preview now: the thread's loaded messages know it; if none
        // are loaded, the summary is read again.
        const lists = queryClient.getQueriesData<MessageListData>({
          queryKey: chatKeys(scope).messageLists(threadId),
        });
        for (const [, data] of lists) {
          const before = data && visibleMessages(data, false).find((m) => m.id !== messageId);
          if (before) return { ...next, lastMessage: preview(before) };
        }
        unknown = true;
        return next;
      });
      // After the edit, which would otherwise mark the summary fresh again.
      if (unknown) void queryClient.invalidateQueries({ queryKey: key, exact: true });
      return;
    }
    case 'readReceiptReceived': {
      const { receipt } = event;
      if (getIdentifierRawId(receipt.sender) !== scope.userId) return;
      return edit((summary) => {
        const held = summary.unreadMessageIds;
        const unreadMessageIds = held.filter((id) => isAfter(id, receipt.chatMessageId));
        // Reading up to one of the counted messages reads every older one too, counted or not.
        const readOlder = unreadMessageIds.length < held.length;
        if (unreadMessageIds.length === 0) return read(summary, receipt.readOn);
        return {
          ...read(summary, receipt.readOn),
          unreadMessageIds,
          unreadCount: unreadMessageIds.length,
          unreadCapped: readOlder
            ? unreadMessageIds.length >= maxCountedUnread
            : summary.unreadCapped,
        };
      });
    }
    default:
      return;
  }
}
