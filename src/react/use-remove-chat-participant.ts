import { useMutation, useQueryClient } from '@tanstack/react-query';
import { getIdentifierRawId, type CommunicationIdentifier } from '../core/index.ts';
import { chatKeys } from './chat-keys.ts';
import type { ChatMutationOptions } from './mutation-options.ts';
import { editThreadLists } from './list-caches.ts';
import { removeThreads } from './thread-lists.ts';
import { useScope } from './use-chat-scope.ts';

/**
 * Removes a participant (`mutate({ communicationUserId })`). Removing yourself is leaving: the
 * thread then leaves your cached thread lists and its cached data is dropped.
 */
export function useRemoveChatParticipant(
  threadId: string,
  options: ChatMutationOptions<void, CommunicationIdentifier> = {},
) {
  const scope = useScope('useRemoveChatParticipant');
  const queryClient = useQueryClient();
  const keys = chatKeys(scope);
  return useMutation({
    ...options,
    mutationKey: keys.mutations.removeParticipant(threadId),
    mutationFn: (participant: CommunicationIdentifier) =>
      scope.client.getChatThreadClient(threadId).removeParticipant(participant),
    onSuccess: (_data, participant) => {
      if (getIdentifierRawId(participant) !== scope.userId) return;
      editThreadLists(queryClient, keys, (data) => removeThreads(data, new Set([threadId])));
      queryClient.removeQueries({ queryKey: keys.threadScope(threadId) });
    },
    onSettled: (_data, _error, participant) => {
      if (getIdentifierRawId(participant) === scope.userId) return;
      return queryClient.invalidateQueries({ queryKey: keys.participants(threadId) });
    },
  });
}
