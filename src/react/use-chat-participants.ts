import { useQuery } from '@tanstack/react-query';
import { participantsQuery } from './chat-queries.ts';
import { useChatScope } from './use-chat-scope.ts';

/** Everyone in the thread (every page), with display names and shareHistoryTime. */
export function useChatParticipants(threadId: string) {
  return useQuery(participantsQuery(useChatScope('useChatParticipants'), threadId));
}
