import { useQuery } from '@tanstack/react-query';
import type { ChatParticipant } from '../../core/index.ts';
import { participantsQuery, type ChatQueryHookOptions } from '../chat-queries.ts';
import type { ChatKey } from '../chat-keys.ts';
import { useScope } from '../chat-provider.tsx';

/** Everyone in the thread (every page), with display names and shareHistoryTime. */
export function useChatParticipants(
  threadId: string,
  options?: ChatQueryHookOptions<ChatParticipant[], ChatKey<'participants'>>,
) {
  return useQuery({ ...participantsQuery(useScope('useChatParticipants'), threadId), ...options });
}
