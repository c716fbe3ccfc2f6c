// Edits applied to every cached list of one kind at once (all page sizes and start times): the
// optimistic updates, rollbacks and events change each list alike.
import type { QueryClient } from '@tanstack/react-query';
import type { ChatKeys } from './chat-keys.ts';
import type { MessageListData } from './message-lists.ts';
import type { ThreadListData } from './thread-lists.ts';

export function editThreadLists(
  queryClient: QueryClient,
  keys: ChatKeys,
  change: (data: ThreadListData) => ThreadListData,
): void {
  queryClient.setQueriesData<ThreadListData>({ queryKey: keys.threadLists() }, (data) =>
    data === undefined ? data : change(data),
  );
}

export function editMessageLists(
  queryClient: QueryClient,
  keys: ChatKeys,
  threadId: string,
  change: (data: MessageListData) => MessageListData,
): void {
  queryClient.setQueriesData<MessageListData>({ queryKey: keys.messageLists(threadId) }, (data) =>
    data === undefined ? data : change(data),
  );
}
