// Every edit of the cached thread summaries, in one place: a message received (event or poll) or
// sent from here, edited or deleted, and a read receipt this user sent (from here or, as an event,
// from another of their devices). Each takes the ChatEvent that describes it; the summary changes
// in place, with no request. Edits are keyed by message id and ordered by it, not by arrival: an
// event, the poll that brings the same message and a send's answer count it once; a message that
// arrives after a newer one still counts if it is unread; a deleted one never comes back.
import type { QueryClient } from '@tanstack/react-query';
import { getIdentifierRawId, type ChatMessage, type ChatParticipant } from '../../core/index.ts';
import { chatKeys } from '../chat-keys.ts';
import { rememberOwnRead } from '../records/own-reads.ts';
import {
  countsAsUnread,
  isAfter,
  isMessageId,
  isMine,
  maxCountedUnread,
  namesFor,
  previewMessage,
  readUpTo,
} from './thread-summary.ts';
import { knownMessages } from '../records/tombstones.ts';
import { compareVersions } from '../records/versions.ts';
import type { ChatEvent, ChatKeyScope, ChatThreadSummary } from '../types.ts';

/** The event of a receipt the user just sent from here (read now, by this device's clock). */
export const ownReceipt = (scope: ChatKeyScope, threadId: string, chatMessageId: string) =>
  ({
    type: 'readReceiptReceived',
    threadId,
    receipt: { sender: { kind: 'unknown', id: scope.userId }, chatMessageId, readOn: new Date() },
  }) satisfies ChatEvent;

/**
 * What an edit needs from the other caches, found by its caller (see cache/summary-inputs): the
 * reducer reads no cache but its own, so the order its caller edits the others in does not matter.
 */
export interface SummaryInputs {
  /** The thread's participants, when loaded: names for system messages' previews. */
  participants?: readonly ChatParticipant[];
  /**
   * For a deletion: the newest message before the deleted one that the thread's loaded lists hold,
   * previewed if the deleted one was; none loaded, the summary is read again.
   */
  before?: ChatMessage;
}

/** Updates the thread's cached summary, if there is one, for what `event` says happened. */
export function updateThreadSummary(
  queryClient: QueryClient,
  scope: ChatKeyScope,
  event: ChatEvent,
  inputs: SummaryInputs = {},
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
    previewMessage(message, namesFor(scope.userId, inputs.participants));
  const known = (message: ChatMessage) =>
    knownMessages(queryClient, scope, threadId, [message])[0]!;

  const deleted = (messageId: string) => {
    let unknown = false;
    edit((summary) => {
      let next = summary;
      if (summary.unreadMessageIds.includes(messageId)) {
        const unreadMessageIds = summary.unreadMessageIds.filter((id) => id !== messageId);
        next = { ...summary, unreadMessageIds, unreadCount: unreadMessageIds.length };
      }
      if (summary.lastMessage?.id !== messageId) return next;
      // The message before it is the preview now: the thread's loaded messages know it; if none
      // are loaded, the summary is read again.
      if (inputs.before) return { ...next, lastMessage: preview(inputs.before) };
      unknown = true;
      return next;
    });
    // After the edit, which would otherwise mark the summary fresh again.
    if (unknown) void queryClient.invalidateQueries({ queryKey: key, exact: true });
  };

  switch (event.type) {
    case 'messageReceived': {
      const message = known(event.message);
      // A copy that comes deleted (a poll's, or one whose deletion was heard first) is a deletion.
      if (message.deletedOn !== undefined) return deleted(message.id);
      return edit((summary) => {
        const last = summary.lastMessage;
        const newest =
          last === undefined ||
          isAfter(message.id, last.id) ||
          (message.id === last.id && (compareVersions(message.version, last.version) ?? 0) > 0);
        const withLast = newest ? { ...summary, lastMessage: preview(message) } : summary;
        // Sending counts as reading.
        if (isMine(message, scope.userId)) return readUpTo(withLast, message.id, message.createdOn);
        const held = summary.unreadMessageIds;
        const oldest = held[held.length - 1];
        const through = summary.lastReadMessageId;
        if (
          !countsAsUnread(message, scope.userId) ||
          held.includes(message.id) ||
          (through !== undefined && !isAfter(message.id, through)) ||
          // Past the cap, older messages were never looked at: this one may be counted already.
          (summary.unreadCapped && oldest !== undefined && isAfter(oldest, message.id))
        )
          return withLast;
        // In id order, newest first, wherever it arrived.
        const at = held.findIndex((id) => isAfter(message.id, id));
        const unreadMessageIds =
          at < 0 ? [...held, message.id] : [...held.slice(0, at), message.id, ...held.slice(at)];
        return {
          ...withLast,
          unreadMessageIds,
          unreadCount: unreadMessageIds.length,
          unreadCapped: summary.unreadCapped || unreadMessageIds.length >= maxCountedUnread,
        };
      });
    }
    case 'messageEdited': {
      const message = known(event.message);
      return edit((summary) => {
        const last = summary.lastMessage;
        if (last?.id !== message.id || message.deletedOn !== undefined) return summary;
        // An edit older than the one previewed changes nothing.
        if ((compareVersions(message.version, last.version) ?? 0) < 0) return summary;
        return { ...summary, lastMessage: preview(message) };
      });
    }
    case 'messageDeleted':
      return deleted(event.messageId);
    case 'readReceiptReceived': {
      const { receipt } = event;
      if (getIdentifierRawId(receipt.sender) !== scope.userId) return;
      if (!isMessageId(receipt.chatMessageId)) return;
      rememberOwnRead(queryClient, scope, threadId, receipt);
      return edit((summary) => readUpTo(summary, receipt.chatMessageId, receipt.readOn));
    }
    default:
      return;
  }
}
