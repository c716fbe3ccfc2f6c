import { useInfiniteQuery, useSuspenseInfiniteQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { ChatThreadItem } from '../core/index.ts';
import type { ChatThreadsPage } from './chat-queries.ts';
import {
  threadsQuery,
  type ChatInfiniteQueryHookOptions,
  type ThreadsQueryOptions,
} from './chat-queries.ts';
import type { ChatKey } from './chat-keys.ts';
import { visibleThreads, type ThreadListData } from './thread-lists.ts';
import { useScope } from './chat-provider.tsx';
import { withField } from './with-field.ts';

/** The list's own options, and TanStack's (e.g. `staleTime`, `enabled`), applied after the factory's. */
export interface UseChatThreadsOptions
  extends ThreadsQueryOptions, ChatInfiniteQueryHookOptions<ChatThreadsPage, ChatKey<'threads'>> {
  /** Also list threads the service reports with `deletedOn`. Default false. */
  includeDeleted?: boolean;
}

const none: ChatThreadItem[] = [];

function useSelectThreads(includeDeleted: boolean) {
  return useCallback(
    (data: ThreadListData) => visibleThreads(data, includeDeleted),
    [includeDeleted],
  );
}

/**
 * The user's threads, newest activity first, as one flat list (`threads`) across the pages fetched
 * so far, each thread once; plus TanStack's `fetchNextPage`, `hasNextPage`, status and `error`.
 */
export function useChatThreads(options: UseChatThreadsOptions = {}) {
  const { pageSize, startTime, includeDeleted = false, ...tanstack } = options;
  const select = useSelectThreads(includeDeleted);
  const result = useInfiniteQuery({
    ...threadsQuery(useScope('useChatThreads'), { pageSize, startTime }),
    ...tanstack,
    select,
  });
  return withField(result, 'threads', result.data ?? none);
}

/** useChatThreads for Suspense: suspends until the first page is in, throws errors to the boundary. */
export function useSuspenseChatThreads(options: UseChatThreadsOptions = {}) {
  const { pageSize, startTime, includeDeleted = false, ...tanstack } = options;
  const select = useSelectThreads(includeDeleted);
  const result = useSuspenseInfiniteQuery({
    ...threadsQuery(useScope('useSuspenseChatThreads'), { pageSize, startTime }),
    ...tanstack,
    select,
  });
  return withField(result, 'threads', result.data);
}
