// A value read from every thread summary in the cache, re-computed when the cache changes:
// useUnreadChatCount sums them, useChatThreads finds the threads the user was removed from.
import { notifyManager, useQueryClient, type Query } from '@tanstack/react-query';
import { useCallback, useSyncExternalStore } from 'react';
import { chatKeys, readChatKey } from '../chat-keys.ts';
import type { ChatKeyScope } from '../types.ts';

/** `read` must return a primitive (a number, a string), so an unchanged value renders nothing. */
export function useCachedSummaries<T extends string | number>(
  scope: ChatKeyScope,
  read: (summaries: Query[]) => T,
): T {
  const cache = useQueryClient().getQueryCache();
  const { endpoint, userId } = scope;
  const snapshot = useCallback(() => {
    const all = chatKeys({ endpoint, userId }).all;
    const summaries = cache.findAll({
      queryKey: [...all, 'thread'],
      predicate: (query) => readChatKey(query.queryKey)?.kind === 'summary',
    });
    return read(summaries);
  }, [cache, endpoint, userId, read]);
  // Told after the batch, as TanStack's own hooks are: a query built while another component
  // renders must not update this one during that render.
  const subscribe = useCallback(
    (changed: () => void) => cache.subscribe(notifyManager.batchCalls(changed)),
    [cache],
  );
  return useSyncExternalStore(subscribe, snapshot, snapshot);
}
