import { useContext } from 'react';
import { ChatContext } from './chat-context.ts';
import type { ChatScope } from './chat-scope.ts';

/** The scope for a hook, or the error naming that hook outside <ChatProvider>. */
export function useScope(hook: string): ChatScope {
  const scope = useContext(ChatContext);
  if (scope === undefined) throw new Error(`${hook} must be used inside <ChatProvider>`);
  return scope;
}

/** The provider's client, endpoint and user. Throws outside <ChatProvider>. */
export function useChatScope(): ChatScope {
  return useScope('useChatScope');
}
