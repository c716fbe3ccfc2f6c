import { useQuery } from '@tanstack/react-query';
import type { ChatThreadProperties } from '../../core/index.ts';
import { threadQuery, type ChatQueryHookOptions } from '../chat-queries.ts';
import type { ChatKey } from '../chat-keys.ts';
import { useScope } from '../chat-provider.tsx';

/** The thread's properties: topic, createdOn, createdBy, metadata, retentionPolicy. */
export function useChatThread(
  threadId: string,
  options?: ChatQueryHookOptions<ChatThreadProperties, ChatKey<'thread'>>,
) {
  return useQuery({ ...threadQuery(useScope('useChatThread'), threadId), ...options });
}
