import type { ChatClient } from '../core/index.ts';
import { useScope } from './use-chat-scope.ts';

/** The provider's core ChatClient. Throws `Error('useChatClient must be used inside <ChatProvider>')` outside one. */
export function useChatClient(): ChatClient {
  return useScope('useChatClient').client;
}
