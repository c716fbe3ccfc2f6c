// The official ChatClient (@azure/communication-chat) as ChatProvider's real-time source, loaded
// lazily (a dynamic import: the first paint does not pay for it) and started for the session.
// It is used only for events: the hooks' REST calls stay on our client.
import { useEffect, useState } from 'react';
import type { ChatRealtimeSource } from '../../src/react/index.ts';
import type { ChatSession } from './session.ts';

const loopback = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/;

/**
 * Emulator-only: the official client refuses plain http (its config fetch), which the demo's
 * dev server speaks on localhost. This lets it through for loopback hosts only; an app on a real
 * ACS resource (https) needs nothing of the kind.
 */
const loopbackHttp = {
  policy: {
    name: 'allowLoopbackHttp',
    sendRequest: (
      request: { url: string; allowInsecureConnection?: boolean },
      next: (request: unknown) => Promise<unknown>,
    ) => {
      if (loopback.test(new URL(request.url).hostname)) request.allowInsecureConnection = true;
      return next(request);
    },
  },
  position: 'perCall',
};

/** Starts the official client's real-time notifications for `session`; undefined until loaded. */
export function useOfficialRealtime(
  session: ChatSession,
  enabled: boolean,
): ChatRealtimeSource | undefined {
  const [source, setSource] = useState<ChatRealtimeSource>();
  useEffect(() => {
    if (!enabled) return;
    let stop: (() => Promise<void>) | undefined;
    let cancelled = false;
    void (async () => {
      const [{ ChatClient }, { AzureCommunicationTokenCredential }] = await Promise.all([
        import('@azure/communication-chat'),
        import('@azure/communication-common'),
      ]);
      if (cancelled) return;
      const { token } = await session.credential.getToken();
      const credential = new AzureCommunicationTokenCredential({
        token,
        tokenRefresher: async () => (await session.credential.getToken()).token,
      });
      // `signalingClientOptions` is read by the client but not in its typings.
      const options = { signalingClientOptions: { additionalPolicies: [loopbackHttp] } };
      const client = new ChatClient(session.endpoint, credential, options as object);
      // Starting sets the client up for listeners at once; the connection follows.
      const started = client.startRealtimeNotifications();
      stop = async () => {
        await started.catch(() => {});
        await client.stopRealtimeNotifications();
      };
      if (cancelled) return void stop();
      setSource(client);
    })();
    return () => {
      cancelled = true;
      setSource(undefined);
      void stop?.();
    };
  }, [session, enabled]);
  return source;
}
