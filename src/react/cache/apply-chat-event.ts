// Real-time events into the caches. ChatProvider's `realtime` source feeds it (see chat-realtime);
// anything else that learns of a change (your own server's push, a test) can call it too. The
// caches change with the same de-duplication as polling, so events, polls, sends and pages meet
// without duplicates. Events may come late, twice or out of order: an older one never overwrites
// newer state (messages and thread updates compare versions), and nothing deleted comes back
// (deletions are remembered by id, see tombstones).
import type { QueryClient } from '@tanstack/react-query';
import { getIdentifierRawId, type ChatMessage } from '../../core/index.ts';
import { chatKeys } from '../chat-keys.ts';
import {
  fresherCopy,
  mergeNewest,
  patchMessage,
  type MessageListData,
  editMessageLists,
} from './message-lists.ts';
import {
  listsThread,
  patchThread,
  putThreadFirst,
  removeThreads,
  touchThread,
  type ThreadListData,
  editThreadLists,
} from './thread-lists.ts';
import { updateThreadSummary } from '../summaries/summary-edits.ts';
import { summaryInputs } from './summary-inputs.ts';
import { takeThreadUpdate, updatedTopic } from '../records/thread-updates.ts';
import { buryMessage, buryThread, knownMessages, threadDeletedOn } from '../records/tombstones.ts';
import type { ChatEvent, ChatKeyScope } from '../types.ts';

/**
 * Merges one real-time event into the caches of the user `scope` names (`{ endpoint, userId }`,
 * e.g. `useChatScope()`). Safe to call with events already seen, late or out of order: everything
 * is keyed by id, an older copy or update never replaces a newer one, and a deleted message or
 * thread stays deleted.
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
  // Deleted already (heard of first, or a late duplicate): the copy joins the lists deleted.
  const known = (threadId: string, message: ChatMessage) =>
    knownMessages(queryClient, scope, threadId, [message])[0]!;
  updateThreadSummary(queryClient, scope, event, summaryInputs(queryClient, scope, event));

  switch (event.type) {
    case 'messageReceived': {
      const { threadId } = event;
      const message = known(threadId, event.message);
      // Our own message echoing a send in flight is shown once: see outgoing-messages.
      messages(threadId, (data) => mergeNewest(data, [message]));
      threads((data) => touchThread(data, threadId, message.createdOn));
      return;
    }
    case 'messageEdited': {
      const edited = known(event.threadId, event.message);
      // An event's copy has no sequenceId: the cached one keeps its place. An older edit, or one
      // of a message deleted since, changes nothing.
      messages(event.threadId, (data) =>
        patchMessage(data, edited.id, (m) =>
          fresherCopy(m, { ...m, ...edited, sequenceId: edited.sequenceId || m.sequenceId }),
        ),
      );
      return;
    }
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
    case 'messageDeleted': {
      const { threadId, messageId, version } = event;
      const deletedOn = event.deletedOn ?? new Date();
      buryMessage(queryClient, scope, threadId, messageId, deletedOn, version);
      messages(threadId, (data) =>
        patchMessage(data, messageId, (m) =>
          m.deletedOn !== undefined
            ? m
            : fresherCopy(m, { ...m, deletedOn, version: version ?? m.version }),
        ),
      );
      return;
    }
    case 'threadCreated': {
      const { thread } = event;
      // A created event is a thread's first state: a listed copy is as new or newer, and a thread
      // deleted (or being deleted from here) stays deleted.
      if (threadDeletedOn(queryClient, scope, thread.id) || deleting(queryClient, scope, thread.id))
        return;
      const topic = updatedTopic(queryClient, scope, thread.id) ?? thread.topic;
      threads((data) =>
        listsThread(data, thread.id) ? data : putThreadFirst(data, { ...thread, topic }),
      );
      return;
    }
    case 'threadUpdated': {
      const { threadId, topic, metadata, version, updatedOn } = event;
      if (!takeThreadUpdate(queryClient, scope, threadId, { version, updatedOn, topic })) return;
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
    case 'threadDeleted': {
      const { threadId } = event;
      buryThread(queryClient, scope, threadId, event.deletedOn ?? new Date());
      // The service keeps listing a deleted thread, with deletedOn; the hooks hide it.
      const deletedOn = threadDeletedOn(queryClient, scope, threadId);
      threads((data) => patchThread(data, threadId, { deletedOn }));
      queryClient.removeQueries({ queryKey: keys.threadScope(threadId) });
      return;
    }
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

/** Whether a delete of the thread from here is on its way (it left the lists already). */
const deleting = (queryClient: QueryClient, scope: ChatKeyScope, threadId: string) =>
  queryClient.isMutating({
    mutationKey: chatKeys(scope).mutations.deleteThread(),
    predicate: (mutation) => mutation.state.variables === threadId,
  }) > 0;
