import { useQuery } from '@tanstack/react-query';
import { useChatQueries } from './use-chat-queries.ts';

/** The thread's properties: topic, createdOn, createdBy, metadata, retentionPolicy. */
export function useChatThread(threadId: string) {
  return useQuery(useChatQueries().thread(threadId));
}
