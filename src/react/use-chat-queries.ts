import { useMemo } from 'react';
import { chatKeys, type ChatKeys } from './chat-keys.ts';
import { chatQueries, type ChatQueries } from './chat-queries.ts';
import { useChatScope } from './use-chat-scope.ts';

/** The options factories bound to the provider's client and user: `useQuery(useChatQueries().thread(id))`. */
export function useChatQueries(): ChatQueries {
  const scope = useChatScope('useChatQueries');
  return useMemo(() => chatQueries(scope), [scope]);
}

/** The query keys for the provider's endpoint and user, e.g. to invalidate or read the cache. */
export function useChatKeys(): ChatKeys {
  const scope = useChatScope('useChatKeys');
  return useMemo(() => chatKeys(scope), [scope]);
}
