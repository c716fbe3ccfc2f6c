// The seam for real-time events. ACS delivers them over a proprietary channel this library does not
// speak; whatever does (the official SDK's `chatClient.on('chatMessageReceived', ...)`, your own
// server's push, a test) maps each event to a ChatEvent and calls applyChatEvent. The caches change
// with the same de-duplication as polling, so events, polls and pages can meet without duplicates.
import type { QueryClient } from '@tanstack/react-query';
import {
  getIdentifierRawId,
  type ChatMessage,
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

export type ChatEvent =
  | { type: 'messageReceived'; threadId: string; message: ChatMessage }
  | { type: 'messageEdited'; threadId: string; message: ChatMessage }
  | { type: 'messageDeleted'; threadId: string; messageId: string; deletedOn?: Date }
  | { type: 'threadCreated'; thread: ChatThreadItem }
  | { type: 'threadUpdated'; threadId: string; topic?: string; metadata?: Record<string, string> }
  | { type: 'threadDeleted'; threadId: string }
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

  switch (event.type) {
    case 'messageReceived': {
      const { threadId, message } = event;
      // Our own message echoing a send in flight is shown once: see outgoing-messages.
      messages(threadId, (data) => mergeNewest(data, [message]));
      threads((data) => touchThread(data, threadId, message.createdOn));
      return;
    }
    case 'messageEdited':
      messages(event.threadId, (data) => patchMessage(data, event.message.id, () => event.message));
      return;
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
      threads((data) => removeThreads(data, new Set([event.threadId])));
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
        applyChatEvent(queryClient, scope, { type: 'threadDeleted', threadId: event.threadId });
        return;
      }
      queryClient.setQueryData(keys.participants(event.threadId), (current) =>
        current?.filter((p) => !removed.has(getIdentifierRawId(p.id))),
      );
      return;
    }
  }
}
