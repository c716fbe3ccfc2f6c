// Edits of the cached message lists of a thread (InfiniteData of pages, newest first): pure edits
// of one list, and editMessageLists, which applies one to every cached list of the thread. The
// cache holds the service's messages only (sends in flight are mutations, see outgoing-messages),
// ordered by sequenceId; an id appears once, the freshest copy winning.
import type { InfiniteData, QueryClient } from '@tanstack/react-query';
import type { ChatKeys } from './chat-keys.ts';
import type { ChatMessageItem, ChatMessagesPage } from './message-item.ts';
import { editPages, uniqueById } from './pages.ts';

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
 * Merges server messages that are newer than (or as new as) what the first page holds: they join
 * the first page, replacing older copies anywhere. `listedThrough` is given only when the messages
 * come from listing, which is what lets the next poll start there without leaving a gap.
 */
export function mergeNewest(
  data: MessageListData,
  fresh: readonly ChatMessageItem[],
  listedThrough?: Date,
): MessageListData {
  const first = data.pages[0];
  if (first === undefined || (fresh.length === 0 && listedThrough === undefined)) return data;
  const ids = new Set(fresh.map((m) => m.id));
  const rest = editPages(data, (items, index) =>
    index > 0 && items.some((m) => ids.has(m.id)) ? items.filter((m) => !ids.has(m.id)) : items,
  ).pages.slice(1);
  // A message sent from here keeps its clientMessageId in later copies, so a list keyed by
  // `clientMessageId ?? id` keeps one element from pending to sent to polled: no flicker. An
  // event's copy, which has no sequenceId, keeps the listed copy's, and with it its place.
  const held = new Map<string, ChatMessageItem>();
  for (const page of data.pages) for (const m of page.items) held.set(m.id, m);
  const carried = fresh.map((m) => {
    const before = held.get(m.id);
    const clientMessageId = m.clientMessageId ?? before?.clientMessageId;
    const sequenceId = m.sequenceId || (before?.sequenceId ?? '');
    if (clientMessageId === m.clientMessageId && sequenceId === m.sequenceId) return m;
    return clientMessageId === undefined
      ? { ...m, sequenceId }
      : { ...m, clientMessageId, sequenceId };
  });
  const items = uniqueById([...carried, ...first.items]).sort(newestFirst);
  const page: ChatMessagesPage = { ...first, items };
  if (listedThrough !== undefined && !(first.listedThrough! >= listedThrough)) {
    page.listedThrough = listedThrough;
  }
  return { ...data, pages: [page, ...rest] };
}

/** Changes the message with this id wherever it is; returns `data` itself when it is not held. */
export function patchMessage(
  data: MessageListData,
  id: string,
  change: (message: ChatMessageItem) => ChatMessageItem,
): MessageListData {
  return editPages(data, (items) =>
    items.some((m) => m.id === id) ? items.map((m) => (m.id === id ? change(m) : m)) : items,
  );
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
