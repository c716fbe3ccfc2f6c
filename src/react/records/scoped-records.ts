// Small records kept beside a QueryClient's caches, one set per user (endpoint and user id): what
// was deleted, the newest thread update applied, the user's own latest reads. They are not query
// data, so a list refetched or garbage-collected forgets none of them, and they go with their
// QueryClient. Each set holds at most `limit` entries: the one written longest ago goes first.
import type { QueryClient } from '@tanstack/react-query';
import type { ChatKeyScope } from '../types.ts';

export interface ScopedRecords<V> {
  get(queryClient: QueryClient, scope: ChatKeyScope, key: string): V | undefined;
  set(queryClient: QueryClient, scope: ChatKeyScope, key: string, value: V): void;
}

export function scopedRecords<V>(limit: number): ScopedRecords<V> {
  const byClient = new WeakMap<QueryClient, Map<string, Map<string, V>>>();
  const records = (queryClient: QueryClient, { endpoint, userId }: ChatKeyScope) => {
    let scopes = byClient.get(queryClient);
    if (scopes === undefined) byClient.set(queryClient, (scopes = new Map()));
    const name = `${endpoint}\n${userId}`;
    let held = scopes.get(name);
    if (held === undefined) scopes.set(name, (held = new Map()));
    return held;
  };
  return {
    get: (queryClient, scope, key) => records(queryClient, scope).get(key),
    set: (queryClient, scope, key, value) => {
      const held = records(queryClient, scope);
      held.delete(key); // written again: the newest
      held.set(key, value);
      if (held.size > limit) held.delete(held.keys().next().value!);
    },
  };
}
