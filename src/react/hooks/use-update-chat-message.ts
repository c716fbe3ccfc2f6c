import { useMutation } from '@tanstack/react-query';
import type { ChatMessage } from '../../core/index.ts';
import { chatKeys } from '../chat-keys.ts';
import { patchMessage, editMessageLists } from '../cache/message-lists.ts';
import { chatMutationOptions, type ChatMutationOptions } from '../mutation-options.ts';
import { useScope } from '../chat-provider.tsx';
import type { ChatScope } from '../types.ts';

export interface UpdateChatMessageVariables {
  messageId: string;
  content?: string;
  /** Merged into the message's metadata. */
  metadata?: Record<string, string>;
}

/** Edits one of your messages; the cached copy becomes the server's edited message. */
export function updateMessageMutation<TOnMutateResult = unknown>(
  scope: ChatScope,
  threadId: string,
  options?: ChatMutationOptions<ChatMessage, UpdateChatMessageVariables, TOnMutateResult>,
) {
  const keys = chatKeys(scope);
  return chatMutationOptions(
    {
      mutationKey: keys.mutations.updateMessage(threadId),
      mutationFn: async ({ messageId, ...change }: UpdateChatMessageVariables) => {
        const thread = scope.client.getChatThreadClient(threadId);
        await thread.updateMessage(messageId, change);
        return thread.getMessage(messageId);
      },
      onSuccess: (message, _variables, _state, { client }) => {
        editMessageLists(client, keys, threadId, (data) =>
          patchMessage(data, message.id, () => message),
        );
      },
    },
    options,
  );
}

/** `useMutation(updateMessageMutation(scope, threadId, options))`: see updateMessageMutation. */
export function useUpdateChatMessage<TOnMutateResult = unknown>(
  threadId: string,
  options?: ChatMutationOptions<ChatMessage, UpdateChatMessageVariables, TOnMutateResult>,
) {
  return useMutation(updateMessageMutation(useScope('useUpdateChatMessage'), threadId, options));
}
