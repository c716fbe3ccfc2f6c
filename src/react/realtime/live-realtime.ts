// The provider's live side: the source as given (or, by default, our own client for the provider's
// endpoint and credential), and, once its code has loaded (on first use: an app without real-time
// never downloads it), the ChatRealtime that listens to it.
import type { QueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { ChatRealtime } from './chat-realtime.ts';
import type { ChatRealtimeSource } from './realtime-source.ts';
import type { ChatScope } from '../types.ts';

export interface Live {
  /** A source is given, or ours is on its way: until `live` is there, the state is 'connecting'. */
  wanted?: boolean;
  live?: ChatRealtime;
}

/**
 * `source`: the app's source; `false`: none (polling); undefined: our ChatRealtimeClient where the
 * platform has a WebSocket, decided when the effect runs (never during SSR, nor at import).
 */
export function useLiveRealtime(
  source: ChatRealtimeSource | false | undefined,
  scope: ChatScope | undefined,
  queryClient: QueryClient,
): Live {
  const [live, setLive] = useState<{
    for: ChatRealtimeSource | false | undefined;
    live: ChatRealtime;
  }>();
  // Read on the client only (false on the server and while hydrating, so both render alike).
  const platformSockets = useSyncExternalStore(noChanges, hasWebSocket, () => false);
  useEffect(() => {
    if (source === false || scope === undefined) return;
    if (source === undefined) {
      if (!platformSockets || !hasWebSocket()) return;
      let stop: (() => void) | undefined;
      let current = true;
      // Loaded and started after the first render; StrictMode's first effect is gone by then.
      void import('./own-realtime.ts').then(({ startOwnRealtime }) => {
        if (!current) return;
        const started = startOwnRealtime(scope, queryClient);
        stop = started.stop;
        setLive({ for: undefined, live: started.live });
      });
      return () => {
        current = false;
        stop?.();
        setLive(undefined);
      };
    }
    return listenTo(source, scope, queryClient, (realtime) =>
      setLive(realtime && { for: source, live: realtime }),
    );
  }, [source, scope, queryClient, platformSockets]);
  const current = live?.for === source ? live?.live : undefined;
  const wanted = source !== false && (source !== undefined || platformSockets);
  return useMemo<Live>(() => ({ wanted, live: current }), [wanted, current]);
}

/** Listens to the app's source once the listener's code is in; returns the function that stops. */
function listenTo(
  source: ChatRealtimeSource,
  scope: ChatScope,
  queryClient: QueryClient,
  loaded: (realtime: ChatRealtime | undefined) => void,
): () => void {
  let stop: (() => void) | undefined;
  let current = true;
  // The connection events are heard from now on, while the rest of the code loads: a Connected
  // that comes meanwhile is not missed. The source is the app's: whatever its on or off throws
  // must not break the app (ChatRealtime then finds it cannot listen, and the hooks poll).
  // A source that says what state it is in (our ChatRealtimeClient's `state`) may have connected
  // before this listened, and says Connected no more.
  const state = (source as { state?: unknown }).state;
  let heard: 'connected' | 'disconnected' | undefined =
    state === 'connected' || state === 'disconnected' ? state : undefined;
  const up = () => void (heard = 'connected');
  const down = () => void (heard = 'disconnected');
  const early = () => {
    quietly(() => source.off('realTimeNotificationConnected', up));
    quietly(() => source.off('realTimeNotificationDisconnected', down));
  };
  quietly(() => source.on('realTimeNotificationConnected', up));
  quietly(() => source.on('realTimeNotificationDisconnected', down));
  // Loaded with the first source: an app without real-time never downloads this code.
  void import('./chat-realtime.ts').then(({ ChatRealtime }) => {
    if (!current) return;
    early();
    const realtime = new ChatRealtime(scope, queryClient, source, heard);
    stop = realtime.start();
    loaded(realtime);
  });
  return () => {
    current = false;
    early();
    stop?.();
    loaded(undefined);
  };
}

const hasWebSocket = () => typeof globalThis.WebSocket === 'function';
const noChanges = () => () => {};

function quietly(call: () => void) {
  try {
    call();
  } catch {
    // What the source threw: see above.
  }
}
