// The feeds between the summaries and the other caches: every way one cache's data changes another
// in this library involves a thread's summary. The one QueryCache subscription that runs them is
// cache/cache-feeds (ChatProvider starts it); threadSummaryQuery hands it these, so an app that
// shows no summary never loads them. Whatever wrote the data (a fetch, a poll, an event,
// setQueryData), it is fed the same way:
// - a thread's read receipts: the user's own is fed into the thread's summary (read up to it);
// - a thread's participants: their names are what its summary's previews name people by (the
//   summary's fetch reads them from records/thread-participants, not from another cache);
// - a thread's summary that answers 403 (the user was removed): the thread lists hide the thread,
//   and the 403 is kept while the feeds run (see keep).
import {
  QueryObserver,
  type Query,
  type QueryCacheNotifyEvent,
  type QueryClient,
} from '@tanstack/react-query';
import {
  getIdentifierRawId,
  isChatError,
  type ChatMessageReadReceipt,
  type ChatParticipant,
} from '../../core/index.ts';
import { chatKeys, readChatKey } from '../chat-keys.ts';
import { threadParticipants } from '../records/thread-participants.ts';
import type { ChatKeyScope } from '../types.ts';
import { updateThreadSummary } from './summary-edits.ts';

/** One run of the feeds (cache/cache-feeds): a QueryClient and user, and the summaries it keeps. */
export interface FeedRun {
  queryClient: QueryClient;
  scope: ChatKeyScope;
  /** The refused summaries, by thread, each with what lets go of the observer that keeps it. */
  kept: Map<string, () => void>;
  /** Tells the lists that `kept` changed. */
  changed(): void;
}

const noop = () => {};

/**
 * Keeps the thread's refused summary (`query`), or lets it go (undefined). Once its row is gone
 * nothing else observes it, and TanStack would drop it after gcTime and list the thread again.
 */
function keep({ queryClient, kept, changed }: FeedRun, threadId: string, query?: Query) {
  if ((query !== undefined) === kept.has(threadId)) return;
  const letGo = kept.get(threadId);
  // Held first: subscribing tells the cache, and so the feeds, again.
  kept.set(threadId, noop);
  if (query) {
    // Observed disabled, so it is never refetched, and with the options it was made with (its
    // queryFn included, for another observer's refetch).
    const observer = new QueryObserver(queryClient, {
      ...query.options,
      queryKey: query.queryKey,
      enabled: false,
    });
    kept.set(threadId, observer.subscribe(noop));
  } else {
    kept.delete(threadId);
    letGo!();
  }
  changed();
}

/** Feeds one event of the cache; `{ query }` alone for a query cached before the feeds ran. */
export type SummaryFeed = (run: FeedRun, event: QueryCacheNotifyEvent | { query: Query }) => void;

export const summaryFeed: SummaryFeed = (run, event) => {
  const { queryClient, scope } = run;
  const { query } = event;
  const key = readChatKey(query.queryKey);
  if (key?.endpoint !== scope.endpoint || key.userId !== scope.userId) return;
  const { threadId } = key as { threadId: string };
  const { data, error } = query.state;
  const written =
    !('type' in event) || (event.type === 'updated' && event.action.type === 'success');
  if (key.kind === 'read-receipts') {
    // The user's own, perhaps sent from another device: what a poll brings that events would.
    const own =
      written &&
      (data as ChatMessageReadReceipt[] | undefined)?.find(
        (r) => getIdentifierRawId(r.sender) === scope.userId,
      );
    if (own)
      updateThreadSummary(queryClient, scope, {
        type: 'readReceiptReceived',
        threadId,
        receipt: own,
      });
  } else if (key.kind === 'participants') {
    if (written && data)
      threadParticipants.set(queryClient, scope, threadId, data as ChatParticipant[]);
  } else if (key.kind === 'summary') {
    // A summary new in the cache starts from the participants cached already.
    const participants = queryClient.getQueryData(chatKeys(scope).participants(threadId));
    if (participants && threadParticipants.get(queryClient, scope, threadId) === undefined)
      threadParticipants.set(queryClient, scope, threadId, participants);
    const refused =
      !('type' in event && event.type === 'removed') &&
      isChatError(error) &&
      error.statusCode === 403;
    keep(run, threadId, refused ? query : undefined);
  }
};
