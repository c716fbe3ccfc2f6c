import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ChatMessage } from '../core/index.ts';
import { chatKeys } from './chat-keys.ts';
import { editMessageLists } from './list-caches.ts';
import { patchMessage } from './message-lists.ts';
import type { ChatMutationOptions } from './mutation-options.ts';
import { useScope } from './use-chat-scope.ts';

export interface UpdateChatMessageVariables {
  messageId: string;
  content?: string;
  /** Merged into the message's metadata. */
  metadata?: Record<string, string>;
}

/** Edits one of your messages; the cached copy becomes the server's edited message. */
export function useUpdateChatMessage(
  threadId: string,
  options: ChatMutationOptions<ChatMessage, UpdateChatMessageVariables> = {},
) {
  const scope = useScope('useUpdateChatMessage');
  const queryClient = useQueryClient();
  const keys = chatKeys(scope);
  return useMutation({
    ...options,
    mutationKey: keys.mutations.updateMessage(threadId),
    mutationFn: async ({ messageId, ...change }: UpdateChatMessageVariables) => {
      const thread = scope.client.getChatThreadClient(threadId);
      await thread.updateMessage(messageId, change);
      return thread.getMessage(messageId);
    },
    onSuccess: (message) => {
      editMessageLists(queryClient, keys, threadId, (data) =>
        patchMessage(data, message.id, () => message),
      );
    },
  });
}
