import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { AddChatParticipantsResult, ChatParticipant } from '../core/index.ts';
import { chatKeys } from './chat-keys.ts';
import type { ChatMutationOptions } from './mutation-options.ts';
import { useScope } from './use-chat-scope.ts';

/**
 * Adds participants (`mutate([{ id: { communicationUserId }, displayName, shareHistoryTime }])`).
 * The result's `invalidParticipants` lists those the service refused. Revalidates the participants.
 */
export function useAddChatParticipants(
  threadId: string,
  options: ChatMutationOptions<AddChatParticipantsResult, ChatParticipant[]> = {},
) {
  const scope = useScope('useAddChatParticipants');
  const queryClient = useQueryClient();
  const keys = chatKeys(scope);
  return useMutation({
    ...options,
    mutationKey: keys.mutations.addParticipants(threadId),
    mutationFn: (participants: ChatParticipant[]) =>
      scope.client.getChatThreadClient(threadId).addParticipants({ participants }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: keys.participants(threadId) }),
  });
}
