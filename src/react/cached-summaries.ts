// A value read from every thread summary in the cache, re-computed when the cache changes:
// useUnreadChatCount sums them, useChatThreads finds the threads the user was removed from.
import { useQueryClient, type Query } from '@tanstack/react-query';
import { useCallback, useSyncExternalStore } from 'react';
import { chatKeys } from './chat-keys.ts';
import type { ChatKeyScope } from './chat-provider.tsx';

/** `read` must return a primitive (a number, a string), so an unchanged value renders nothing. */
export function useCachedSummaries<T extends string | number>(
  scope: ChatKeyScope,
  read: (summaries: Query[]) => T,
): T {
  const cache = useQueryClient().getQueryCache();
  const { endpoint, userId } = scope;
  const snapshot = useCallback(() => {
    const all = chatKeys({ endpoint, userId }).all;
    // Keys: [...all, 'thread', threadId, 'summary'].
    const summaries = cache.findAll({
      queryKey: [...all, 'thread'],
      predicate: (query) => query.queryKey[5] === 'summary',
    });
    return read(summaries);
  }, [cache, endpoint, userId, read]);
  const subscribe = useCallback((changed: () => void) => cache.subscribe(changed), [cache]);
  return useSyncExternalStore(subscribe, snapshot, snapshot);
}
