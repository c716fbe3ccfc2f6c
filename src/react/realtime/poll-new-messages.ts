// One poll of a live message list (useChatMessages runs it on an interval, a resync once per list):
// ask for what is new since the newest message listing reached (`startTime`, every page of it) and
// merge it into the first page. Polls never refetch history, and a message merged otherwise (a
// send's answer, an event) never moves the starting point, so nothing can fall into a gap; what
// overlaps is de-duplicated by id.
import type { QueryClient } from '@tanstack/react-query';
import type { ChatMessage } from '../../core/index.ts';
import { chatKeys, type MessagesKeyOptions } from '../chat-keys.ts';
import { mergeNewest, type MessageListData } from '../cache/message-lists.ts';
import { fetchAll } from '../cache/pages.ts';
import { updateThreadSummary } from '../summaries/summary-edits.ts';
import { summaryInputs } from '../cache/summary-inputs.ts';
import { knownMessages } from '../records/tombstones.ts';
import type { ChatScope } from '../types.ts';

// The service's largest page: a poll normally gets everything new in one request.
const pollPageSize = 200;

/**
 * True when the list now holds everything up to the poll; false when it could not: not loaded, or
 * a fetch of the list is in flight (it answers from the pages it started with, so a merge made
 * meanwhile is lost). Then the next poll, or a resync once that fetch settles, catches up from the
 * same starting point.
 */
export async function pollNewMessages(
  scope: ChatScope,
  queryClient: QueryClient,
  threadId: string,
  options: MessagesKeyOptions,
  signal: AbortSignal,
): Promise<boolean> {
  const listKey = chatKeys(scope).messages(threadId, options);
  const fetching = () => queryClient.isFetching({ queryKey: listKey, exact: true }) > 0;
  const data = queryClient.getQueryData<MessageListData>(listKey);
  if (data === undefined || fetching()) return false;
  const thread = scope.client.getChatThreadClient(threadId);
  const since = data.pages[0]?.listedThrough;
  if (since === undefined) {
    // Nothing listed yet (an empty thread): the newest page is what the list starts with, with
    // its continuation token; what events brought meanwhile is merged into it.
    const page = await thread.listMessages({ maxPageSize: options.pageSize, signal }).page();
    queryClient.setQueryData<MessageListData>(listKey, (current) => {
      const first = current?.pages[0];
      if (current?.pages.length !== 1 || first === undefined || first.listedThrough) return current;
      const listed = { ...current, pages: [{ ...page, items: [] }] };
      return mergeNewest(listed, [...page.items, ...first.items], page.items[0]?.createdOn);
    });
    return !fetching();
  }
  const listed: ChatMessage[] = await fetchAll(
    thread.listMessages({ startTime: since, maxPageSize: pollPageSize, signal }),
  );
  // A message deleted since the request left stays deleted.
  const fresh = knownMessages(queryClient, scope, threadId, listed);
  const newest = fresh.reduce<Date>((max, m) => (m.createdOn > max ? m.createdOn : max), since);
  queryClient.setQueryData<MessageListData>(listKey, (current) =>
    current === undefined ? current : mergeNewest(current, fresh, newest),
  );
  // Oldest first, as they arrived: each new one from someone else counts once.
  for (const message of [...fresh].reverse()) {
    const event = { type: 'messageReceived', threadId, message } as const;
    updateThreadSummary(queryClient, scope, event, summaryInputs(queryClient, scope, event));
  }
  return !fetching();
}
