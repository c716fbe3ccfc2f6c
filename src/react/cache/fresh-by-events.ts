// The query factories' staleTime. While a connected real-time source keeps a query's cache current
// (its events merge into thread lists, messages, receipts, participants, properties and summaries),
// what the query holds is fresh by construction: Infinity, so a remount or a window refocus makes
// no request. Otherwise, the QueryClient's own staleTime for that key (0 unless the app set one).
// A resync after a reconnect invalidates and refetches whatever it must, whatever this says.
import type { Query, QueryKey, StaleTime } from '@tanstack/react-query';
import { readChatKey } from '../chat-keys.ts';
import { holderOf } from '../records/live-caches.ts';

// Every kind of chat query: what the events bring covers each of them.
const keptByEvents = new Set([
  'threads',
  'properties',
  'messages',
  'participants',
  'read-receipts',
  'summary',
]);

/** Fits every factory's query type: it reads only the key and the hash, and hands the query on. */
export function freshByEvents(query: { queryKey: QueryKey; queryHash: string }): StaleTime {
  const key = readChatKey(query.queryKey);
  const holder = key && holderOf(key.endpoint, key.userId, query);
  if (!holder) return 0;
  if (holder.connected && keptByEvents.has(key.kind)) return Infinity;
  const { queryClient } = holder;
  const fallback =
    queryClient.getQueryDefaults(query.queryKey).staleTime ??
    queryClient.getDefaultOptions().queries?.staleTime ??
    0;
  return typeof fallback === 'function' ? fallback(query as Query) : fallback;
}
