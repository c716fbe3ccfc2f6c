// Real-time events into the caches. ChatProvider's `realtime` source feeds it (see chat-realtime);
// anything else that learns of a change (your own server's push, a test) can call it too. The
// caches change with the same de-duplication as polling, so events, polls, sends and pages meet
// without duplicates.
import type { QueryClient } from '@tanstack/react-query';
import {
  getIdentifierRawId,
  type ChatMessage,
  type ChatMessageReadReceipt,
  type ChatParticipant,
  type ChatThreadItem,
  type CommunicationIdentifier,
} from '../core/index.ts';
import { chatKeys } from './chat-keys.ts';
import type { ChatKeyScope } from './chat-provider.tsx';
import {
  mergeNewest,
  patchMessage,
  type MessageListData,
  editMessageLists,
} from './message-lists.ts';
import {
  patchThread,
  putThreadFirst,
  removeThreads,
  touchThread,
  type ThreadListData,
  editThreadLists,
} from './thread-lists.ts';
import { updateThreadSummary } from './thread-summaries.ts';

export type ChatEvent =
  | { type: 'messageReceived'; threadId: string; message: ChatMessage }
  | { type: 'messageEdited'; threadId: string; message: ChatMessage }
  | { type: 'messageDeleted'; threadId: string; messageId: string; deletedOn?: Date }
  | { type: 'readReceiptReceived'; threadId: string; receipt: ChatMessageReadReceipt }
  | { type: 'threadCreated'; thread: ChatThreadItem }
  | { type: 'threadUpdated'; threadId: string; topic?: string; metadata?: Record<string, string> }
  | { type: 'threadDeleted'; threadId: string; deletedOn?: Date }
  | { type: 'participantsAdded'; threadId: string; participants: ChatParticipant[] }
  | { type: 'participantsRemoved'; threadId: string; participants: CommunicationIdentifier[] };

/**
 * Merges one real-time event into the caches of the user `scope` names (`{ endpoint, userId }`,
 * e.g. `useChatScope()`). Safe to call with events already seen: everything is keyed by id.
 */
export function applyChatEvent(
  queryClient: QueryClient,
  scope: ChatKeyScope,
  event: ChatEvent,
): void {
  const keys = chatKeys(scope);
  const threads = (change: (data: ThreadListData) => ThreadListData) =>
    editThreadLists(queryClient, keys, change);
  const messages = (threadId: string, change: (data: MessageListData) => MessageListData) =>
    editMessageLists(queryClient, keys, threadId, change);
  updateThreadSummary(queryClient, scope, event);

  switch (event.type) {
    case 'messageReceived': {
      const { threadId, message } = event;
      // Our own message echoing a send in flight is shown once: see outgoing-messages.
      messages(threadId, (data) => mergeNewest(data, [message]));
      threads((data) => touchThread(data, threadId, message.createdOn));
      return;
    }
    case 'messageEdited':
      // An event's copy has no sequenceId: the cached one keeps its place.
      messages(event.threadId, (data) =>
        patchMessage(data, event.message.id, (m) => ({
          ...m,
          ...event.message,
          sequenceId: event.message.sequenceId || m.sequenceId,
        })),
      );
      return;
    case 'readReceiptReceived': {
      // One receipt per reader, the latest, as the service lists them.
      const reader = getIdentifierRawId(event.receipt.sender);
      queryClient.setQueryData(keys.readReceipts(event.threadId), (current) => {
        if (current === undefined) return current;
        const held = current.find((r) => getIdentifierRawId(r.sender) === reader);
        if (held && held.readOn >= event.receipt.readOn) return current;
        return [...current.filter((r) => r !== held), event.receipt];
      });
      return;
    }
    case 'messageDeleted':
      messages(event.threadId, (data) =>
        patchMessage(data, event.messageId, (m) => ({
          ...m,
          deletedOn: event.deletedOn ?? new Date(),
        })),
      );
      return;
    case 'threadCreated':
      threads((data) => putThreadFirst(data, event.thread));
      return;
    case 'threadUpdated': {
      const { threadId, topic, metadata } = event;
      if (topic !== undefined) threads((data) => patchThread(data, threadId, { topic }));
      queryClient.setQueryData(keys.thread(threadId), (properties) =>
        properties === undefined
          ? properties
          : {
              ...properties,
              ...(topic === undefined ? {} : { topic }),
              ...(metadata === undefined
                ? {}
                : { metadata: { ...properties.metadata, ...metadata } }),
            },
      );
      return;
    }
    case 'threadDeleted':
      // The service keeps listing a deleted thread, with deletedOn; the hooks hide it.
      threads((data) =>
        patchThread(data, event.threadId, { deletedOn: event.deletedOn ?? new Date() }),
      );
      queryClient.removeQueries({ queryKey: keys.threadScope(event.threadId) });
      return;
    case 'participantsAdded':
      queryClient.setQueryData(keys.participants(event.threadId), (current) => {
        if (current === undefined) return current;
        const added = new Map(event.participants.map((p) => [getIdentifierRawId(p.id), p]));
        return [...current.filter((p) => !added.has(getIdentifierRawId(p.id))), ...added.values()];
      });
      return;
    case 'participantsRemoved': {
      const removed = new Set(event.participants.map(getIdentifierRawId));
      if (removed.has(scope.userId)) {
        // Removed: the thread leaves this user's lists and its data, which they can no longer read.
        threads((data) => removeThreads(data, new Set([event.threadId])));
        queryClient.removeQueries({ queryKey: keys.threadScope(event.threadId) });
        return;
      }
      queryClient.setQueryData(keys.participants(event.threadId), (current) =>
        current?.filter((p) => !removed.has(getIdentifierRawId(p.id))),
      );
      return;
    }
  }
}
