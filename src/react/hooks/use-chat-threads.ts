import {
  useInfiniteQuery,
  useQueries,
  useQueryClient,
  useSuspenseInfiniteQuery,
  type Query,
} from '@tanstack/react-query';
import { useCallback } from 'react';
import { isChatError, type ChatThreadItem } from '../../core/index.ts';
import { useCachedSummaries } from '../summaries/cached-summaries.ts';
import {
  threadsQuery,
  type ChatInfiniteQueryHookOptions,
  type ThreadsQueryOptions,
} from '../chat-queries.ts';
import { chatKeys, readChatKey, type ChatKey } from '../chat-keys.ts';
import { visibleThreads, type ThreadListData } from '../cache/thread-lists.ts';
import { useScope } from '../chat-provider.tsx';
import { withField } from './with-field.ts';
import type { ChatScope, ChatThreadsPage } from '../types.ts';

/** The list's own options, and TanStack's (e.g. `staleTime`, `enabled`), applied after the factory's. */
export interface UseChatThreadsOptions
  extends ThreadsQueryOptions, ChatInfiniteQueryHookOptions<ChatThreadsPage, ChatKey<'threads'>> {
  /** Also list threads the service reports with `deletedOn`. Default false. */
  includeDeleted?: boolean;
  /**
   * Also list threads the user was removed from. The service lists them like any other; we know
   * one when its summary (useChatThreadSummary) answered 403, so a row that renders its summary
   * drops out of the list then, with no request of its own. Default false.
   */
  includeRemoved?: boolean;
}

const none: ChatThreadItem[] = [];

// The threads whose summary answered 403, one id a line (a string, so an unchanged set renders
// nothing).
const refused = (summaries: Query[]) =>
  summaries
    .filter((q) => isChatError(q.state.error) && q.state.error.statusCode === 403)
    .map((q) => (readChatKey(q.queryKey) as { threadId: string }).threadId)
    .sort()
    .join('\n');

const nothing = () => '';
const ignore = () => null;

/**
 * Keeps the 403 of each hidden thread's summary while the list is shown: its row is gone, so nothing
 * else observes it, and TanStack would drop it after gcTime and list the thread again. Observed
 * disabled, so it is never refetched, and with the options it was made with (its queryFn included,
 * for another observer's refetch), so a list that shows no summaries does not bundle their code.
 */
function useKeepRefused(scope: ChatScope, removed: string) {
  const cache = useQueryClient().getQueryCache();
  const ids = removed === '' ? [] : removed.split('\n');
  useQueries({
    queries: ids.map((id) => {
      const queryKey = chatKeys(scope).threadSummary(id);
      return { ...cache.find({ queryKey, exact: true })?.options, queryKey, enabled: false };
    }),
    combine: ignore,
  });
}

function useSelectThreads(scope: ChatScope, includeDeleted: boolean, includeRemoved: boolean) {
  const removed = useCachedSummaries(scope, includeRemoved ? nothing : refused);
  useKeepRefused(scope, removed);
  return useCallback(
    (data: ThreadListData) => {
      const threads = visibleThreads(data, includeDeleted);
      if (removed === '') return threads;
      const hidden = new Set(removed.split('\n'));
      return threads.filter((thread) => !hidden.has(thread.id));
    },
    [includeDeleted, removed],
  );
}

/** The list's options for either hook: the factory's, the caller's, and the visible threads. */
function useThreadsOptions(hook: string, options: UseChatThreadsOptions) {
  const {
    pageSize,
    startTime,
    includeDeleted = false,
    includeRemoved = false,
    ...tanstack
  } = options;
  const scope = useScope(hook);
  const select = useSelectThreads(scope, includeDeleted, includeRemoved);
  return { ...threadsQuery(scope, { pageSize, startTime }), ...tanstack, select };
}

/**
 * The user's threads, newest activity first, as one flat list (`threads`) across the pages fetched
 * so far, each thread once; plus TanStack's `fetchNextPage`, `hasNextPage`, status and `error`.
 */
export function useChatThreads(options: UseChatThreadsOptions = {}) {
  const result = useInfiniteQuery(useThreadsOptions('useChatThreads', options));
  return withField(result, 'threads', result.data ?? none);
}

/** useChatThreads for Suspense: suspends until the first page is in, throws errors to the boundary. */
export function useSuspenseChatThreads(options: UseChatThreadsOptions = {}) {
  const result = useSuspenseInfiniteQuery(useThreadsOptions('useSuspenseChatThreads', options));
  return withField(result, 'threads', result.data);
}
