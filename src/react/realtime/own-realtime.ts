// The provider's default source: our own ChatRealtimeClient for the scope's endpoint and
// credential, loaded on demand with the listener (ChatRealtime), started once, stopped on unmount.
// Beyond the official client's events it tells the listener two things: a notification lost
// (resync), and a connection that cannot be made or is retrying after a failure (the hooks poll,
// and useChatConnectionError says why).
import type { QueryClient } from '@tanstack/react-query';
import {
  ChatError,
  ChatRealtimeClient,
  type ChatRealtimeStateChangedEvent,
} from '../../core/index.ts';
import { ChatRealtime } from './chat-realtime.ts';
import type { ChatScope } from '../types.ts';

export interface OwnRealtime {
  live: ChatRealtime;
  stop(): void;
}

export function startOwnRealtime(scope: ChatScope, queryClient: QueryClient): OwnRealtime {
  const { endpoint, credential } = scope.client;
  let source: ChatRealtimeClient | undefined;
  let refused: ChatError | undefined;
  try {
    source = new ChatRealtimeClient(endpoint, credential);
  } catch (error) {
    refused =
      error instanceof ChatError
        ? error
        : new ChatError(`The real-time client could not be made: ${String(error)}`, {
            code: 'RealtimeUnsupported',
            cause: error,
          });
  }
  // Listened to like any source; without one (refused above), nothing is heard and the hooks poll.
  const live = new ChatRealtime(scope, queryClient, source ?? { on: () => {}, off: () => {} });
  const stopListening = live.start();
  if (!source) {
    live.fail(refused!);
    return { live, stop: stopListening };
  }
  let stopped = false;
  const onLoss = () => live.resync();
  const onState = ({ state, error }: ChatRealtimeStateChangedEvent) => {
    if (error && state !== 'connected') live.fail(error);
  };
  source.on('realTimeNotificationMessageLoss', onLoss);
  source.on('stateChanged', onState);
  source.start().catch((error: unknown) => {
    if (!stopped && error instanceof ChatError) live.fail(error);
  });
  const client = source;
  return {
    live,
    stop() {
      stopped = true;
      client.off('realTimeNotificationMessageLoss', onLoss);
      client.off('stateChanged', onState);
      stopListening();
      void client.stop();
    },
  };
}
