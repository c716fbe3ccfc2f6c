import { useCallback, useSyncExternalStore } from 'react';
import type { TypingIndicator } from './chat-realtime.ts';
import { useRealtime } from './chat-provider.tsx';

/**
 * Who else is typing in the thread now: each entry holds until 8 s after that person's last
 * typing notification, or until their message arrives. Empty without a `realtime` source.
 */
export function useTypingIndicators(threadId: string): readonly TypingIndicator[] {
  const realtime = useRealtime('useTypingIndicators');
  const read = useCallback(() => realtime.typing(threadId), [realtime, threadId]);
  return useSyncExternalStore(realtime.subscribe, read, read);
}
