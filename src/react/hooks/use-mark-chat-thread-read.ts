import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { threadSummaryQuery } from '../chat-queries.ts';
import { chatKeys } from '../chat-keys.ts';
import { useScope } from '../chat-provider.tsx';
import { useDocumentVisible } from './use-document-visible.ts';
import { sendReadReceiptMutation } from './use-send-read-receipt.ts';
import type { ChatThreadSummary } from '../types.ts';

export interface UseMarkChatThreadReadOptions {
  /** Whether the conversation is in view (e.g. its message list is on screen). Default true. */
  enabled?: boolean;
}

// The newest unread message: a text or HTML message from someone else (never the user's own, never
// a system message), as the summary counts them.
const newestUnread = (summary: ChatThreadSummary) => summary.unreadMessageIds[0];

/**
 * Marks the thread read while it is visible: when the page is visible and `enabled`, sends one read
 * receipt for the newest unread message (a text or HTML message from someone else), once per such
 * message; nothing when nothing is unread. The thread's summary says 0 unread after it. Reads the
 * thread's summary (see useChatThreadSummary) to know what is unread. Returns the receipt mutation.
 */
export function useMarkChatThreadRead(
  threadId: string,
  options: UseMarkChatThreadReadOptions = {},
) {
  const { enabled = true } = options;
  const scope = useScope('useMarkChatThreadRead');
  const queryClient = useQueryClient();
  const newest = useQuery({ ...threadSummaryQuery(scope, threadId), select: newestUnread }).data;
  const visible = useDocumentVisible();
  const mutation = useMutation(sendReadReceiptMutation(scope, threadId));
  const { mutate } = mutation;
  const sent = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (!enabled || !visible || newest === undefined || sent.current === newest) return;
    // One receipt per message, also across remounts while one is on its way.
    const mutationKey = chatKeys(scope).mutations.sendReadReceipt(threadId);
    const pending = queryClient.getMutationCache().findAll({ mutationKey, status: 'pending' });
    if (pending.some((m) => m.state.variables === newest)) return;
    sent.current = newest;
    mutate(newest, {
      // A failed receipt may be sent again when the page is next shown or the list in view.
      onError: () => {
        if (sent.current === newest) sent.current = undefined;
      },
    });
  }, [enabled, visible, newest, mutate, queryClient, scope, threadId]);
  return mutation;
}
