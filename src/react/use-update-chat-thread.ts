import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ChatRetentionPolicy, ChatThreadProperties } from '../core/index.ts';
import { chatKeys } from './chat-keys.ts';
import type { ChatMutationOptions } from './mutation-options.ts';
import { editThreadLists } from './list-caches.ts';
import { patchThread } from './thread-lists.ts';
import { useScope } from './use-chat-scope.ts';

export interface UpdateChatThreadVariables {
  topic?: string;
  /** Merged into the thread's metadata (merge-patch). */
  metadata?: Record<string, string>;
  retentionPolicy?: ChatRetentionPolicy;
}

/** Changes the topic, metadata or retention policy; caches the thread's new properties and topic. */
export function useUpdateChatThread(
  threadId: string,
  options: ChatMutationOptions<ChatThreadProperties, UpdateChatThreadVariables> = {},
) {
  const scope = useScope('useUpdateChatThread');
  const queryClient = useQueryClient();
  const keys = chatKeys(scope);
  return useMutation({
    ...options,
    mutationKey: keys.mutations.updateThread(threadId),
    mutationFn: async (change: UpdateChatThreadVariables) => {
      const thread = scope.client.getChatThreadClient(threadId);
      await thread.updateProperties(change);
      return thread.getProperties();
    },
    onSuccess: (properties) => {
      queryClient.setQueryData(keys.thread(threadId), properties);
      editThreadLists(queryClient, keys, (data) =>
        patchThread(data, threadId, { topic: properties.topic }),
      );
    },
  });
}
