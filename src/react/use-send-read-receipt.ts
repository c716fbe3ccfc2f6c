import { useMutation, useQueryClient } from '@tanstack/react-query';
import { chatKeys } from './chat-keys.ts';
import type { ChatMutationOptions } from './mutation-options.ts';
import { useScope } from './use-chat-scope.ts';

/** Marks messages read up to the given message id (`mutate(messageId)`); revalidates receipts. */
export function useSendReadReceipt(
  threadId: string,
  options: ChatMutationOptions<void, string> = {},
) {
  const scope = useScope('useSendReadReceipt');
  const queryClient = useQueryClient();
  const keys = chatKeys(scope);
  return useMutation({
    ...options,
    mutationKey: keys.mutations.sendReadReceipt(threadId),
    mutationFn: (chatMessageId: string) =>
      scope.client.getChatThreadClient(threadId).sendReadReceipt({ chatMessageId }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.readReceipts(threadId) }),
  });
}
