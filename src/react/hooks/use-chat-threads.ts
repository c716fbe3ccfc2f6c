import { useInfiniteQuery, useQueryClient, useSuspenseInfiniteQuery } from '@tanstack/react-query';
import { useCallback, useSyncExternalStore } from 'react';
import type { ChatThreadItem } from '../../core/index.ts';
import { removedThreads } from '../cache/cache-feeds.ts';
import {
  threadsQuery,
  type ChatInfiniteQueryHookOptions,
  type ThreadsQueryOptions,
} from '../chat-queries.ts';
import type { ChatKey } from '../chat-keys.ts';
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
const noneRemoved: ReadonlySet<string> = new Set();

function useSelectThreads(scope: ChatScope, includeDeleted: boolean, includeRemoved: boolean) {
  // Kept by the cache feeds: the threads whose summary answered 403.
  const store = removedThreads(useQueryClient(), scope);
  const removed = useSyncExternalStore(store.subscribe, store.read, store.read);
  const hidden = includeRemoved ? noneRemoved : removed;
  return useCallback(
    (data: ThreadListData) => {
      const threads = visibleThreads(data, includeDeleted);
      return hidden.size === 0 ? threads : threads.filter((thread) => !hidden.has(thread.id));
    },
    [includeDeleted, hidden],
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
