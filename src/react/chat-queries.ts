// The query-options factories: the library's public primitive. Each returns TanStack options with
// a typed key, so the same object works with useQuery / useSuspenseQuery, useInfiniteQuery /
// useSuspenseInfiniteQuery, queryClient.prefetch*, ensure* and setQueryData. The hooks wrap them.
// Named here so the published declarations of tagged keys can refer to TanStack's symbols.
// eslint-disable-next-line @typescript-eslint/no-unused-vars
import type { dataTagErrorSymbol, dataTagSymbol, InfiniteData } from '@tanstack/react-query';
import {
  infiniteQueryOptions,
  queryOptions,
  type QueryKey,
  type UnusedSkipTokenInfiniteOptions,
  type UnusedSkipTokenOptions,
  type UseInfiniteQueryOptions,
  type UseQueryOptions,
} from '@tanstack/react-query';
import {
  type ChatError,
  type ChatMessageReadReceipt,
  type ChatParticipant,
  type ChatThreadProperties,
} from '../core/index.ts';
import { chatKeys, type MessagesKeyOptions, type ThreadsKeyOptions } from './chat-keys.ts';
import { keepEqual } from './cache/keep-equal.ts';
import { fetchAll } from './cache/pages.ts';
import { fetchThreadSummary } from './summaries/thread-summary.ts';
import { summaryFeed } from './summaries/summary-feeds.ts';
import { feedSummaries } from './cache/cache-feeds.ts';
import { listedOn } from './records/listed-on.ts';
import { knownMessages, knownThreads } from './records/tombstones.ts';
import type { ChatMessagesPage, ChatScope, ChatThreadSummary, ChatThreadsPage } from './types.ts';

// TanStack infers no error type from a queryFn, and its default is the app's (`Register`), so these
// name ChatError: every factory's options, key and hook result carry it.
const chatQueryOptions = <T, K extends QueryKey>(
  options: UnusedSkipTokenOptions<T, ChatError, T, K>,
) => queryOptions<T, ChatError, T, K>(options);
const chatInfiniteQueryOptions = <T, K extends QueryKey>(
  options: UnusedSkipTokenInfiniteOptions<T, ChatError, InfiniteData<T, Cursor>, K, Cursor>,
) => infiniteQueryOptions<T, ChatError, InfiniteData<T, Cursor>, K, Cursor>(options);
type Cursor = string | undefined;

export type ThreadsQueryOptions = ThreadsKeyOptions;
export type MessagesQueryOptions = MessagesKeyOptions;

/**
 * The user's threads, newest activity first, one page per continuation token. A thread this cache
 * knows was deleted (a page may have left before the deletion) comes with its deletedOn.
 */
export function threadsQuery(scope: ChatScope, options: ThreadsQueryOptions = {}) {
  return chatInfiniteQueryOptions({
    queryKey: chatKeys(scope).threads(options),
    queryFn: async ({ pageParam, signal, client }): Promise<ChatThreadsPage> => {
      const page = await scope.client
        .listChatThreads({ maxPageSize: options.pageSize, startTime: options.startTime, signal })
        .page(pageParam);
      const listed = { ...page, items: knownThreads(client, scope, page.items) };
      listedOn.set(listed, Date.now());
      return listed;
    },
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.continuationToken,
    structuralSharing: keepEqual,
  });
}

export function threadQuery(scope: ChatScope, threadId: string) {
  return chatQueryOptions({
    queryKey: chatKeys(scope).thread(threadId),
    queryFn: ({ signal }): Promise<ChatThreadProperties> =>
      scope.client.getChatThreadClient(threadId).getProperties({ signal }),
    structuralSharing: keepEqual,
  });
}

/**
 * The thread's messages, newest first; later pages are older. A message this cache knows was
 * deleted (a page may have left before the deletion) comes deleted.
 */
export function messagesQuery(
  scope: ChatScope,
  threadId: string,
  options: MessagesQueryOptions = {},
) {
  return chatInfiniteQueryOptions({
    queryKey: chatKeys(scope).messages(threadId, options),
    queryFn: async ({ pageParam, signal, client }): Promise<ChatMessagesPage> => {
      const thread = scope.client.getChatThreadClient(threadId);
      const listed = await thread
        .listMessages({ maxPageSize: options.pageSize, signal })
        .page(pageParam);
      const page: ChatMessagesPage = {
        ...listed,
        items: knownMessages(client, scope, threadId, listed.items),
      };
      if (pageParam !== undefined) return page;
      page.listedThrough = page.items[0]?.createdOn;
      return page;
    },
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.continuationToken,
    structuralSharing: keepEqual,
  });
}

export function participantsQuery(scope: ChatScope, threadId: string) {
  return chatQueryOptions({
    queryKey: chatKeys(scope).participants(threadId),
    queryFn: ({ signal }): Promise<ChatParticipant[]> =>
      fetchAll(scope.client.getChatThreadClient(threadId).listParticipants({ signal })),
    structuralSharing: keepEqual,
  });
}

export function readReceiptsQuery(scope: ChatScope, threadId: string) {
  return chatQueryOptions({
    queryKey: chatKeys(scope).readReceipts(threadId),
    // The user's own receipt among them feeds their summary: see cache/cache-feeds.
    queryFn: ({ signal }): Promise<ChatMessageReadReceipt[]> =>
      fetchAll(scope.client.getChatThreadClient(threadId).listReadReceipts({ signal })),
    structuralSharing: keepEqual,
  });
}

/**
 * The user's unread count, last message and last read time in one thread: at most two requests
 * (their read receipt, then the messages since it), then kept current by cache edits (events, polls,
 * sends, deletes, receipts), not refetched. A thread the user was removed from fails with 403.
 */
export function threadSummaryQuery(scope: ChatScope, threadId: string) {
  // The caches feed the summaries from now on (receipts, participants' names).
  feedSummaries(summaryFeed);
  return chatQueryOptions({
    queryKey: chatKeys(scope).threadSummary(threadId),
    queryFn: ({ client, signal }): Promise<ChatThreadSummary> =>
      fetchThreadSummary(scope, client, threadId, signal),
    structuralSharing: keepEqual,
    // The core client retried what was transient; a 403 (removed) or 404 stays what it is.
    retry: false,
  });
}

/**
 * What a caller may pass to a query hook: TanStack's options, applied after the factory's, so they
 * can change anything but what the hook is (its key, function and data; for `select`, use the
 * factory with useQuery).
 */
export type ChatQueryHookOptions<T, K extends QueryKey = QueryKey> = Omit<
  UseQueryOptions<T, ChatError, T, K>,
  'queryKey' | 'queryFn' | 'select'
>;

/** The same for the list hooks, whose pages and selected list are what they are. */
export type ChatInfiniteQueryHookOptions<TPage, K extends QueryKey = QueryKey> = Omit<
  UseInfiniteQueryOptions<TPage, ChatError, InfiniteData<TPage, Cursor>, K, Cursor>,
  | 'queryKey'
  | 'queryFn'
  | 'select'
  | 'initialPageParam'
  | 'getNextPageParam'
  | 'getPreviousPageParam'
>;
