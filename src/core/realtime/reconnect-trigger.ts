// The default "reconnect now" trigger: in a browser, the network coming back (`online`) and the
// tab returning to the foreground (`visibilitychange` to visible). Looked up when the client
// starts, never at import: where the globals are missing (Node, React Native) it listens to nothing.
import type { ReconnectTrigger } from './chat-realtime-client-options.ts';

interface Listenable {
  addEventListener?: (type: string, listener: () => void) => void;
  removeEventListener?: (type: string, listener: () => void) => void;
}

export const browserReconnectTrigger: ReconnectTrigger = (wake) => {
  const scope = globalThis as Listenable & { document?: Listenable & { visibilityState?: string } };
  const page = scope.document;
  const onVisible = () => {
    if (page?.visibilityState !== 'hidden') wake();
  };
  if (typeof scope.addEventListener === 'function') scope.addEventListener('online', wake);
  if (typeof page?.addEventListener === 'function')
    page.addEventListener('visibilitychange', onVisible);
  return () => {
    scope.removeEventListener?.('online', wake);
    page?.removeEventListener?.('visibilitychange', onVisible);
  };
};
