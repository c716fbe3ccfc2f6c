import { useMutation } from '@tanstack/react-query';
import type { AddChatParticipantsResult, ChatParticipant } from '../../core/index.ts';
import { chatKeys } from '../chat-keys.ts';
import { chatMutationOptions, type ChatMutationOptions } from '../mutation-options.ts';
import { useScope } from '../chat-provider.tsx';
import type { ChatScope } from '../types.ts';

/**
 * Adds participants (`mutate([{ id: { communicationUserId }, displayName, shareHistoryTime }])`).
 * The result's `invalidParticipants` lists those the service refused. Revalidates the participants.
 */
export function addParticipantsMutation<TOnMutateResult = unknown>(
  scope: ChatScope,
  threadId: string,
  options?: ChatMutationOptions<AddChatParticipantsResult, ChatParticipant[], TOnMutateResult>,
) {
  const keys = chatKeys(scope);
  return chatMutationOptions(
    {
      mutationKey: keys.mutations.addParticipants(threadId),
      mutationFn: (participants: ChatParticipant[]) =>
        scope.client.getChatThreadClient(threadId).addParticipants({ participants }),
      onSettled: (_participants, { client }) =>
        client.invalidateQueries({ queryKey: keys.participants(threadId) }),
    },
    options,
  );
}

/** `useMutation(addParticipantsMutation(scope, threadId, options))`: see addParticipantsMutation. */
export function useAddChatParticipants<TOnMutateResult = unknown>(
  threadId: string,
  options?: ChatMutationOptions<AddChatParticipantsResult, ChatParticipant[], TOnMutateResult>,
) {
  return useMutation(
    addParticipantsMutation(useScope('useAddChatParticipants'), threadId, options),
  );
}
