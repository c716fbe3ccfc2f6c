// The one QueryCache subscription where caches feed each other, per QueryClient and user, which
// ChatProvider starts. Query functions only fetch and the summary reducer is handed what it needs;
// what one cache's data means for another is fed here, and every such feed involves a summary
// (summaries/summary-feeds). threadSummaryQuery hands those over, so an app that shows no summary
// never loads them. What a list needs of them, the threads whose summary answered 403 (the user
// was removed), is kept here for useChatThreads to read.
import { notifyManager, type QueryClient } from '@tanstack/react-query';
import { scopedRecords } from '../records/scoped-records.ts';
import type { FeedRun, SummaryFeed } from '../summaries/summary-feeds.ts';
import type { ChatKeyScope } from '../types.ts';

let feedSummary: SummaryFeed | undefined;

/** Hands over the summary feeds (threadSummaryQuery does, before its first summary is cached). */
export function feedSummaries(feed: SummaryFeed): void {
  feedSummary = feed;
}

interface Feeds {
  /** Providers running them: the subscription is made for the first and ended with the last. */
  users: number;
  stop?: () => void;
  /** The threads whose summary answered 403: a new set on each change. */
  removed: ReadonlySet<string>;
  /** Tells the lists that `removed` changed. */
  tell: () => void;
  /** The store of `removed` for useSyncExternalStore. */
  subscribe: (listener: () => void) => () => void;
  read: () => ReadonlySet<string>;
}

// One entry per user of a QueryClient.
const feedsByScope = scopedRecords<Feeds>(1);

function feedsOf(queryClient: QueryClient, scope: ChatKeyScope): Feeds {
  let feeds = feedsByScope.get(queryClient, scope, '');
  if (feeds === undefined) {
    const listeners = new Set<() => void>();
    const made: Feeds = {
      users: 0,
      removed: new Set(),
      tell: () => listeners.forEach((listener) => listener()),
      subscribe: (listener) => {
        listeners.add(listener);
        return () => void listeners.delete(listener);
      },
      read: () => made.removed,
    };
    feedsByScope.set(queryClient, scope, '', (feeds = made));
  }
  return feeds;
}

/** Starts the user's feeds (once, however many providers ask); returns the function that stops. */
export function startCacheFeeds(queryClient: QueryClient, scope: ChatKeyScope): () => void {
  const feeds = feedsOf(queryClient, scope);
  if (feeds.users++ === 0) feeds.stop = run(queryClient, scope, feeds);
  return () => {
    if (--feeds.users === 0) feeds.stop!();
  };
}

/** The threads whose summary answered 403, as a store for useSyncExternalStore. */
export const removedThreads = (queryClient: QueryClient, scope: ChatKeyScope) =>
  feedsOf(queryClient, scope) as Pick<Feeds, 'subscribe' | 'read'>;

function run(queryClient: QueryClient, scope: ChatKeyScope, feeds: Feeds): () => void {
  const cache = queryClient.getQueryCache();
  // The refused summaries, by thread, each with what lets go of the observer that keeps it.
  const kept = new Map<string, () => void>();
  const feedRun: FeedRun = {
    queryClient,
    scope,
    kept,
    changed: () => {
      feeds.removed = new Set(kept.keys());
      // After the batch, as TanStack tells its own hooks: a summary cached while another
      // component renders must not update a list during that render.
      notifyManager.schedule(feeds.tell);
    },
  };
  const stop = cache.subscribe((event) => feedSummary?.(feedRun, event));
  // What was cached before the provider's effect ran (its children render first).
  for (const query of cache.getAll()) feedSummary?.(feedRun, { query });
  return () => {
    stop();
    for (const letGo of kept.values()) letGo();
    kept.clear();
    feeds.removed = new Set();
    feeds.tell();
  };
}
