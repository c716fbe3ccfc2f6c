import type { Query } from '@tanstack/react-query';
import { useCachedSummaries } from '../summaries/cached-summaries.ts';
import { useScope } from '../chat-provider.tsx';
import type { ChatThreadSummary } from '../types.ts';

const sum = (summaries: Query[]) =>
  summaries.reduce(
    (total, query) =>
      total + ((query.state.data as ChatThreadSummary | undefined)?.unreadCount ?? 0),
    0,
  );

/**
 * The unread messages of every thread whose summary is loaded (the rows rendered so far, see
 * useChatThreadSummary), for a title or tab badge. Makes no request; re-renders when one changes.
 */
export function useUnreadChatCount(): number {
  return useCachedSummaries(useScope('useUnreadChatCount'), sum);
}
