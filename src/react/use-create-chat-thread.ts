import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type {
  ChatParticipant,
  ChatRetentionPolicy,
  CreateChatThreadResult,
} from '../core/index.ts';
import { chatKeys } from './chat-keys.ts';
import type { ChatMutationOptions } from './mutation-options.ts';
import { putThreadFirst, type ThreadListData } from './thread-lists.ts';
import { useChatScope } from './use-chat-scope.ts';

export interface CreateChatThreadVariables {
  topic: string;
  participants?: ChatParticipant[];
  metadata?: Record<string, string>;
  retentionPolicy?: ChatRetentionPolicy;
  /** Default: a new UUID per `mutate` call, reused by TanStack's retries of that call. */
  idempotencyToken?: string;
}

/**
 * Creates a thread. When the service answers, the thread goes to the top of every cached thread
 * list (no refetch). The result carries `invalidParticipants`: a create can partly succeed.
 */
export function useCreateChatThread(
  options: ChatMutationOptions<CreateChatThreadResult, CreateChatThreadVariables> = {},
) {
  const scope = useChatScope('useCreateChatThread');
  const queryClient = useQueryClient();
  const keys = chatKeys(scope);
  const mutation = useMutation({
    ...options,
    mutationKey: keys.mutations.createThread(),
    mutationFn: ({ topic, ...rest }: CreateChatThreadVariables) =>
      scope.client.createChatThread({ topic }, rest),
    onSuccess: ({ chatThread }) => {
      if (chatThread === undefined) return;
      queryClient.setQueryData(keys.thread(chatThread.id), chatThread);
      queryClient.setQueriesData<ThreadListData>({ queryKey: keys.threadLists() }, (data) =>
        data === undefined
          ? data
          : putThreadFirst(data, {
              id: chatThread.id,
              topic: chatThread.topic,
              lastMessageReceivedOn: chatThread.createdOn,
            }),
      );
    },
  });
  // The token is fixed here, once per call, so that TanStack's retries (which repeat the same
  // variables) repeat the same create, and the service answers them with the same thread.
  const { mutate: mutateRaw, mutateAsync: mutateAsyncRaw } = mutation;
  const mutate = useCallback<typeof mutateRaw>(
    (variables, callbacks) => mutateRaw(withToken(variables), callbacks),
    [mutateRaw],
  );
  const mutateAsync = useCallback<typeof mutateAsyncRaw>(
    (variables, callbacks) => mutateAsyncRaw(withToken(variables), callbacks),
    [mutateAsyncRaw],
  );
  return Object.assign(mutation, { mutate, mutateAsync });
}

function withToken(variables: CreateChatThreadVariables): CreateChatThreadVariables {
  return { ...variables, idempotencyToken: variables.idempotencyToken ?? crypto.randomUUID() };
}
