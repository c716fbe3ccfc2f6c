import { useMutation } from '@tanstack/react-query';
import { getIdentifierRawId, type CommunicationIdentifier } from '../../core/index.ts';
import { chatKeys } from '../chat-keys.ts';
import { chatMutationOptions, type ChatMutationOptions } from '../mutation-options.ts';
import { removeThreads, editThreadLists } from '../cache/thread-lists.ts';
import { useScope } from '../chat-provider.tsx';
import type { ChatScope } from '../types.ts';

/**
 * Removes a participant (`mutate({ communicationUserId })`). Removing yourself is leaving: the
 * thread then leaves your cached thread lists and its cached data is dropped.
 */
export function removeParticipantMutation<TOnMutateResult = unknown>(
  scope: ChatScope,
  threadId: string,
  options?: ChatMutationOptions<void, CommunicationIdentifier, TOnMutateResult>,
) {
  const keys = chatKeys(scope);
  const isMe = (participant: CommunicationIdentifier) =>
    getIdentifierRawId(participant) === scope.userId;
  return chatMutationOptions(
    {
      mutationKey: keys.mutations.removeParticipant(threadId),
      mutationFn: (participant: CommunicationIdentifier) =>
        scope.client.getChatThreadClient(threadId).removeParticipant(participant),
      onSuccess: (_data, participant, _state, { client }) => {
        if (!isMe(participant)) return;
        editThreadLists(client, keys, (data) => removeThreads(data, new Set([threadId])));
        client.removeQueries({ queryKey: keys.threadScope(threadId) });
      },
      onSettled: (participant, { client }) => {
        if (isMe(participant)) return;
        return client.invalidateQueries({ queryKey: keys.participants(threadId) });
      },
    },
    options,
  );
}

/** `useMutation(removeParticipantMutation(scope, threadId, options))`: see removeParticipantMutation. */
export function useRemoveChatParticipant<TOnMutateResult = unknown>(
  threadId: string,
  options?: ChatMutationOptions<void, CommunicationIdentifier, TOnMutateResult>,
) {
  return useMutation(
    removeParticipantMutation(useScope('useRemoveChatParticipant'), threadId, options),
  );
}
