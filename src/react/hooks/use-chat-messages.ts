import {
  focusManager,
  useInfiniteQuery,
  useMutationState,
  useQueryClient,
} from '@tanstack/react-query';
import { useCallback, useEffect, useMemo } from 'react';
import {
  messagesQuery,
  type ChatInfiniteQueryHookOptions,
  type MessagesQueryOptions,
} from '../chat-queries.ts';
import { chatKeys, type ChatKey } from '../chat-keys.ts';
import { visibleMessages, type MessageListData } from '../cache/message-lists.ts';
import { outgoing, withOutgoing } from '../cache/outgoing-messages.ts';
import { pollNewMessages } from '../realtime/poll-new-messages.ts';
import { isGone } from '../realtime/poll-until-gone.ts';
import { useScope } from '../chat-provider.tsx';
import { useChatConnection } from './use-chat-connection.ts';
import { withField } from './with-field.ts';
import type { ChatMessageItem, ChatMessagesPage } from '../types.ts';

export interface UseChatMessagesOptions
  extends
    MessagesQueryOptions,
    Omit<ChatInfiniteQueryHookOptions<ChatMessagesPage, ChatKey<'messages'>>, 'refetchInterval'> {
  /**
   * Poll for new messages every this many ms (not while the tab is in the background). A poll
   * asks only for what is new since the newest message listed and merges it by id; history pages
   * are not refetched. Stops when the thread is gone (404), and while the provider's real-time
   * source is connected. Off by default.
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
  const { pageSize, refetchInterval = false, includeDeleted = false, ...tanstack } = options;
  const scope = useScope('useChatMessages');
  const queryClient = useQueryClient();
  const select = useCallback(
    (data: MessageListData) => visibleMessages(data, includeDeleted),
    [includeDeleted],
  );
  const list = useInfiniteQuery({
    ...messagesQuery(scope, threadId, { pageSize }),
    ...tanstack,
    select,
  });
  // Sends in flight or failed are the send mutations' state, shown on top of the server's list.
  const sends = useMutationState({
    filters: { mutationKey: chatKeys(scope).mutations.sendMessage(threadId) },
    select: outgoing,
  });
  const messages = useMemo(
    () => withOutgoing(list.data ?? none, sends, scope.userId),
    [list.data, sends, scope.userId],
  );
  // While real-time events flow, they bring what polling would: no requests.
  const connected = useChatConnection() === 'connected';
  const live = refetchInterval !== false && list.isSuccess && !connected;
  useEffect(() => {
    if (!live) return;
    const stop = new AbortController();
    let polling = false;
    // The list was just fetched when polling starts: the first poll waits one interval.
    const timer = setInterval(() => {
      // As TanStack's refetchInterval: not in a background tab; and one poll at a time.
      if (polling || !focusManager.isFocused()) return;
      polling = true;
      pollNewMessages(scope, queryClient, threadId, { pageSize }, stop.signal)
        .catch((error: unknown) => {
          // A thread that is gone (404) stays gone: stop, rather than ask every interval. Any
          // other failure is the next poll's to catch up.
          if (isGone(error)) clearInterval(timer);
        })
        .finally(() => {
          polling = false;
        });
    }, refetchInterval);
    return () => {
      clearInterval(timer);
      stop.abort();
    };
  }, [live, refetchInterval, scope, queryClient, threadId, pageSize]);
  return withField(list, 'messages', messages);
}
