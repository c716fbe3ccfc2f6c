import { createContext } from 'react';
import type { ChatScope } from './chat-scope.ts';

/** Set by ChatProvider. undefined outside one, which the hooks turn into a clear error. */
export const ChatContext = createContext<ChatScope | undefined>(undefined);
