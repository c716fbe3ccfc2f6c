// Which QueryClients hold a user's chat caches (one per mounted ChatProvider), and which of them a
// connected real-time source keeps current right now. The query factories' staleTime reads it: a
// query in a cache that events keep current is fresh by construction, so a remount or a window
// refocus does not refetch it; otherwise the QueryClient's own staleTime applies.
import type { QueryClient } from '@tanstack/react-query';
import type { ChatKeyScope } from '../types.ts';

interface Holder {
  /** Providers mounted with this QueryClient and user. */
  providers: number;
  /** Real-time sources connected for them. */
  connected: number;
}

const holders = new Map<string, Map<QueryClient, Holder>>();
const scopeKey = (endpoint: string, userId: string) => `${endpoint}\n${userId}`;

function change(
  queryClient: QueryClient,
  scope: ChatKeyScope,
  field: keyof Holder,
  by: 1 | -1,
): void {
  const key = scopeKey(scope.endpoint, scope.userId);
  let byClient = holders.get(key);
  if (!byClient) holders.set(key, (byClient = new Map()));
  const holder = byClient.get(queryClient) ?? { providers: 0, connected: 0 };
  holder[field] += by;
  if (holder.providers <= 0 && holder.connected <= 0) byClient.delete(queryClient);
  else byClient.set(queryClient, holder);
  if (byClient.size === 0) holders.delete(key);
}

/** A provider holds the user's caches in this QueryClient; returns the function that lets go. */
export function holdCaches(queryClient: QueryClient, scope: ChatKeyScope): () => void {
  change(queryClient, scope, 'providers', 1);
  let held = true;
  return () => {
    if (held) change(queryClient, scope, 'providers', -1);
    held = false;
  };
}

/** Events now keep the user's caches in this QueryClient current; returns the function that stops. */
export function markConnected(queryClient: QueryClient, scope: ChatKeyScope): () => void {
  change(queryClient, scope, 'connected', 1);
  let marked = true;
  return () => {
    if (marked) change(queryClient, scope, 'connected', -1);
    marked = false;
  };
}

/**
 * The QueryClient that holds this very query (of the user at the endpoint), and whether events
 * keep it current; undefined when no mounted provider holds it.
 */
export function holderOf(
  endpoint: string,
  userId: string,
  query: { queryHash: string },
): { queryClient: QueryClient; connected: boolean } | undefined {
  for (const [queryClient, holder] of holders.get(scopeKey(endpoint, userId)) ?? []) {
    if (queryClient.getQueryCache().get(query.queryHash) === query)
      return { queryClient, connected: holder.connected > 0 };
  }
  return undefined;
}
