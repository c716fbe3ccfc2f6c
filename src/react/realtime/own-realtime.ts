// The provider's default source: our own ChatRealtimeClient for the scope's endpoint and
// credential, loaded on demand with the listener (ChatRealtime), started once, stopped on unmount.
// Beyond the official client's events it tells the listener two things: a notification lost
// (resync), and a connection that cannot be made or is retrying after a failure (the hooks poll,
// and useChatConnectionError says why). It outlives its provider by a moment: a provider mounted
// again meanwhile (a route or key change, a hot reload) for the same QueryClient, endpoint,
// credential and user takes the same connection, with caches events kept current, so it neither
// reconnects nor fetches again.
import type { QueryClient } from '@tanstack/react-query';
import {
  type ChatClient,
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

// How long a connection waits for a provider to take it again before it stops.
export const ownRealtimeLingerMs = 2000;

interface Shared {
  own: OwnRealtime;
  // The client of the provider that took it last: the reads it makes go through that one.
  client: { current: ChatClient };
  users: number;
  stopping?: ReturnType<typeof setTimeout>;
}

// By QueryClient, then credential, then endpoint and user.
const shared = new WeakMap<QueryClient, WeakMap<object, Map<string, Shared>>>();

/** The connection for the scope's endpoint, credential and user in this QueryClient, shared. */
export function startOwnRealtime(scope: ChatScope, queryClient: QueryClient): OwnRealtime {
  const { endpoint, credential } = scope.client;
  const byCredential = shared.get(queryClient) ?? new WeakMap<object, Map<string, Shared>>();
  shared.set(queryClient, byCredential);
  const byKey = byCredential.get(credential) ?? new Map<string, Shared>();
  byCredential.set(credential, byKey);
  const key = `${endpoint}\n${scope.userId}`;
  let entry = byKey.get(key);
  if (entry === undefined) {
    const client = { current: scope.client };
    const { userId } = scope;
    const own = start(
      {
        get client() {
          return client.current;
        },
        endpoint: scope.endpoint,
        userId,
      },
      queryClient,
    );
    entry = { own, client, users: 0 };
    byKey.set(key, entry);
  }
  const taken = entry;
  taken.client.current = scope.client;
  clearTimeout(taken.stopping);
  taken.users++;
  let left = false;
  return {
    live: taken.own.live,
    stop() {
      if (left) return;
      left = true;
      if (--taken.users > 0) return;
      taken.stopping = setTimeout(() => {
        if (byKey.get(key) === taken) byKey.delete(key);
        taken.own.stop();
      }, ownRealtimeLingerMs);
    },
  };
}

function start(scope: ChatScope, queryClient: QueryClient): OwnRealtime {
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
