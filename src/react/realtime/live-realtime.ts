// The provider's live side: the source as given, and, once its code has loaded (on first use: an
// app without real-time never downloads it), the ChatRealtime that listens to it.
import type { QueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import type { ChatRealtime } from './chat-realtime.ts';
import type { ChatRealtimeSource } from './realtime-source.ts';
import type { ChatScope } from '../types.ts';

export interface Live {
  source?: ChatRealtimeSource;
  live?: ChatRealtime;
}

export function useLiveRealtime(
  source: ChatRealtimeSource | undefined,
  scope: ChatScope | undefined,
  queryClient: QueryClient,
): Live {
  const [live, setLive] = useState<ChatRealtime>();
  useEffect(() => {
    if (source === undefined || scope === undefined) return;
    let stop: (() => void) | undefined;
    let current = true;
    // The connection events are heard from now on, while the rest of the code loads: a Connected
    // that comes meanwhile is not missed. The source is the app's: whatever its on or off throws
    // must not break the app (ChatRealtime then finds it cannot listen, and the hooks poll).
    let heard: 'connected' | 'disconnected' | undefined;
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
      setLive(realtime);
    });
    return () => {
      current = false;
      early();
      stop?.();
      setLive(undefined);
    };
  }, [source, scope, queryClient]);
  return useMemo<Live>(
    () => ({ source, live: live?.source === source ? live : undefined }),
    [source, live],
  );
}

function quietly(call: () => void) {
  try {
    call();
  } catch {
    // What the source threw: see above.
  }
}
