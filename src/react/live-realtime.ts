// The provider's live side: the source as given, and, once its code has loaded (on first use: an
// app without real-time never downloads it), the ChatRealtime that listens to it.
import type { QueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import type { ChatRealtime } from './chat-realtime.ts';
import type { ChatScope } from './chat-provider.tsx';
import type { ChatRealtimeSource } from './realtime-source.ts';

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
    // that comes meanwhile is not missed.
    let heard: 'connected' | 'disconnected' | undefined;
    const up = () => void (heard = 'connected');
    const down = () => void (heard = 'disconnected');
    const early = () => {
      source.off('realTimeNotificationConnected', up);
      source.off('realTimeNotificationDisconnected', down);
    };
    source.on('realTimeNotificationConnected', up);
    source.on('realTimeNotificationDisconnected', down);
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
