// A thread list's catch-up after a short gap in the events: instead of fetching every loaded page
// again, ask for the threads with activity since the newest the list knows (`startTime`, on the
// service's clock, so the device's clock cannot open a hole) and merge them by id. One request
// where a refetch makes one per page. It says which threads it changed, so a summary whose thread
// did not change needs no fetch (resync.ts).
import type { Query, QueryClient } from '@tanstack/react-query';
import type { ChatThreadItem } from '../../core/index.ts';
import { chatKeys } from '../chat-keys.ts';
import {
  activityTime,
  editThreadLists,
  patchThread,
  putThreadFirst,
  touchThread,
  type ThreadListData,
} from '../cache/thread-lists.ts';
import { applyChatEvent } from '../cache/apply-chat-event.ts';
import { knownThreads } from '../records/tombstones.ts';
import type { ChatScope } from '../types.ts';

// More activity than this in the gap: the whole list is fetched again instead.
const maxPages = 5;
const pageSize = 100;

/** Each listed thread's entry in the list, by id. */
function entries(data: ThreadListData): Map<string, ChatThreadItem> {
  const byId = new Map<string, ChatThreadItem>();
  for (const page of data.pages) for (const t of page.items) if (!byId.has(t.id)) byId.set(t.id, t);
  return byId;
}

/**
 * Brings the list `query` holds up to date from what changed since its newest activity. Resolves
 * with the ids of the threads that changed, or undefined when it could not tell (the list has no
 * activity to start from, or more changed than a few pages hold): then the caller fetches it again.
 */
export async function catchUpThreadList(
  scope: ChatScope,
  queryClient: QueryClient,
  query: Query,
  signal: AbortSignal,
): Promise<Set<string> | undefined> {
  const data = query.state.data as ThreadListData | undefined;
  if (data === undefined) return undefined;
  const before = entries(data);
  let newest = -Infinity;
  for (const thread of before.values()) newest = Math.max(newest, activityTime(thread));
  if (newest === -Infinity) return undefined;
  const found: ChatThreadItem[] = [];
  const list = scope.client
    .listChatThreads({ maxPageSize: pageSize, startTime: new Date(newest), signal })
    .byPage();
  let pages = 0;
  for await (const page of list) {
    // More than a few pages changed: fetching the list again costs no more.
    if (pages++ === maxPages) return undefined;
    found.push(...page);
  }
  const changed = new Set<string>();
  const moved: ChatThreadItem[] = [];
  // Oldest first, so the newest ends on top, as the service orders them.
  for (const thread of knownThreads(queryClient, scope, found).reverse()) {
    const was = before.get(thread.id);
    if (thread.deletedOn !== undefined) {
      if (was?.deletedOn === undefined) changed.add(thread.id);
      applyChatEvent(queryClient, scope, {
        type: 'threadDeleted',
        threadId: thread.id,
        deletedOn: thread.deletedOn,
      });
    } else if (
      was === undefined ||
      activityTime(was) < activityTime(thread) ||
      was.topic !== thread.topic
    ) {
      changed.add(thread.id);
      moved.push(thread);
    }
  }
  // One edit of each list for all of them: one re-render, not one per thread.
  if (moved.length > 0)
    editThreadLists(queryClient, chatKeys(scope), (data) => {
      let list = data;
      for (const thread of moved) {
        const listed = entries(list).get(thread.id);
        if (listed === undefined) {
          list = putThreadFirst(list, thread);
          continue;
        }
        if (listed.topic !== thread.topic)
          list = patchThread(list, thread.id, { topic: thread.topic });
        if (thread.lastMessageReceivedOn)
          list = touchThread(list, thread.id, thread.lastMessageReceivedOn);
      }
      return list;
    });
  return changed;
}
