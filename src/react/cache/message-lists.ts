// Edits of the cached message lists of a thread (InfiniteData of pages, newest first): pure edits
// of one list, and editMessageLists, which applies one to every cached list of the thread. The
// cache holds the service's messages only (sends in flight are mutations, see outgoing-messages),
// ordered by sequenceId; an id appears once, the freshest copy winning.
import type { InfiniteData, QueryClient } from '@tanstack/react-query';
import type { ChatKeys } from '../chat-keys.ts';
import { editPages, uniqueById } from './pages.ts';
import { compareVersions } from '../records/versions.ts';
import type { ChatMessageItem, ChatMessagesPage } from '../types.ts';

export type MessageListData = InfiniteData<ChatMessagesPage, string | undefined>;

/** Applies `change` to every cached message list of the thread (any page size). */
export function editMessageLists(
  queryClient: QueryClient,
  keys: ChatKeys,
  threadId: string,
  change: (data: MessageListData) => MessageListData,
): void {
  queryClient.setQueriesData<MessageListData>({ queryKey: keys.messageLists(threadId) }, (data) =>
    data === undefined ? data : change(data),
  );
}

// A message we could not re-read after sending has no sequenceId yet: it sorts as the newest.
const sequence = (message: ChatMessageItem) =>
  message.sequenceId === '' ? Infinity : Number(message.sequenceId);

const newestFirst = (a: ChatMessageItem, b: ChatMessageItem) =>
  sequence(b) - sequence(a) || b.createdOn.getTime() - a.createdOn.getTime();

/**
 * Which of two copies of a message to keep: the newer version; on the same version (or when one is
 * unknown), a deletion wins over a copy that is not deleted; otherwise the fresh copy.
 */
export function fresherCopy(held: ChatMessageItem, fresh: ChatMessageItem): ChatMessageItem {
  const order = compareVersions(fresh.version, held.version);
  if (order !== undefined && order < 0) return held;
  if (held.deletedOn !== undefined && fresh.deletedOn === undefined && (order ?? 0) <= 0)
    return held;
  return fresh;
}

/**
 * Merges server messages that are newer than (or as new as) what the first page holds: they join
 * the first page, replacing older copies anywhere (a copy older than the one held changes
 * nothing). `listedThrough` is given only when the messages come from listing, which is what lets
 * the next poll start there without leaving a gap.
 */
export function mergeNewest(
  data: MessageListData,
  fresh: readonly ChatMessageItem[],
  listedThrough?: Date,
): MessageListData {
  const first = data.pages[0];
  if (first === undefined || (fresh.length === 0 && listedThrough === undefined)) return data;
  // A message sent from here keeps its clientMessageId in later copies, so a list keyed by
  // `clientMessageId ?? id` keeps one element from pending to sent to polled: no flicker. An
  // event's copy, which has no sequenceId, keeps the listed copy's, and with it its place.
  const held = new Map<string, ChatMessageItem>();
  for (const page of data.pages) for (const m of page.items) held.set(m.id, m);
  const carried: ChatMessageItem[] = [];
  for (const m of fresh) {
    const before = held.get(m.id);
    const kept = before === undefined ? m : fresherCopy(before, m);
    const clientMessageId = kept.clientMessageId ?? before?.clientMessageId;
    const sequenceId = kept.sequenceId || before?.sequenceId || m.sequenceId;
    if (kept === before && sequenceId === before.sequenceId) continue; // nothing new
    if (clientMessageId === kept.clientMessageId && sequenceId === kept.sequenceId)
      carried.push(kept);
    else
      carried.push(
        clientMessageId === undefined
          ? { ...kept, sequenceId }
          : { ...kept, clientMessageId, sequenceId },
      );
  }
  const ids = new Set(carried.map((m) => m.id));
  const rest = editPages(data, (items, index) =>
    index > 0 && items.some((m) => ids.has(m.id)) ? items.filter((m) => !ids.has(m.id)) : items,
  ).pages.slice(1);
  const moved = carried.length > 0;
  const items = moved ? uniqueById([...carried, ...first.items]).sort(newestFirst) : first.items;
  const listed =
    listedThrough !== undefined && !(first.listedThrough! >= listedThrough)
      ? listedThrough
      : undefined;
  if (!moved && listed === undefined) return data;
  const page: ChatMessagesPage = { ...first, items };
  if (listed !== undefined) page.listedThrough = listed;
  return { ...data, pages: [page, ...rest] };
}

/** Changes the message with this id wherever it is; returns `data` itself when it is not held. */
export function patchMessage(
  data: MessageListData,
  id: string,
  change: (message: ChatMessageItem) => ChatMessageItem,
): MessageListData {
  return editPages(data, (items) => {
    const index = items.findIndex((m) => m.id === id);
    const changed = index < 0 ? undefined : change(items[index]!);
    if (changed === undefined || changed === items[index]) return items;
    return items.map((m) => (m.id === id ? changed : m));
  });
}

/** The message with this id, if held. */
export function findMessage(data: MessageListData, id: string): ChatMessageItem | undefined {
  for (const page of data.pages) {
    const found = page.items.find((m) => m.id === id);
    if (found) return found;
  }
  return undefined;
}

/** The flat list a screen shows, newest first: each id once, deleted ones hidden unless asked for. */
export function visibleMessages(data: MessageListData, includeDeleted: boolean): ChatMessageItem[] {
  const all = uniqueById(data.pages.flatMap((page) => page.items));
  return includeDeleted ? all : all.filter((m) => m.deletedOn === undefined);
}
