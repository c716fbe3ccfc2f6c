import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { ChatMessage } from '../core/index.ts';
import { chatKeys } from './chat-keys.ts';
import type { ChatScope } from './chat-provider.tsx';
import { outgoingMessage, type ChatMessageItem, type OutgoingMessage } from './message-item.ts';
import {
  markFailed,
  removeLocal,
  replaceLocal,
  upsertLocal,
  type MessageListData,
  editMessageLists,
} from './message-lists.ts';
import { chatMutationOptions, type ChatMutationOptions } from './mutation-options.ts';
import { touchThread, editThreadLists } from './thread-lists.ts';
import { useScope } from './chat-provider.tsx';

export interface SendChatMessageVariables extends OutgoingMessage {
  /** The local copy's id. Default: a new one per `mutate`; `retry` reuses it. */
  clientMessageId?: string;
}

/**
 * Sends a message, optimistically: it shows at once at the top of the thread's message lists with
 * `status: 'pending'`; on success the server's message takes its place (same position, no
 * duplicate); on failure it stays, `status: 'failed'` with the `error`, until it is sent again
 * (`mutate` with its `clientMessageId`) or discarded. Resolves to the server's message.
 */
export function sendMessageMutation<TOnMutateResult = unknown>(
  scope: ChatScope,
  threadId: string,
  options?: ChatMutationOptions<ChatMessage, SendChatMessageVariables, TOnMutateResult>,
) {
  const keys = chatKeys(scope);
  return chatMutationOptions(
    {
      mutationKey: keys.mutations.sendMessage(threadId),
      onMutate: (variables, { client }) => {
        const id = variables.clientMessageId ?? `local:${crypto.randomUUID()}`;
        const local = outgoingMessage(id, variables, scope.userId);
        editMessageLists(client, keys, threadId, (data) =>
          upsertLocal(data, { ...local, clientMessageId: id, status: 'pending' }),
        );
        return id;
      },
      mutationFn: async ({ content, clientMessageId: _, ...rest }: SendChatMessageVariables) => {
        const thread = scope.client.getChatThreadClient(threadId);
        const { id } = await thread.sendMessage({ content }, rest);
        // Re-read it for the server's sequenceId and createdOn. The message is sent either way:
        // if the read fails we keep what we know rather than report a failure that invites a resend.
        return thread
          .getMessage(id)
          .catch(() => outgoingMessage(id, { content, ...rest }, scope.userId));
      },
      onSuccess: (message, _variables, id, { client }) => {
        if (id !== undefined) {
          editMessageLists(client, keys, threadId, (data: MessageListData) =>
            replaceLocal(data, id, message),
          );
        }
        editThreadLists(client, keys, (data) => touchThread(data, threadId, message.createdOn));
      },
      onError: (error, _variables, id, { client }) => {
        if (id === undefined) return;
        editMessageLists(client, keys, threadId, (data) => markFailed(data, id, error));
      },
    },
    options,
  );
}

/**
 * `useMutation(sendMessageMutation(scope, threadId, options))`, plus `retry(message)`, which
 * sends a failed message again in its place, and `discard(message)`, which drops it.
 */
export function useSendChatMessage<TOnMutateResult = unknown>(
  threadId: string,
  options?: ChatMutationOptions<ChatMessage, SendChatMessageVariables, TOnMutateResult>,
) {
  const scope = useScope('useSendChatMessage');
  const queryClient = useQueryClient();
  const mutation = useMutation(sendMessageMutation(scope, threadId, options));
  const { mutate } = mutation;
  const retry = useCallback(
    (message: ChatMessageItem) =>
      mutate({
        content: message.content?.message ?? '',
        senderDisplayName: message.senderDisplayName,
        type: message.type === 'html' ? 'html' : 'text',
        metadata: message.metadata,
        clientMessageId: message.clientMessageId ?? message.id,
      }),
    [mutate],
  );
  const discard = useCallback(
    (message: ChatMessageItem) =>
      editMessageLists(queryClient, chatKeys(scope), threadId, (data) =>
        removeLocal(data, message.clientMessageId ?? message.id),
      ),
    [queryClient, scope, threadId],
  );
  return { ...mutation, retry, discard };
}
