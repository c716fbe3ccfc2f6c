import { useMutation, useQueryClient } from '@tanstack/react-query';
import type {
  ChatParticipant,
  ChatRetentionPolicy,
  CreateChatThreadResult,
} from '../core/index.ts';
import { chatKeys } from './chat-keys.ts';
import type { ChatMutationOptions } from './mutation-options.ts';
import { editThreadLists } from './list-caches.ts';
import { putThreadFirst } from './thread-lists.ts';
import { useScope } from './use-chat-scope.ts';
import { usePreparedVariables } from './use-prepared-variables.ts';

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
  const scope = useScope('useCreateChatThread');
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
      editThreadLists(queryClient, keys, (data) =>
        putThreadFirst(data, {
          id: chatThread.id,
          topic: chatThread.topic,
          lastMessageReceivedOn: chatThread.createdOn,
        }),
      );
    },
  });
  // The token is fixed once per call, so that TanStack's retries (which repeat the same
  // variables) repeat the same create, and the service answers them with the same thread.
  return usePreparedVariables(mutation, withToken);
}

function withToken(variables: CreateChatThreadVariables): CreateChatThreadVariables {
  return { ...variables, idempotencyToken: variables.idempotencyToken ?? crypto.randomUUID() };
}
