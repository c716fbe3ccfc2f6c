import { useContext } from 'react';
import { ChatContext } from './chat-context.ts';
import type { ChatScope } from './chat-scope.ts';

/** The provider's client, endpoint and user. Throws outside <ChatProvider>. */
export function useChatScope(hook = 'useChatScope'): ChatScope {
  const scope = useContext(ChatContext);
  if (scope === undefined) throw new Error(`${hook} must be used inside <ChatProvider>`);
  return scope;
}
