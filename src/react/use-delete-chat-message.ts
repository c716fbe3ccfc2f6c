import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ChatError } from '../core/index.ts';
import { chatKeys } from './chat-keys.ts';
import type { ChatMessageItem } from './message-item.ts';
import { findMessage, patchMessage, type MessageListData } from './message-lists.ts';
import type { ChatMutationOptions } from './mutation-options.ts';
import { useScope } from './use-chat-scope.ts';

type Previous = Map<readonly unknown[], ChatMessageItem>;

/**
 * Deletes one of your messages, optimistically: it gets `deletedOn` at once (so it leaves lists
 * that hide deleted messages, the default), and gets its old self back if the service fails.
 */
export function useDeleteChatMessage(
  threadId: string,
  options: ChatMutationOptions<void, string> = {},
) {
  const scope = useScope('useDeleteChatMessage');
  const queryClient = useQueryClient();
  const keys = chatKeys(scope);
  const lists = { queryKey: keys.messageLists(threadId) };
  return useMutation<void, ChatError, string, Previous>({
    ...options,
    mutationKey: keys.mutations.deleteMessage(threadId),
    mutationFn: (messageId) => scope.client.getChatThreadClient(threadId).deleteMessage(messageId),
    onMutate: (messageId) => {
      // Only this message is rolled back on failure, so other changes made meanwhile survive.
      const previous: Previous = new Map();
      for (const [key, data] of queryClient.getQueriesData<MessageListData>(lists)) {
        const message = data && findMessage(data, messageId);
        if (message === undefined) continue;
        previous.set(key, message);
        queryClient.setQueryData<MessageListData>(key, (current) =>
          current === undefined
            ? current
            : patchMessage(current, messageId, (m) => ({ ...m, deletedOn: new Date() })),
        );
      }
      return previous;
    },
    onError: (_error, messageId, previous) => {
      for (const [key, message] of previous ?? []) {
        queryClient.setQueryData<MessageListData>(key, (current) =>
          current === undefined ? current : patchMessage(current, messageId, () => message),
        );
      }
    },
  });
}
