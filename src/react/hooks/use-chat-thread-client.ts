import { useMemo } from 'react';
import type { ChatThreadClient } from '../../core/index.ts';
import { useScope } from '../chat-provider.tsx';

/** The core ChatThreadClient for a thread; the same object across renders for the same thread. */
export function useChatThreadClient(threadId: string): ChatThreadClient {
  const { client } = useScope('useChatThreadClient');
  return useMemo(() => client.getChatThreadClient(threadId), [client, threadId]);
}
