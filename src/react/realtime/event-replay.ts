// Events merged again into fetches that started before them: a fetch in flight when an event is
// merged may answer without it and overwrite the merge, so the events since its start are merged
// again into what it brought (every edit is keyed by id, so twice is once). Bounded both ways: a
// fetch is forgotten however it ends (success, error, a cancel on unmount, its query removed);
// events older than every fetch in flight are dropped; and at most maxReplayedEvents are held,
// a fetch that started before a dropped one fetching again instead.
import type { QueryCacheNotifyEvent, QueryClient } from '@tanstack/react-query';
import type { ChatEvent } from '../types.ts';

/**
 * The most events held for fetches in flight. A burst beyond it drops the oldest, and a fetch that
 * started before them refetches when it ends: one request more, and memory stays flat.
 */
export const maxReplayedEvents = 1000;

export class EventReplay {
  readonly #queryClient: QueryClient;
  readonly #merge: (event: ChatEvent) => void;
  // When each query's fetch in flight started, and the events merged since the oldest of them.
  readonly #starts = new Map<string, number>();
  #events: { at: number; event: ChatEvent }[] = [];
  // The newest event dropped for room: a fetch that started at or before it cannot be replayed.
  #droppedThrough = 0;
  // A counter, not the clock: two things in one millisecond keep their order.
  #ticks = 0;

  constructor(queryClient: QueryClient, merge: (event: ChatEvent) => void) {
    this.#queryClient = queryClient;
    this.#merge = merge;
  }

  /** What is held: fetches in flight watched, and events kept to replay into them. */
  get pending(): { readonly fetches: number; readonly events: number } {
    return { fetches: this.#starts.size, events: this.#events.length };
  }

  /** Watches the cache's fetches; returns the function that stops and lets go of everything. */
  start(): () => void {
    const stop = this.#queryClient.getQueryCache().subscribe((e) => this.#onCacheEvent(e));
    return () => {
      stop();
      this.#starts.clear();
      this.#events = [];
    };
  }

  /** Merges the event now, and again into each fetch in flight when that fetch succeeds. */
  apply(event: ChatEvent): void {
    if (this.#starts.size > 0) {
      this.#events.push({ at: ++this.#ticks, event });
      this.#trim();
    }
    this.#merge(event);
  }

  #onCacheEvent(e: QueryCacheNotifyEvent) {
    if (e.type === 'removed') {
      if (this.#starts.delete(e.query.queryHash)) this.#trim();
      return;
    }
    if (e.type !== 'updated') return;
    const { query, action } = e;
    const hash = query.queryHash;
    if (action.type === 'fetch') {
      if (!this.#starts.has(hash)) this.#starts.set(hash, ++this.#ticks);
      return;
    }
    // A query that is idle again has no fetch in flight, however it ended: a success or an error,
    // or a cancel (an unmount, cancelQueries), which TanStack reports as a 'setState' back to idle.
    // A 'failed' (a retry coming) or 'pause' (offline) is still in flight.
    const since = this.#starts.get(hash);
    if (since === undefined || query.state.fetchStatus !== 'idle') return;
    const replayed = action.type === 'success' && !action.manual;
    const missed = replayed ? this.#events.filter((r) => r.at >= since) : [];
    const incomplete = replayed && since <= this.#droppedThrough;
    this.#starts.delete(hash);
    this.#trim();
    if (missed.length === 0 && !incomplete) return;
    // After the fetch's own notification has gone round: these write the same query again.
    queueMicrotask(() => {
      for (const r of missed) this.#merge(r.event);
      // Some events it may lack were dropped: a fetch that starts now has them.
      if (incomplete)
        void this.#queryClient.invalidateQueries({ queryKey: query.queryKey, exact: true });
    });
  }

  // Drops what no fetch in flight can need, then the oldest beyond the bound.
  #trim() {
    let oldest = Infinity;
    for (const at of this.#starts.values()) if (at < oldest) oldest = at;
    const events = this.#events;
    let drop = 0;
    while (drop < events.length && events[drop]!.at < oldest) drop++;
    const over = events.length - drop - maxReplayedEvents;
    if (over > 0) {
      drop += over;
      this.#droppedThrough = events[drop - 1]!.at;
    }
    if (drop > 0) events.splice(0, drop);
  }
}
