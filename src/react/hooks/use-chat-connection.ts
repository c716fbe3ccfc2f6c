import { useSyncExternalStore } from 'react';
import type { ChatError } from '../../core/index.ts';
import type { ChatConnectionState } from '../realtime/chat-realtime.ts';
import { useRealtime } from '../chat-provider.tsx';

/**
 * The real-time connection: `'connected'` (events flow; the hooks do not poll), `'connecting'`,
 * `'disconnected'` (reconnecting, a connection that failed, or a source whose `on` threw; the
 * hooks poll meanwhile: useChatConnectionError says why), or `'off'` with `realtime={false}`, or
 * by default where the platform has no WebSocket.
 */
export function useChatConnection(): ChatConnectionState {
  const { wanted, live } = useRealtime('useChatConnection');
  // Before its code has loaded, a source is connecting.
  const read = () => live?.state ?? (wanted ? 'connecting' : 'off');
  return useSyncExternalStore(live?.subscribe ?? noChanges, read, read);
}

/**
 * Why the real-time connection is not made, while it is not (the provider's own client refused
 * its start, or a try failed and it is retrying; the hooks poll meanwhile); undefined otherwise.
 */
export function useChatConnectionError(): ChatError | undefined {
  const { live } = useRealtime('useChatConnectionError');
  const read = () => live?.error;
  return useSyncExternalStore(live?.subscribe ?? noChanges, read, read);
}

const noChanges = () => () => {};
