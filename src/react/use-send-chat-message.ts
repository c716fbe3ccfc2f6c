import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { ChatMessage } from '../core/index.ts';
import { chatKeys } from './chat-keys.ts';
import { outgoingMessage, type ChatMessageItem, type OutgoingMessage } from './message-item.ts';
import {
  markFailed,
  removeLocal,
  replaceLocal,
  upsertLocal,
  type MessageListData,
} from './message-lists.ts';
import { editMessageLists, editThreadLists } from './list-caches.ts';
import type { ChatMutationOptions } from './mutation-options.ts';
import { touchThread } from './thread-lists.ts';
import { useScope } from './use-chat-scope.ts';
import { usePreparedVariables } from './use-prepared-variables.ts';

export interface SendChatMessageVariables extends OutgoingMessage {
  /** The local copy's id. Default: a new one per `mutate`; `retry` reuses it. */
  clientMessageId?: string;
}

/**
 * Sends a message, optimistically: it shows at once at the top of the thread's message lists with
 * `status: 'pending'`; on success the server's message takes its place (same position, no
 * duplicate); on failure it stays, `status: 'failed'` with the `error`, until you `retry(message)`
 * or `discard(message)` it. Resolves to the server's message.
 */
export function useSendChatMessage(
  threadId: string,
  options: ChatMutationOptions<ChatMessage, SendChatMessageVariables> = {},
) {
  const scope = useScope('useSendChatMessage');
  const queryClient = useQueryClient();
  const keys = chatKeys(scope);
  const edit = (change: (data: MessageListData) => MessageListData) =>
    editMessageLists(queryClient, keys, threadId, change);
  const mutation = useMutation({
    ...options,
    mutationKey: keys.mutations.sendMessage(threadId),
    mutationFn: async ({ content, clientMessageId: _, ...rest }: SendChatMessageVariables) => {
      const thread = scope.client.getChatThreadClient(threadId);
      const { id } = await thread.sendMessage({ content }, rest);
      // Re-read it for the server's sequenceId and createdOn. The message is sent either way: if
      // the read fails we keep what we know rather than report a failure that invites a resend.
      return thread
        .getMessage(id)
        .catch(() => outgoingMessage(id, { content, ...rest }, scope.userId));
    },
    onMutate: (variables) => {
      const id = variables.clientMessageId!;
      const local = outgoingMessage(id, variables, scope.userId);
      edit((data) => upsertLocal(data, { ...local, clientMessageId: id, status: 'pending' }));
    },
    onSuccess: (message, variables) => {
      edit((data) => replaceLocal(data, variables.clientMessageId!, message));
      editThreadLists(queryClient, keys, (data) => touchThread(data, threadId, message.createdOn));
    },
    onError: (error, variables) => {
      edit((data) => markFailed(data, variables.clientMessageId!, error));
    },
  });

  const prepared = usePreparedVariables(mutation, withClientId);
  const { mutate } = prepared;
  /** Sends a failed message again, in its place. */
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
  /** Forgets a failed message. */
  const discard = useCallback(
    (message: ChatMessageItem) =>
      editMessageLists(queryClient, chatKeys(scope), threadId, (data) =>
        removeLocal(data, message.clientMessageId ?? message.id),
      ),
    [queryClient, scope, threadId],
  );
  return Object.assign(prepared, { retry, discard });
}

function withClientId(variables: SendChatMessageVariables): SendChatMessageVariables {
  return {
    ...variables,
    clientMessageId: variables.clientMessageId ?? `local:${crypto.randomUUID()}`,
  };
}
