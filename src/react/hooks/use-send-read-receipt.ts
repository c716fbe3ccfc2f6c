import { useMutation } from '@tanstack/react-query';
import { chatKeys } from '../chat-keys.ts';
import { chatMutationOptions, type ChatMutationOptions } from '../mutation-options.ts';
import { useScope } from '../chat-provider.tsx';
import { ownReceipt, updateThreadSummary } from '../summaries/summary-edits.ts';
import type { ChatScope } from '../types.ts';

/**
 * Marks messages read up to the given message id (`mutate(messageId)`); revalidates receipts and
 * updates the thread's summary (its unread count) in place.
 */
export function sendReadReceiptMutation<TOnMutateResult = unknown>(
  scope: ChatScope,
  threadId: string,
  options?: ChatMutationOptions<void, string, TOnMutateResult>,
) {
  const keys = chatKeys(scope);
  return chatMutationOptions(
    {
      mutationKey: keys.mutations.sendReadReceipt(threadId),
      mutationFn: (chatMessageId: string) =>
        scope.client.getChatThreadClient(threadId).sendReadReceipt({ chatMessageId }),
      onSuccess: (_data, chatMessageId, _state, { client }) => {
        updateThreadSummary(client, scope, ownReceipt(scope, threadId, chatMessageId));
        return client.invalidateQueries({ queryKey: keys.readReceipts(threadId) });
      },
    },
    options,
  );
}

/** `useMutation(sendReadReceiptMutation(scope, threadId, options))`: see sendReadReceiptMutation. */
export function useSendReadReceipt<TOnMutateResult = unknown>(
  threadId: string,
  options?: ChatMutationOptions<void, string, TOnMutateResult>,
) {
  return useMutation(sendReadReceiptMutation(useScope('useSendReadReceipt'), threadId, options));
}
