import { useMutation, type QueryKey } from '@tanstack/react-query';
import { applyChatEvent } from '../cache/apply-chat-event.ts';
import { chatKeys } from '../chat-keys.ts';
import { findMessage, patchMessage, type MessageListData } from '../cache/message-lists.ts';
import { chatMutationOptions, type ChatMutationOptions } from '../mutation-options.ts';
import { useScope } from '../chat-provider.tsx';
import type { ChatMessageItem, ChatScope } from '../types.ts';

/**
 * Deletes one of your messages (`mutate(messageId)`), optimistically: it gets `deletedOn` at once
 * (so it leaves lists that hide deleted messages, the default), and gets its old self back if the
 * service fails.
 */
export function deleteMessageMutation<TOnMutateResult = unknown>(
  scope: ChatScope,
  threadId: string,
  options?: ChatMutationOptions<void, string, TOnMutateResult>,
) {
  const keys = chatKeys(scope);
  return chatMutationOptions(
    {
      mutationKey: keys.mutations.deleteMessage(threadId),
      mutationFn: (messageId: string) =>
        scope.client.getChatThreadClient(threadId).deleteMessage(messageId),
      onMutate: (messageId, { client }) => {
        // Only this message is rolled back on failure, so other changes made meanwhile survive.
        const previous = new Map<QueryKey, ChatMessageItem>();
        const lists = { queryKey: keys.messageLists(threadId) };
        for (const [key, data] of client.getQueriesData<MessageListData>(lists)) {
          const message = data && findMessage(data, messageId);
          if (message === undefined) continue;
          previous.set(key, message);
          client.setQueryData<MessageListData>(key, (current) =>
            current === undefined
              ? current
              : patchMessage(current, messageId, (m) => ({ ...m, deletedOn: new Date() })),
          );
        }
        return previous;
      },
      // As the event of it would: a late copy of the message cannot bring it back.
      onSuccess: (_data, messageId, _state, { client }) =>
        applyChatEvent(client, scope, { type: 'messageDeleted', threadId, messageId }),
      onError: (_error, messageId, previous, { client }) => {
        for (const [key, message] of previous ?? []) {
          client.setQueryData<MessageListData>(key, (current) =>
            current === undefined ? current : patchMessage(current, messageId, () => message),
          );
        }
      },
    },
    options,
  );
}

/** `useMutation(deleteMessageMutation(scope, threadId, options))`: see deleteMessageMutation. */
export function useDeleteChatMessage<TOnMutateResult = unknown>(
  threadId: string,
  options?: ChatMutationOptions<void, string, TOnMutateResult>,
) {
  return useMutation(deleteMessageMutation(useScope('useDeleteChatMessage'), threadId, options));
}
