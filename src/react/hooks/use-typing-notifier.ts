import { useCallback, useEffect, useRef } from 'react';
import { isChatError, ChatError } from '../../core/index.ts';
import { useChatThreadClient } from './use-chat-thread-client.ts';

export interface UseTypingNotifierOptions {
  senderDisplayName?: string;
  /** Called when a notification fails; typing is best effort, so it never throws. */
  onError?: (error: ChatError) => void;
}

/**
 * Returns `notifyTyping()`, to call on every keystroke: it sends at most one typing notification
 * per 8 s per thread (as the official SDK; sending a message resets that), and resolves to whether
 * it sent one. It never rejects: failures go to `onError`.
 */
export function useTypingNotifier(
  threadId: string,
  options: UseTypingNotifierOptions = {},
): () => Promise<boolean> {
  const thread = useChatThreadClient(threadId);
  // The latest options without re-creating the callback each render (inline onError is common).
  const latest = useRef(options);
  useEffect(() => {
    latest.current = options;
  });
  return useCallback(async () => {
    const { senderDisplayName, onError } = latest.current;
    try {
      return await thread.sendTypingNotification({ senderDisplayName });
    } catch (error) {
      onError?.(
        isChatError(error)
          ? error
          : new ChatError(String(error), { code: 'TypingNotificationFailed', cause: error }),
      );
      return false;
    }
  }, [thread]);
}
