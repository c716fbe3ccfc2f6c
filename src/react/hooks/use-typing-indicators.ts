import { useCallback, useSyncExternalStore } from 'react';
import type { TypingIndicator } from '../realtime/chat-realtime.ts';
import { useRealtime } from '../chat-provider.tsx';

/**
 * Who else is typing in the thread now: each entry holds until 8 s after that person's last
 * typing notification, or until their message arrives. Empty without a `realtime` source.
 */
export function useTypingIndicators(threadId: string): readonly TypingIndicator[] {
  const { live } = useRealtime('useTypingIndicators');
  const read = useCallback(() => live?.typing(threadId) ?? noOne, [live, threadId]);
  return useSyncExternalStore(live?.subscribe ?? noChanges, read, read);
}

const noOne: readonly TypingIndicator[] = [];
const noChanges = () => () => {};
