import { useMutation } from '@tanstack/react-query';
import type {
  ChatParticipant,
  ChatRetentionPolicy,
  CreateChatThreadResult,
} from '../../core/index.ts';
import { chatKeys } from '../chat-keys.ts';
import { chatMutationOptions, type ChatMutationOptions } from '../mutation-options.ts';
import { putThreadFirst, editThreadLists } from '../cache/thread-lists.ts';
import { useScope } from '../chat-provider.tsx';
import type { ChatScope } from '../types.ts';

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
export function createThreadMutation<TOnMutateResult = unknown>(
  scope: ChatScope,
  options?: ChatMutationOptions<CreateChatThreadResult, CreateChatThreadVariables, TOnMutateResult>,
) {
  const keys = chatKeys(scope);
  return chatMutationOptions(
    {
      mutationKey: keys.mutations.createThread(),
      // One token per call, so that TanStack's retries repeat the same create and the service
      // answers them with the same thread.
      onMutate: ({ idempotencyToken }) => idempotencyToken ?? crypto.randomUUID(),
      mutationFn: ({ topic, ...rest }, token) =>
        scope.client.createChatThread({ topic }, { ...rest, idempotencyToken: token }),
      onSuccess: ({ chatThread }, _variables, _token, { client }) => {
        if (chatThread === undefined) return;
        client.setQueryData(keys.thread(chatThread.id), chatThread);
        editThreadLists(client, keys, (data) =>
          putThreadFirst(data, {
            id: chatThread.id,
            topic: chatThread.topic,
            lastMessageReceivedOn: chatThread.createdOn,
          }),
        );
      },
    },
    options,
  );
}

/** `useMutation(createThreadMutation(scope, options))`: see createThreadMutation. */
export function useCreateChatThread<TOnMutateResult = unknown>(
  options?: ChatMutationOptions<CreateChatThreadResult, CreateChatThreadVariables, TOnMutateResult>,
) {
  return useMutation(createThreadMutation(useScope('useCreateChatThread'), options));
}
