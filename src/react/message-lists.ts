// Edits of the cached message lists of a thread (InfiniteData of pages, newest first): pure edits
// of one list, and editMessageLists, which applies one to every cached list of the thread. Local messages (being
// sent, or failed) stay at the top of the first page; server messages are ordered by sequenceId;
// an id appears once, the freshest copy winning.
import type { InfiniteData, QueryClient } from '@tanstack/react-query';
import type { ChatError } from '../core/index.ts';
import type { ChatKeys } from './chat-keys.ts';
import { isLocal, type ChatMessageItem, type ChatMessagesPage } from './message-item.ts';
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
  const local = first.items.filter(isLocal);
  // A message sent from here keeps its clientMessageId in later copies, so a list keyed by
  // `clientMessageId ?? id` keeps one element from pending to sent to polled: no flicker.
  const clientIds = new Map<string, string>();
  for (const page of data.pages)
    for (const m of page.items)
      if (!isLocal(m) && m.clientMessageId !== undefined) clientIds.set(m.id, m.clientMessageId);
  const carried = fresh.map((m) => {
    const clientMessageId = clientIds.get(m.id);
    return clientMessageId === undefined ? m : { ...m, clientMessageId };
  });
  const server = uniqueById([...carried, ...first.items.filter((m) => !isLocal(m))]).sort(
    newestFirst,
  );
  const page: ChatMessagesPage = { ...first, items: [...local, ...server] };
  if (listedThrough !== undefined && !(first.listedThrough! >= listedThrough)) {
    page.listedThrough = listedThrough;
  }
  return { ...data, pages: [page, ...rest] };
}

/** Adds a local message at the top, or replaces the one with the same clientMessageId. */
export function upsertLocal(data: MessageListData, message: ChatMessageItem): MessageListData {
  if (data.pages.length === 0) return data;
  const key = message.clientMessageId;
  const without = editPages(data, (items) =>
    items.some((m) => m.clientMessageId === key && isLocal(m))
      ? items.filter((m) => !(m.clientMessageId === key && isLocal(m)))
      : items,
  );
  return editPages(without, (items, index) => (index === 0 ? [message, ...items] : items));
}

/** Drops the local copy of a message. */
export function removeLocal(data: MessageListData, clientMessageId: string): MessageListData {
  return editPages(data, (items) =>
    items.some((m) => m.clientMessageId === clientMessageId && isLocal(m))
      ? items.filter((m) => !(m.clientMessageId === clientMessageId && isLocal(m)))
      : items,
  );
}

/** The server's message takes the place of its local copy: one message, no flicker. */
export function replaceLocal(
  data: MessageListData,
  clientMessageId: string,
  message: ChatMessageItem,
): MessageListData {
  return mergeNewest(removeLocal(data, clientMessageId), [{ ...message, clientMessageId }]);
}

export function markFailed(
  data: MessageListData,
  clientMessageId: string,
  error: ChatError,
): MessageListData {
  return editPages(data, (items) =>
    items.some((m) => m.clientMessageId === clientMessageId && isLocal(m))
      ? items.map((m) =>
          m.clientMessageId === clientMessageId && isLocal(m)
            ? { ...m, status: 'failed' as const, error }
            : m,
        )
      : items,
  );
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
