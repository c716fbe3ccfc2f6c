// Edits of the cached thread lists (InfiniteData of pages): pure edits of one list, and
// editThreadLists, which applies one to every cached list (all page sizes and start times) alike.
// They keep `pageParams` and every page object that did not change, so TanStack's structural
// sharing re-renders only what moved.
import type { InfiniteData, QueryClient } from '@tanstack/react-query';
import type { ChatThreadItem } from '../../core/index.ts';
import type { ChatKeys } from '../chat-keys.ts';
import { editPages, uniqueById } from './pages.ts';
import type { ChatThreadsPage } from '../types.ts';

export type ThreadListData = InfiniteData<ChatThreadsPage, string | undefined>;

/** Applies `change` to every cached thread list of the user. */
export function editThreadLists(
  queryClient: QueryClient,
  keys: ChatKeys,
  change: (data: ThreadListData) => ThreadListData,
): void {
  queryClient.setQueriesData<ThreadListData>({ queryKey: keys.threadLists() }, (data) =>
    data === undefined ? data : change(data),
  );
}

/** Removes the threads with these ids from every page. */
export function removeThreads(data: ThreadListData, ids: ReadonlySet<string>): ThreadListData {
  if (ids.size === 0) return data;
  return editPages(data, (items) =>
    items.some((t) => ids.has(t.id)) ? items.filter((t) => !ids.has(t.id)) : items,
  );
}

/** Puts the thread at the top of the first page (moving it there if it was listed further down). */
export function putThreadFirst(data: ThreadListData, thread: ChatThreadItem): ThreadListData {
  if (data.pages.length === 0) return data; // nothing fetched yet: the first fetch will list it
  const others = removeThreads(data, new Set([thread.id]));
  return editPages(others, (items, index) => (index === 0 ? [thread, ...items] : items));
}

/** Applies a change to the thread wherever it is listed. */
export function patchThread(
  data: ThreadListData,
  id: string,
  patch: Partial<ChatThreadItem>,
): ThreadListData {
  return editPages(data, (items) =>
    items.some((t) => t.id === id)
      ? items.map((t) => (t.id === id ? { ...t, ...patch } : t))
      : items,
  );
}

/** The flat list a screen shows: pages joined, each thread once, deleted ones hidden unless asked for. */
export function visibleThreads(data: ThreadListData, includeDeleted: boolean): ChatThreadItem[] {
  const all = uniqueById(data.pages.flatMap((page) => page.items));
  return includeDeleted ? all : all.filter((thread) => thread.deletedOn === undefined);
}

/** A thread's latest activity, in epoch milliseconds (-Infinity when it has none). */
export const activityTime = (thread: ChatThreadItem) =>
  thread.lastMessageReceivedOn?.getTime() ?? -Infinity;

/** Whether a page of the list holds the thread. */
export const listsThread = (data: ThreadListData, id: string) =>
  data.pages.some((page) => page.items.some((t) => t.id === id));

/**
 * New activity in a thread: it moves to the top with the new time, as the service orders it. An
 * older time than the thread's (a message that arrived late) changes nothing; one older than
 * another thread's activity (a late copy of an older message) changes its time in place.
 */
export function touchThread(data: ThreadListData, id: string, at: Date): ThreadListData {
  const item = data.pages.flatMap((page) => page.items).find((t) => t.id === id);
  if (item === undefined || +at < activityTime(item)) return data;
  const touched = { ...item, lastMessageReceivedOn: at };
  const top = data.pages[0]?.items.find((t) => t.id !== id);
  // The same time as the newest goes on top too: the service keeps whole seconds.
  if (top === undefined || activityTime(top) <= +at) return putThreadFirst(data, touched);
  return +at === activityTime(item) ? data : patchThread(data, id, { lastMessageReceivedOn: at });
}

/**
 * Puts a thread back where `before` had it, in the same page: between the nearest threads that
 * preceded and followed it there and are still listed. Threads hidden when `before` was taken (other
 * deletions in flight then, perhaps rolled back since) may lie between those two; among them the
 * service's order, newest activity first, decides. Only this thread moves, so other changes made
 * since (other deletions, rollbacks, new threads) survive.
 */
export function restoreThread(
  data: ThreadListData,
  before: ThreadListData,
  id: string,
): ThreadListData {
  if (listsThread(data, id)) return data;
  for (const [pageIndex, page] of before.pages.entries()) {
    const index = page.items.findIndex((t) => t.id === id);
    if (index < 0) continue;
    if (data.pages[pageIndex] === undefined) return data; // refetched shorter: revalidation decides
    const thread = page.items[index]!;
    return editPages(data, (items, at) => {
      if (at !== pageIndex) return items;
      const where = (j: number) => items.findIndex((t) => t.id === page.items[j]!.id);
      let low = 0;
      for (let j = index - 1; j >= 0 && low === 0; j--) low = where(j) + 1;
      let high = items.length;
      for (let j = index + 1; j < page.items.length && high === items.length; j++) {
        const found = where(j);
        if (found >= 0) high = found;
      }
      let position = low;
      while (position < high && activityTime(items[position]!) >= activityTime(thread)) position++;
      return [...items.slice(0, position), thread, ...items.slice(position)];
    });
  }
  return data;
}
