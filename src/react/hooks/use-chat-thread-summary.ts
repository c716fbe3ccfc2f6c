import { useQuery } from '@tanstack/react-query';
import { threadSummaryQuery, type ChatQueryHookOptions } from '../chat-queries.ts';
import type { ChatKey } from '../chat-keys.ts';
import { useScope } from '../chat-provider.tsx';
import type { ChatThreadSummary } from '../types.ts';

/**
 * The user's unread count (`unreadCount`, `unreadCapped` for "99+"), the newest message as a
 * preview (`lastMessage`) and `lastReadOn` for one thread: see threadSummaryQuery. Call it in the
 * rows a list renders: rows never rendered cost nothing.
 */
export function useChatThreadSummary(
  threadId: string,
  options?: ChatQueryHookOptions<ChatThreadSummary, ChatKey<'threadSummary'>>,
) {
  return useQuery({
    ...threadSummaryQuery(useScope('useChatThreadSummary'), threadId),
    ...options,
  });
}
