import { useMemo } from 'react';
import type { ChatThreadClient } from '../core/index.ts';
import { useScope } from './use-chat-scope.ts';

/** The core ChatThreadClient for a thread; the same object across renders for the same thread. */
export function useChatThreadClient(threadId: string): ChatThreadClient {
  const { client } = useScope('useChatThreadClient');
  return useMemo(() => client.getChatThreadClient(threadId), [client, threadId]);
}
