import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { ChatMessage } from '../../core/index.ts';
import { chatKeys } from '../chat-keys.ts';
import { mergeNewest, editMessageLists } from '../cache/message-lists.ts';
import { chatMutationOptions, type ChatMutationOptions } from '../mutation-options.ts';
import { localId } from '../cache/outgoing-messages.ts';
import { touchThread, editThreadLists } from '../cache/thread-lists.ts';
import { updateThreadSummary } from '../summaries/summary-edits.ts';
import { summaryInputs } from '../cache/summary-inputs.ts';
import { useScope } from '../chat-provider.tsx';
import { outgoingMessage } from '../cache/outgoing-messages.ts';
import type { ChatMessageItem, ChatScope, SendChatMessageVariables } from '../types.ts';

/**
 * Sends a message, optimistically: `useChatMessages` shows it at once at the top with
 * `status: 'pending'`; on success the server's message takes its place (same position, no
 * duplicate); on failure it stays, `status: 'failed'` with the `error`, until it is sent again
 * (`mutate` with its `clientMessageId`) or discarded. Resolves to the server's message. The
 * pending and failed copies are this mutation's state, kept (`gcTime: Infinity`) until then.
 */
export function sendMessageMutation<TOnMutateResult = unknown>(
  scope: ChatScope,
  threadId: string,
  options?: ChatMutationOptions<ChatMessage, SendChatMessageVariables, TOnMutateResult>,
) {
  const keys = chatKeys(scope);
  const mutationKey = keys.mutations.sendMessage(threadId);
  return chatMutationOptions(
    {
      mutationKey,
      onMutate: (variables, { client }) => {
        const sends = client.getMutationCache().findAll({ mutationKey });
        // This call's mutation is the newest holding these variables; a failed send it retries
        // (same clientMessageId) gives way to it.
        const self = sends.findLast((m) => m.state.variables === variables)!;
        const id = localId(self);
        for (const m of sends)
          if (m !== self && m.state.status === 'error' && localId(m) === id)
            client.getMutationCache().remove(m);
        return { id, self };
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
      onSuccess: (message, _variables, state, { client }) => {
        // The service's copy, tagged with the local id, takes the pending copy's place.
        const sent: ChatMessageItem = { ...message, clientMessageId: state?.id };
        editMessageLists(client, keys, threadId, (data) => mergeNewest(data, [sent]));
        editThreadLists(client, keys, (data) => touchThread(data, threadId, message.createdOn));
        const event = { type: 'messageReceived', threadId, message } as const;
        updateThreadSummary(client, scope, event, summaryInputs(client, scope, event));
        // Kept for ever only while it may be retried or discarded.
        if (state) client.getMutationCache().remove(state.self);
      },
    },
    { gcTime: Infinity, ...options },
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
    (message: ChatMessageItem) => {
      const cache = queryClient.getMutationCache();
      const id = message.clientMessageId ?? message.id;
      const mutationKey = chatKeys(scope).mutations.sendMessage(threadId);
      for (const m of cache.findAll({ mutationKey, status: 'error' }))
        if (localId(m) === id) cache.remove(m);
    },
    [queryClient, scope, threadId],
  );
  return { ...mutation, retry, discard };
}
