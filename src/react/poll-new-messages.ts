// One poll of a live message list (useChatMessages runs it on an interval): ask for what is new since the newest message listing reached
// (`startTime`, every page of it) and merge it into the first page. Polls never refetch history,
// and a message inserted locally (sent from here, or from an event) never moves the starting point,
// so nothing can fall into a gap; what overlaps is de-duplicated by id.
import type { QueryClient } from '@tanstack/react-query';
import type { ChatMessage } from '../core/index.ts';
import { chatKeys, type MessagesKeyOptions } from './chat-keys.ts';
import type { ChatScope } from './chat-provider.tsx';
import { mergeNewest, type MessageListData } from './message-lists.ts';
import { fetchAll, fetchPage } from './pages.ts';

// The service's largest page: a poll normally gets everything new in one request.
const pollPageSize = 200;

export async function pollNewMessages(
  scope: ChatScope,
  queryClient: QueryClient,
  threadId: string,
  options: MessagesKeyOptions,
  signal: AbortSignal,
): Promise<void> {
  const keys = chatKeys(scope);
  const listKey = keys.messages(threadId, options);
  const data = queryClient.getQueryData<MessageListData>(listKey);
  // Wait for the list's own fetch (its result would overwrite a merge made meanwhile), and for our
  // sends: a poll could bring a message whose POST has not answered yet, which no one could tell
  // from its pending copy. The next tick catches up from the same starting point.
  if (
    data === undefined ||
    queryClient.isFetching({ queryKey: listKey }) > 0 ||
    queryClient.isMutating({ mutationKey: keys.mutations.sendMessage(threadId) }) > 0
  ) {
    return;
  }
  const thread = scope.client.getChatThreadClient(threadId);
  const since = data.pages[0]?.listedThrough;
  if (since === undefined) {
    // Nothing listed yet (an empty thread): the newest page is what the list should start with.
    const page = await fetchPage(
      thread.listMessages({ maxPageSize: options.pageSize, signal }),
      undefined,
    );
    queryClient.setQueryData<MessageListData>(listKey, (current) => {
      if (current === undefined || current.pages[0]?.listedThrough !== undefined) return current;
      const first = current.pages[0];
      if (current.pages.length === 1 && first?.items.every((m) => m.status) && !first.nextLink) {
        return {
          ...current,
          pages: [
            {
              ...page,
              items: [...first.items, ...page.items],
              listedThrough: page.items[0]?.createdOn,
            },
          ],
        };
      }
      return current;
    });
    return;
  }
  const fresh: ChatMessage[] = await fetchAll(
    thread.listMessages({ startTime: since, maxPageSize: pollPageSize, signal }),
  );
  const newest = fresh.reduce<Date>((max, m) => (m.createdOn > max ? m.createdOn : max), since);
  queryClient.setQueryData<MessageListData>(listKey, (current) =>
    current === undefined ? current : mergeNewest(current, fresh, newest),
  );
}
