import { useQuery } from '@tanstack/react-query';
import { useChatQueries } from './use-chat-queries.ts';

/** Everyone in the thread (every page), with display names and shareHistoryTime. */
export function useChatParticipants(threadId: string) {
  return useQuery(useChatQueries().participants(threadId));
}
