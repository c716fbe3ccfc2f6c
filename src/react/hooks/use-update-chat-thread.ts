import { useMutation } from '@tanstack/react-query';
import type { ChatRetentionPolicy, ChatThreadProperties } from '../../core/index.ts';
import { chatKeys } from '../chat-keys.ts';
import { chatMutationOptions, type ChatMutationOptions } from '../mutation-options.ts';
import { patchThread, editThreadLists } from '../cache/thread-lists.ts';
import { useScope } from '../chat-provider.tsx';
import type { ChatScope } from '../types.ts';

export interface UpdateChatThreadVariables {
  topic?: string;
  /** Merged into the thread's metadata (merge-patch). */
  metadata?: Record<string, string>;
  retentionPolicy?: ChatRetentionPolicy;
}

/** Changes the topic, metadata or retention policy; caches the thread's new properties and topic. */
export function updateThreadMutation<TOnMutateResult = unknown>(
  scope: ChatScope,
  threadId: string,
  options?: ChatMutationOptions<ChatThreadProperties, UpdateChatThreadVariables, TOnMutateResult>,
) {
  const keys = chatKeys(scope);
  return chatMutationOptions(
    {
      mutationKey: keys.mutations.updateThread(threadId),
      mutationFn: async (change: UpdateChatThreadVariables) => {
        const thread = scope.client.getChatThreadClient(threadId);
        await thread.updateProperties(change);
        return thread.getProperties();
      },
      onSuccess: (properties, _change, _state, { client }) => {
        client.setQueryData(keys.thread(threadId), properties);
        editThreadLists(client, keys, (data) =>
          patchThread(data, threadId, { topic: properties.topic }),
        );
      },
    },
    options,
  );
}

/** `useMutation(updateThreadMutation(scope, threadId, options))`: see updateThreadMutation. */
export function useUpdateChatThread<TOnMutateResult = unknown>(
  threadId: string,
  options?: ChatMutationOptions<ChatThreadProperties, UpdateChatThreadVariables, TOnMutateResult>,
) {
  return useMutation(updateThreadMutation(useScope('useUpdateChatThread'), threadId, options));
}
