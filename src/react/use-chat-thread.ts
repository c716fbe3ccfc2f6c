import { useQuery } from '@tanstack/react-query';
import { threadQuery } from './chat-queries.ts';
import { useScope } from './use-chat-scope.ts';

/** The thread's properties: topic, createdOn, createdBy, metadata, retentionPolicy. */
export function useChatThread(threadId: string) {
  return useQuery(threadQuery(useScope('useChatThread'), threadId));
}
