import { useQuery } from '@tanstack/react-query';
import { participantsQuery } from './chat-queries.ts';
import { useScope } from './use-chat-scope.ts';

/** Everyone in the thread (every page), with display names and shareHistoryTime. */
export function useChatParticipants(threadId: string) {
  return useQuery(participantsQuery(useScope('useChatParticipants'), threadId));
}
