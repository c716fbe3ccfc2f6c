import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import { messagesQuery, newMessagesQuery, type MessagesQueryOptions } from './chat-queries.ts';
import type { ChatMessageItem } from './message-item.ts';
import { pollUntilGone } from './poll-until-gone.ts';
import { visibleMessages, type MessageListData } from './message-lists.ts';
import { useChatScope } from './use-chat-scope.ts';
import { withField } from './with-field.ts';

export interface UseChatMessagesOptions extends MessagesQueryOptions {
  /**
   * Poll for new messages every this many ms (TanStack's refetchInterval: paused in background
   * tabs). A poll asks only for what is new since the newest message held and merges it; history
   * pages are not refetched. Stops when the thread is gone (404). Off by default.
   */
  refetchInterval?: number | false;
  /** Also return messages with `deletedOn` (the service keeps them, emptied). Default false. */
  includeDeleted?: boolean;
}

const none: ChatMessageItem[] = [];

/**
 * The thread's messages, newest first, as one flat list (`messages`), each once; `fetchNextPage`
 * loads older ones. Messages being sent from here are at the top with `status: 'pending'`
 * (or `'failed'`). System messages (topic changes, participants added or removed) are included.
 */
export function useChatMessages(threadId: string, options: UseChatMessagesOptions = {}) {
  const { pageSize, refetchInterval = false, includeDeleted = false } = options;
  const scope = useChatScope('useChatMessages');
  const select = useCallback(
    (data: MessageListData) => visibleMessages(data, includeDeleted),
    [includeDeleted],
  );
  const list = useInfiniteQuery({ ...messagesQuery(scope, threadId, { pageSize }), select });
  useQuery({
    ...newMessagesQuery(scope, threadId, { pageSize }),
    enabled: refetchInterval !== false && list.isSuccess,
    refetchInterval: pollUntilGone(refetchInterval),
  });
  return withField(list, 'messages', list.data ?? none);
}
