import { useSyncExternalStore } from 'react';
import type { ChatConnectionState } from '../realtime/chat-realtime.ts';
import { useRealtime } from '../chat-provider.tsx';

/**
 * The real-time connection: `'connected'` (events flow; the hooks do not poll), `'connecting'`,
 * `'disconnected'` (reconnecting, or a source whose `on` threw; the hooks poll meanwhile), or
 * `'off'` without a `realtime` source on the ChatProvider.
 */
export function useChatConnection(): ChatConnectionState {
  const { source, live } = useRealtime('useChatConnection');
  // Before its code has loaded, a source is connecting.
  const read = () => live?.state ?? (source ? 'connecting' : 'off');
  return useSyncExternalStore(live?.subscribe ?? noChanges, read, read);
}

const noChanges = () => () => {};
